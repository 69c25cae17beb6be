/**
 * Pure helpers shared by the workload components: where a pod lands, how it is probed, how it is
 * locked down (how long Pulumi waits for it: timeouts.ts). Plain data in, plain data out; no
 * resources here.
 */
import type * as k8s from "@pulumi/kubernetes";
import { ClusterContract, NodeSelectorTerm, Toleration, placementOf } from "../cluster/contract";
import type { ValidService, ValidTrainingJob, SecurityProfile } from "../spec/types";
import {
  DRAIN_SECONDS,
  LIVENESS_PROBE,
  MANAGED_BY,
  PART_OF,
  PRESTOP_SLEEP_SECONDS,
  READINESS_PROBE,
  RESTRICTED_HOME,
  RESTRICTED_UID,
  SHM_FRACTION_OF_MEMORY,
  SHM_MAX_BYTES,
  STARTUP_PROBE_PERIOD_SECONDS,
} from "./defaults";

export type Labels = Readonly<Record<string, string>>;
type Workload = ValidService | ValidTrainingJob;
export type PodSpec = k8s.types.input.core.v1.PodSpec;

/** What a workload's pods are: the `app.kubernetes.io/component` label value. */
export type WorkloadComponent = "model-server" | "training";

/** The recommended labels (kubernetes.io "Recommended Labels") on every object of a workload. */
export function recommendedLabels(name: string, component: WorkloadComponent): Labels {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** The selector of a workload's pods: a subset of its template labels that never changes. */
export function selectorLabels(name: string): Labels {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}

export interface Placement {
  readonly nodeSelector: Labels;
  /** Required node affinity terms, when the pods may land on several pools. */
  readonly requiredNodeAffinity?: readonly NodeSelectorTerm[];
  readonly tolerations: readonly Toleration[];
}

/**
 * Where a workload's pods land: the planned pool (GPU or CPU), or a spot pool and its on-demand
 * fallback as the cluster places pods over both; the system pool only for a hand-built workload
 * without a GPU that names no pool. Call after validation: an unknown pool is a bug here.
 */
export function workloadPlacement(contract: ClusterContract, pool: string | undefined, fallbackPool?: string): Placement {
  if (pool === undefined) return { nodeSelector: { ...contract.system.nodeSelector }, tolerations: [...contract.system.tolerations] };
  const p = placementOf(contract, fallbackPool === undefined ? [pool] : [pool, fallbackPool]);
  return {
    nodeSelector: { ...p.nodeSelector },
    ...(p.requiredNodeAffinity !== undefined ? { requiredNodeAffinity: p.requiredNodeAffinity.map((t) => ({ matchExpressions: t.matchExpressions.map((e) => ({ ...e })) })) } : {}),
    tolerations: p.tolerations.map((t) => ({ ...t })),
  };
}

// ---------------------------------------------------------------------------------------------
// Resources

/** Requests equal to the spec; memory and GPU limits equal to their requests (no CPU limit: latency). */
export function containerResources(w: Workload): { requests: Record<string, string>; limits: Record<string, string> } {
  const requests: Record<string, string> = { cpu: w.cpu.text, memory: w.memory.text };
  const limits: Record<string, string> = { memory: w.memory.text };
  if (w.gpu) {
    // Extended resources must have requests equal to limits (Kubernetes "Schedule GPUs").
    requests["nvidia.com/gpu"] = String(w.gpu.count);
    limits["nvidia.com/gpu"] = String(w.gpu.count);
  }
  return { requests, limits };
}

/** Size of `/dev/shm`: half the pod's memory, at most 16 GiB (defaults.ts), in whole MiB. */
export function shmSizeLimit(memoryBytes: number): string {
  const bytes = Math.min(memoryBytes * SHM_FRACTION_OF_MEMORY, SHM_MAX_BYTES);
  return `${Math.max(1, Math.floor(bytes / 1024 ** 2))}Mi`;
}

// ---------------------------------------------------------------------------------------------
// Security

/** Pod-level security context: RuntimeDefault seccomp always; non-root IDs for `restricted`. */
export function podSecurityContext(profile: SecurityProfile): k8s.types.input.core.v1.PodSecurityContext {
  switch (profile) {
    case "baseline":
      return { seccompProfile: { type: "RuntimeDefault" } };
    case "restricted":
      return {
        seccompProfile: { type: "RuntimeDefault" },
        runAsNonRoot: true,
        runAsUser: RESTRICTED_UID,
        runAsGroup: RESTRICTED_UID,
        fsGroup: RESTRICTED_UID,
        // The kubelet otherwise re-owns every file of every volume at each pod start, which on a
        // checkpoint volume of millions of files delays a training restart by minutes to hours
        // (Kubernetes "Configure a Security Context", fsGroupChangePolicy, GA in 1.23).
        fsGroupChangePolicy: "OnRootMismatch",
      };
    default:
      return unreachable(profile);
  }
}

/** Container security context: no privilege escalation, every capability dropped; read-only root for `restricted`. */
export function containerSecurityContext(profile: SecurityProfile): k8s.types.input.core.v1.SecurityContext {
  const base = { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } };
  switch (profile) {
    case "baseline":
      return base;
    case "restricted":
      return { ...base, runAsNonRoot: true, readOnlyRootFilesystem: true };
    default:
      return unreachable(profile);
  }
}

export interface PodVolume {
  readonly volume: k8s.types.input.core.v1.Volume;
  readonly mount: k8s.types.input.core.v1.VolumeMount;
}

/**
 * Writable paths: `/dev/shm` always (memory-backed, see shmSizeLimit); with a read-only root,
 * `/tmp` and a home directory that holds the caches model servers write (HF_HOME, torch, vLLM,
 * Triton all live under `$HOME/.cache` or `$HOME`).
 */
export function writableVolumes(profile: SecurityProfile, memoryBytes: number): PodVolume[] {
  const shm: PodVolume = {
    volume: { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: shmSizeLimit(memoryBytes) } },
    mount: { name: "dshm", mountPath: "/dev/shm" },
  };
  switch (profile) {
    case "baseline":
      return [shm];
    case "restricted":
      return [
        shm,
        { volume: { name: "tmp", emptyDir: {} }, mount: { name: "tmp", mountPath: "/tmp" } },
        { volume: { name: "home", emptyDir: {} }, mount: { name: "home", mountPath: RESTRICTED_HOME } },
      ];
    default:
      return unreachable(profile);
  }
}

/** Disk-backed emptyDirs, which the cluster autoscaler would otherwise treat as a reason not to drain a node. */
export function diskVolumeNames(profile: SecurityProfile): string[] {
  return profile === "restricted" ? ["tmp", "home"] : [];
}

/** Environment that points caches at the writable home of a `restricted` pod (the user's env wins). */
export function restrictedEnv(profile: SecurityProfile): Record<string, string> {
  if (profile === "baseline") return {};
  return {
    HOME: RESTRICTED_HOME,
    XDG_CACHE_HOME: `${RESTRICTED_HOME}/.cache`,
    HF_HOME: `${RESTRICTED_HOME}/.cache/huggingface`,
  };
}

// ---------------------------------------------------------------------------------------------
// Probes and lifecycle

/** Failure threshold that gives model loading its whole `startupSeconds` (threshold x period >= seconds). */
export function startupFailureThreshold(startupSeconds: number): number {
  return Math.max(1, Math.ceil(startupSeconds / STARTUP_PROBE_PERIOD_SECONDS));
}

/**
 * Startup, readiness and liveness probes: HTTP on `paths` (the engine's, or `health.path` for all),
 * else on `health.path`, TCP on the port when there is none. Startup waits for readiness: a model
 * server is live long before its model is loaded.
 */
export function serviceProbes(
  health: ValidService["health"],
  portName: string,
  paths?: { readonly readiness: string; readonly liveness: string },
): Record<"startupProbe" | "readinessProbe" | "livenessProbe", k8s.types.input.core.v1.Probe> {
  const p = paths ?? (health.path !== undefined ? { readiness: health.path, liveness: health.path } : undefined);
  const check = (path: string | undefined) => (path !== undefined ? { httpGet: { path, port: portName } } : { tcpSocket: { port: portName } });
  return {
    startupProbe: { ...check(p?.readiness), periodSeconds: STARTUP_PROBE_PERIOD_SECONDS, failureThreshold: startupFailureThreshold(health.startupSeconds), timeoutSeconds: 5 },
    readinessProbe: { ...check(p?.readiness), ...READINESS_PROBE },
    livenessProbe: { ...check(p?.liveness), ...LIVENESS_PROBE },
  };
}

/** Grace period: the preStop pause plus the longest request a replica finishes. */
export const SERVICE_GRACE_SECONDS = PRESTOP_SLEEP_SECONDS + DRAIN_SECONDS;

export function serviceLifecycle(): k8s.types.input.core.v1.Lifecycle {
  return { preStop: { sleep: { seconds: PRESTOP_SLEEP_SECONDS } } };
}

/** Spread replicas over nodes and zones, softly: a hard spread strands pods at the planned maxNodes. */
export function topologySpread(selector: Labels): k8s.types.input.core.v1.TopologySpreadConstraint[] {
  return ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: { ...selector } },
  }));
}

// ---------------------------------------------------------------------------------------------
// Namespaces

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/**
 * Pod Security admission labels (kubernetes.io "Pod Security Standards"): `enforce` rejects pods
 * above the level; `warn` and `audit` report pods that would fail `restricted`, so teams see what
 * a stricter namespace would refuse before it does.
 */
export function podSecurityLabels(enforce: PodSecurityLevel): Labels {
  return {
    "pod-security.kubernetes.io/enforce": enforce,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  };
}

export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
