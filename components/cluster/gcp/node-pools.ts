/**
 * Node pools: a system pool for add-ons, and one pool per planned worker pool (GPU or CPU, spot or
 * on demand) with the plan's machine type and bounds. Each is its own resource with a name prefix, so a replacement is created before
 * the old pool is deleted and a pool change never touches the cluster. GKE's cluster autoscaler
 * moves each pool between its bounds; from zero too, since GKE knows a pool's node template.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { InstanceType } from "../../catalog/types";
import type { PlanPool } from "../../capacity/types";
import type { ValidSpec } from "../../spec/types";
import {
  CPU_BOOT_DISK_GB,
  CPU_BOOT_DISK_TYPE,
  CPU_UPGRADE,
  GPU_BOOT_DISK_GB,
  GPU_BOOT_DISK_TYPE,
  GPU_UPGRADE,
  GpuDriverVersion,
  NODE_IMAGE_TYPE,
  SYSTEM_BOOT_DISK_GB,
  SYSTEM_BOOT_DISK_TYPE,
  SYSTEM_UPGRADE,
  machineFamily,
  nodePoolPrefix,
} from "./gke-facts";
import { gkeTaint, systemNodeLabels, workerNodeLabels, workerNodeTaints } from "./placement";
import { SYSTEM_POOL_NAME } from "./validate-pools";

/**
 * Set by GKE's autoscaler, never by us: `nodeCount` follows the autoscaler, `initialNodeCount` is
 * per zone and ForceNew, and `version` follows the release channel (auto-upgrade).
 */
export const GKE_NODE_POOL_IGNORE_CHANGES: readonly string[] = Object.freeze(["nodeCount", "initialNodeCount", "version"]);

/** Hardening every pool shares: the node SA, Workload Identity's metadata server, shielded VMs, CMEK boot disks. */
interface SharedNodeSettings {
  readonly serviceAccount: pulumi.Input<string>;
  readonly bootDiskKmsKey: pulumi.Input<string>;
}

export interface NodePoolsArgs extends SharedNodeSettings {
  readonly spec: ValidSpec;
  readonly project: string;
  readonly cluster: gcp.container.Cluster;
  readonly gpuDriverVersion: GpuDriverVersion;
  readonly dependsOn: readonly pulumi.Resource[];
}

function nodeConfigBase(s: SharedNodeSettings) {
  return {
    serviceAccount: s.serviceAccount,
    // Access is governed by the service account's IAM roles; cloud-platform is the scope Google
    // recommends with a dedicated account (scopes only ever narrow IAM).
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    imageType: NODE_IMAGE_TYPE,
    bootDiskKmsKey: s.bootDiskKmsKey,
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    // GKE-managed GPU drivers on COS are Google-signed, so GPU nodes keep Secure Boot too.
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    metadata: { "disable-legacy-endpoints": "true" },
  };
}

function poolOptions(parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent, dependsOn: [...dependsOn], ignoreChanges: [...GKE_NODE_POOL_IGNORE_CHANGES] };
}

export function systemNodePool(name: string, args: NodePoolsArgs, parent: pulumi.Resource): gcp.container.NodePool {
  const { systemPool } = args.spec;
  return new gcp.container.NodePool(
    `${name}-system`,
    {
      project: args.project,
      location: args.spec.region,
      cluster: args.cluster.name,
      namePrefix: nodePoolPrefix(SYSTEM_POOL_NAME),
      // Per zone: a node in each of the cluster's zones, so add-ons run before the autoscaler acts.
      initialNodeCount: 1,
      autoscaling: { totalMinNodeCount: systemPool.minNodes, totalMaxNodeCount: systemPool.maxNodes, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { ...SYSTEM_UPGRADE },
      nodeConfig: {
        ...nodeConfigBase(args),
        machineType: systemPool.instanceType,
        diskType: SYSTEM_BOOT_DISK_TYPE,
        diskSizeGb: SYSTEM_BOOT_DISK_GB,
        labels: systemNodeLabels(),
        resourceLabels: { "ml-clusters-pool": SYSTEM_POOL_NAME },
      },
    },
    poolOptions(parent, args.dependsOn),
  );
}

/**
 * A pool for one planned GPU pool. It starts with no nodes (`initialNodeCount: 0`): the
 * autoscaler adds them for pending pods with `locationPolicy: ANY`, in whichever zone has GPUs,
 * so creating the pool never waits on GPU stock in one zone; the plan's minimum holds from then on.
 * A spot pool is a Spot VM pool (`spot: true`); its fallback an ordinary on-demand pool. Both
 * join their compute class (`computeClass`) by label and taint.
 */
export function gpuNodePool(
  name: string,
  pool: PlanPool,
  type: InstanceType,
  zones: pulumi.Input<string[]>,
  args: NodePoolsArgs,
  parent: pulumi.Resource,
  computeClass?: string,
): gcp.container.NodePool {
  const family = machineFamily(type.machineType);
  if (family === undefined || type.acceleratorType === undefined) {
    throw new Error(`gpuNodePool: "${type.name}" has no machine family or accelerator (validation should have caught it)`);
  }
  return workerNodePool(`${name}-gpu-${pool.name}`, pool, zones, args, parent, computeClass, {
    upgradeSettings: { ...GPU_UPGRADE },
    machineType: type.machineType,
    guestAccelerators: [{ type: type.acceleratorType, count: type.gpus, gpuDriverInstallationConfig: { gpuDriverVersion: args.gpuDriverVersion } }],
    diskType: GPU_BOOT_DISK_TYPE[family],
    diskSizeGb: GPU_BOOT_DISK_GB,
  });
}

/**
 * A pool for one planned CPU pool: the plan's N2 machine type on the same COS image and hardening
 * as every pool, without an accelerator (so GKE installs no driver and adds no GPU taint) and
 * without a taint of its own: only the pods that select its pool label run there, since every
 * other workload selects its own pool and add-ons select the system pool. Like GPU pools it starts
 * empty with `locationPolicy: ANY` and holds the plan's minimum once the autoscaler runs.
 */
export function cpuNodePool(
  name: string,
  pool: PlanPool,
  zones: pulumi.Input<string[]>,
  args: NodePoolsArgs,
  parent: pulumi.Resource,
  computeClass?: string,
): gcp.container.NodePool {
  return workerNodePool(`${name}-cpu-${pool.name}`, pool, zones, args, parent, computeClass, {
    upgradeSettings: { ...CPU_UPGRADE },
    machineType: pool.instanceType,
    diskType: CPU_BOOT_DISK_TYPE,
    diskSizeGb: CPU_BOOT_DISK_GB,
  });
}

/** What differs between a GPU and a CPU worker pool: the upgrade, the machine and its disk. */
interface WorkerShape {
  readonly upgradeSettings: gcp.types.input.container.NodePoolUpgradeSettings;
  readonly machineType: string;
  readonly guestAccelerators?: gcp.types.input.container.NodePoolNodeConfigGuestAccelerator[];
  readonly diskType: string;
  readonly diskSizeGb: number;
}

/** A worker pool of either kind: everything but its shape is the same for GPU and CPU pools. */
function workerNodePool(
  resourceName: string,
  pool: PlanPool,
  zones: pulumi.Input<string[]>,
  args: NodePoolsArgs,
  parent: pulumi.Resource,
  computeClass: string | undefined,
  shape: WorkerShape,
): gcp.container.NodePool {
  return new gcp.container.NodePool(
    resourceName,
    {
      project: args.project,
      location: args.spec.region,
      cluster: args.cluster.name,
      namePrefix: nodePoolPrefix(pool.name),
      nodeLocations: zones,
      initialNodeCount: 0,
      autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: shape.upgradeSettings,
      nodeConfig: {
        ...nodeConfigBase(args),
        machineType: shape.machineType,
        ...(shape.guestAccelerators !== undefined ? { guestAccelerators: shape.guestAccelerators } : {}),
        spot: pool.spot,
        diskType: shape.diskType,
        diskSizeGb: shape.diskSizeGb,
        labels: workerNodeLabels(pool, computeClass),
        taints: workerNodeTaints(pool, computeClass).map(gkeTaint),
        resourceLabels: { "ml-clusters-pool": pool.name },
      },
    },
    poolOptions(parent, args.dependsOn),
  );
}

/**
 * Zones of the region whose Compute Engine offers the machine type. A GPU node pool whose
 * locations include a zone without its GPU fails to create, and GPU shapes are in a subset of
 * zones. Limitation: for N1 machine types with attached GPUs this checks the N1 machine, not the
 * T4/V100, which some zones lack; such a pool may need fewer zones than listed here.
 */
export function machineTypeZones(machineType: string, region: string, project: string, parent: pulumi.Resource): pulumi.Output<string[]> {
  const zones = gcp.compute.getZonesOutput({ project, region, status: "UP" }, { parent });
  return zones.names.apply(async (names) => {
    const found = await Promise.all(
      names.map(async (zone) => {
        const r = await gcp.compute.getMachineTypes({ project, zone, filter: `name = "${machineType}"` }, { parent });
        return r.machineTypes.length > 0 ? zone : undefined;
      }),
    );
    const offered = found.filter((z): z is string => z !== undefined).sort();
    if (offered.length === 0) {
      // A RunError: Pulumi prints it without a stack trace; the fix is in the spec, not the code.
      throw new pulumi.RunError(`no zone of ${region} offers machine type "${machineType}" to project ${project}; plan with another machine type or region`);
    }
    return offered;
  });
}
