/**
 * The pod both workload kinds run: one container with the spec's image, command and resources,
 * placed on its pool, locked down, with secrets referenced and never inlined. Pure: the result is
 * plain data (a TrainingJob hashes it to name its Job).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ValidService, ValidTrainingJob } from "../spec/types";
import {
  Placement,
  PodVolume,
  containerResources,
  containerSecurityContext,
  diskVolumeNames,
  podSecurityContext,
  restrictedEnv,
  writableVolumes,
} from "./scheduling";

type Workload = ValidService | ValidTrainingJob;

export type EnvVar = k8s.types.input.core.v1.EnvVar & { readonly name: string };

export interface PodInput {
  readonly workload: Workload;
  readonly containerName: string;
  readonly placement: Placement;
  readonly priorityClassName: string;
  readonly serviceAccountName: string;
  /** The Secret holding `secretEnv` values; required when the workload has any. */
  readonly secretName?: string;
  /** Variables the component sets (torchrun's); the user's env wins on a clash. */
  readonly extraEnv?: readonly EnvVar[];
  readonly ports?: readonly k8s.types.input.core.v1.ContainerPort[];
  readonly probes?: Readonly<Record<"startupProbe" | "readinessProbe" | "livenessProbe", k8s.types.input.core.v1.Probe>>;
  readonly lifecycle?: k8s.types.input.core.v1.Lifecycle;
  readonly restartPolicy?: "Always" | "Never";
  readonly terminationGracePeriodSeconds?: number;
  readonly extraVolumes?: readonly PodVolume[];
  readonly topologySpreadConstraints?: readonly k8s.types.input.core.v1.TopologySpreadConstraint[];
  readonly subdomain?: string;
}

/**
 * The container environment, in a stable order: the package's defaults (cache paths for a
 * read-only root), then the component's (torchrun), then the user's `env`, then `secretEnv` as
 * references to the Secret. A name the user sets is never set twice.
 */
export function containerEnv(input: PodInput): EnvVar[] {
  const w = input.workload;
  const userNames = new Set([...Object.keys(w.env), ...Object.keys(w.secretEnv)]);
  const out: EnvVar[] = [];
  for (const [name, value] of Object.entries(restrictedEnv(w.security))) {
    if (!userNames.has(name)) out.push({ name, value });
  }
  for (const v of input.extraEnv ?? []) {
    if (!userNames.has(v.name)) out.push(v);
  }
  for (const name of Object.keys(w.env).sort()) out.push({ name, value: w.env[name] });
  const secretNames = Object.keys(w.secretEnv).sort();
  if (secretNames.length > 0) {
    if (input.secretName === undefined) throw new Error(`bug: ${w.key} has secretEnv but no Secret name`);
    for (const name of secretNames) out.push({ name, valueFrom: { secretKeyRef: { name: input.secretName, key: name } } });
  }
  return out;
}

/** The pod spec (the template's `spec`). */
export function podSpec(input: PodInput): k8s.types.input.core.v1.PodSpec {
  const w = input.workload;
  const volumes = [...writableVolumes(w.security, w.memory.bytes), ...(input.extraVolumes ?? [])];
  const container: k8s.types.input.core.v1.Container = {
    name: input.containerName,
    image: w.image,
    // Multi-GB model-server images: pull once per node (reliability.md §2.1 lists this deviation
    // from kube-score's imagePullPolicy check); pin images by tag or digest.
    imagePullPolicy: "IfNotPresent",
    ...(w.command !== undefined ? { command: [...w.command] } : {}),
    ...(w.args !== undefined ? { args: [...w.args] } : {}),
    env: containerEnv(input),
    resources: containerResources(w),
    securityContext: containerSecurityContext(w.security),
    volumeMounts: volumes.map((v) => v.mount),
    ...(input.ports !== undefined ? { ports: input.ports.map((p) => ({ ...p })) } : {}),
    ...(input.probes ?? {}),
    ...(input.lifecycle !== undefined ? { lifecycle: input.lifecycle } : {}),
  };
  return {
    serviceAccountName: input.serviceAccountName,
    // The workload never talks to the Kubernetes API: no token in the pod (CKV_K8S_38, Polaris).
    automountServiceAccountToken: false,
    // No `<SERVICE>_PORT`-style variables for every Service in the namespace: they collide with
    // servers' own settings (a Service named "vllm" sets VLLM_PORT=tcp://..., which vLLM reads).
    enableServiceLinks: false,
    // The package's classes rank GPU workloads against each other. A CPU-only workload keeps the
    // default priority: it runs on its CPU pool and never needs to preempt anything.
    ...(w.gpu !== undefined ? { priorityClassName: input.priorityClassName } : {}),
    nodeSelector: { ...input.placement.nodeSelector },
    ...(input.placement.requiredNodeAffinity !== undefined
      ? {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: input.placement.requiredNodeAffinity.map((t) => ({
                  matchExpressions: t.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values !== undefined ? { values: [...e.values] } : {}) })),
                })),
              },
            },
          },
        }
      : {}),
    tolerations: input.placement.tolerations.map((t) => ({ ...t })),
    securityContext: podSecurityContext(w.security),
    ...(input.restartPolicy !== undefined ? { restartPolicy: input.restartPolicy } : {}),
    ...(input.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: input.terminationGracePeriodSeconds } : {}),
    ...(input.topologySpreadConstraints !== undefined ? { topologySpreadConstraints: input.topologySpreadConstraints.map((c) => ({ ...c })) } : {}),
    ...(input.subdomain !== undefined ? { subdomain: input.subdomain } : {}),
    containers: [container],
    volumes: volumes.map((v) => v.volume),
  };
}

/**
 * Pod annotations: disk-backed emptyDirs (the writable /tmp and home of a read-only root) would
 * otherwise stop the cluster autoscaler from draining the node (CA FAQ, "What types of pods can
 * prevent CA from removing a node?").
 */
export function localVolumeAnnotations(w: Workload): Record<string, string> {
  const disk = diskVolumeNames(w.security);
  return disk.length > 0 ? { "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": disk.join(",") } : {};
}
