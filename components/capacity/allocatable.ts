/**
 * What a pod can request on a node: the machine's capacity minus what the cloud's node image
 * reserves for the OS and kubelet, minus kubelet's eviction threshold, minus the requests of the
 * per-node daemons ml-clusters installs (catalog/daemons.ts). The planner packs pods against this,
 * never against the raw machine size.
 */
import type { Allocatable, Cloud, SystemInstanceType, WorkerType } from "../catalog/types";
import { daemonsFor } from "../catalog/daemons";
import { awsMaxPods } from "./aws-max-pods";

/**
 * Share of nominal memory the node never reports to kubelet (kernel, firmware, hypervisor).
 * Karpenter's default estimate, VM_MEMORY_OVERHEAD_PERCENT = 0.075 (aws/karpenter-provider-aws
 * pkg/operator/options/options.go @1d927085, 2026-08-21; shared/reference/sizing.md [S3]). Applied
 * on all three clouds: GKE's own example node (e2-standard-4, 16 GB) reports 13498416Ki allocatable
 * (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, read 2026-11), 439 MiB less
 * than its published reservation alone would leave, so a gap of this kind exists there too.
 */
export const VM_MEMORY_OVERHEAD_FRACTION = 0.075;

/**
 * kubelet's hard eviction threshold `memory.available<100Mi`: the EKS AL2023 AMI (Karpenter's
 * evictionThreshold, same source as above), GKE ("an additional 100 MiB ... for kubelet eviction",
 * plan-node-sizes, read 2026-11) and AKS 1.29 and later (learn.microsoft.com/azure/aks/
 * node-resource-reservations, read 2026-11) all use 100 MiB.
 */
export const EVICTION_THRESHOLD_MIB = 100;

/**
 * AKS max pods per node assumed for its memory reservation: 250, the Azure CNI Overlay default
 * (kubenet: 110, Azure CNI node subnet: 30; AKS NAP AKSNodeClass docs, docs.azure.cn, read
 * 2026-11). The largest default gives the largest reservation, so allocatable is never overstated.
 */
export const AKS_MAX_PODS = 250;

/** What a node of one type holds back from pods, by cause, in MiB and millicores. */
export interface NodeReservation {
  readonly vmOverheadMiB: number;
  readonly kubeReservedMiB: number;
  readonly evictionMiB: number;
  readonly kubeReservedCpuMillis: number;
  readonly daemonsMiB: number;
  readonly daemonsCpuMillis: number;
}

/**
 * kube-reserved CPU of the EKS AL2023 AMI and of GKE, the same tiers on both: 6% of the first core,
 * 1% of the second, 0.5% of cores 3 and 4, 0.25% of every core above 4. EKS: Karpenter's
 * kubeReservedResources (aws/karpenter-provider-aws pkg/providers/instancetype/types.go @1d927085,
 * 2026-08-21), matching the AMI's bootstrap; GKE: plan-node-sizes, "CPU reservations" (read 2026-11).
 */
export function tieredCpuReservedMillis(vcpus: number): number {
  const tiers: readonly (readonly [uptoCores: number, share: number])[] = [
    [1, 0.06],
    [2, 0.01],
    [4, 0.005],
    [Number.POSITIVE_INFINITY, 0.0025],
  ];
  let reserved = 0;
  let from = 0;
  for (const [upto, share] of tiers) {
    if (vcpus <= from) break;
    reserved += (Math.min(vcpus, upto) - from) * 1000 * share;
    from = upto;
  }
  return Math.ceil(reserved - 1e-9);
}

/**
 * GKE kube-reserved memory: 255 MiB below 1 GiB of memory; else 25% of the first 4 GiB, 20% of the
 * next 4, 10% of the next 8, 6% of the next 112 and 2% of everything above 128 GiB
 * (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, "Memory reservations", read 2026-11).
 */
export function gkeReservedMemoryMiB(memoryMiB: number): number {
  if (memoryMiB < 1024) return 255;
  const tiers: readonly (readonly [uptoMiB: number, share: number])[] = [
    [4 * 1024, 0.25],
    [8 * 1024, 0.2],
    [16 * 1024, 0.1],
    [128 * 1024, 0.06],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  let reserved = 0;
  let from = 0;
  for (const [upto, share] of tiers) {
    if (memoryMiB <= from) break;
    reserved += (Math.min(memoryMiB, upto) - from) * share;
    from = upto;
  }
  return Math.ceil(reserved - 1e-9);
}

/**
 * AKS kube-reserved CPU, published per core count: 1 → 60m, 2 → 100m, 4 → 140m, 8 → 180m,
 * 16 → 260m, 32 → 420m, 64 → 740m (learn.microsoft.com/azure/aks/node-resource-reservations, read
 * 2026-11). From 8 cores on the table is exactly 100m + 10m per core, used for sizes between and
 * above its columns (24, 40, 96 cores); below 8 a size takes the next column up.
 */
export function aksReservedCpuMillis(vcpus: number): number {
  if (vcpus >= 8) return 100 + 10 * Math.ceil(vcpus);
  if (vcpus <= 1) return 60;
  if (vcpus <= 2) return 100;
  if (vcpus <= 4) return 140;
  return 180;
}

/**
 * AKS 1.29+ kube-reserved memory: the smaller of 20 MB per max pod + 50 MB and 25% of the node's
 * memory (node-resource-reservations, read 2026-11). Read as MiB, the larger unit, so the
 * reservation is never understated.
 */
export function aksReservedMemoryMiB(memoryMiB: number, maxPods: number): number {
  return Math.ceil(Math.min(20 * maxPods + 50, 0.25 * memoryMiB));
}

/**
 * EKS AL2023 kube-reserved memory: 11 MiB per max pod + 255 MiB, max pods from the ENI table
 * (Karpenter's kubeReservedResources, as above; the AMI's nodeadm computes the same).
 */
export function eksReservedMemoryMiB(instanceType: string): number {
  return 11 * awsMaxPods(instanceType) + 255;
}

/** The reservation of a worker node of this type, by cause: GPU nodes also run the GPU daemons. */
export function nodeReservation(type: WorkerType): NodeReservation {
  return reservationOf(type.cloud, { machineType: type.machineType, vcpus: type.vcpus, memoryGiB: type.memoryGiB }, type.gpus > 0);
}

interface Machine {
  readonly machineType: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
}

function reservationOf(cloud: Cloud, machine: Machine, gpuNode: boolean): NodeReservation {
  const memoryMiB = machine.memoryGiB * 1024;
  const daemons = daemonsFor(cloud, gpuNode);
  const common = {
    vmOverheadMiB: Math.ceil(memoryMiB * VM_MEMORY_OVERHEAD_FRACTION - 1e-9),
    evictionMiB: EVICTION_THRESHOLD_MIB,
    daemonsMiB: daemons.reduce((sum, d) => sum + d.memoryMiB, 0),
    daemonsCpuMillis: daemons.reduce((sum, d) => sum + d.cpuMillis, 0),
  };
  return { ...common, ...kubeReserved(cloud, machine, memoryMiB) };
}

function kubeReserved(cloud: Cloud, machine: Machine, memoryMiB: number): Pick<NodeReservation, "kubeReservedMiB" | "kubeReservedCpuMillis"> {
  switch (cloud) {
    case "aws":
      return { kubeReservedMiB: eksReservedMemoryMiB(machine.machineType), kubeReservedCpuMillis: tieredCpuReservedMillis(machine.vcpus) };
    case "gcp":
      return { kubeReservedMiB: gkeReservedMemoryMiB(memoryMiB), kubeReservedCpuMillis: tieredCpuReservedMillis(machine.vcpus) };
    case "azure":
      return { kubeReservedMiB: aksReservedMemoryMiB(memoryMiB, AKS_MAX_PODS), kubeReservedCpuMillis: aksReservedCpuMillis(machine.vcpus) };
    default: {
      const never: never = cloud;
      throw new Error(`no reservation formula for cloud ${String(never)}`);
    }
  }
}

function remaining(machine: Machine, r: NodeReservation, gpus: number): Allocatable {
  const memoryMiB = Math.floor(machine.memoryGiB * 1024 - r.vmOverheadMiB - r.kubeReservedMiB - r.evictionMiB - r.daemonsMiB);
  const cpuMillis = Math.floor(machine.vcpus * 1000 - r.kubeReservedCpuMillis - r.daemonsCpuMillis);
  return Object.freeze({ cpuMillis: Math.max(0, cpuMillis), memoryMiB: Math.max(0, memoryMiB), gpus });
}

const CACHE = new Map<string, Allocatable>();

/** What pods can request on one worker node of this type, after reservations and daemons. */
export function allocatable(type: WorkerType): Allocatable {
  const key = `${type.cloud}/${type.name}/${type.vcpus}/${type.memoryGiB}/${type.gpus}`;
  const cached = CACHE.get(key);
  if (cached !== undefined) return cached;
  const result = remaining(type, nodeReservation(type), type.gpus);
  CACHE.set(key, result);
  return result;
}

/** Whether one pod with these requests fits an empty node with this allocatable. */
export function podFits(pod: Allocatable, node: Allocatable): boolean {
  return pod.gpus <= node.gpus && pod.cpuMillis <= node.cpuMillis && pod.memoryMiB <= node.memoryMiB;
}

/** What the platform's add-ons can request on one system node of this machine (no GPU daemons). */
export function systemAllocatable(cloud: Cloud, type: SystemInstanceType): Allocatable {
  const machine = { machineType: type.name, vcpus: type.vcpus, memoryGiB: type.memoryGiB };
  return remaining(machine, reservationOf(cloud, machine, false), 0);
}
