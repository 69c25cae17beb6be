/**
 * The objects of a TrainingJob as pure functions: the Job spec, its content-addressed name, the
 * worker Service of a distributed run and the checkpoint volume claim.
 */
import { createHash } from "node:crypto";
import type * as k8s from "@pulumi/kubernetes";
import type { StorageClassNames } from "../cluster/contract";
import type { ValidTrainingJob } from "../spec/types";
import { NON_RETRIABLE_EXIT_CODES, TORCH_MASTER_PORT, TRAINING_GRACE_SECONDS } from "./defaults";
import { EnvVar, podSpec } from "./pod";
import { Labels, Placement, PodVolume, recommendedLabels, selectorLabels } from "./scheduling";
import { JOB_NAME_HASH_LENGTH } from "../spec/rules/names";

export const TRAINER_CONTAINER = "trainer";
const MASTER_PORT_NAME = "torch-master";
/** The annotation the Job controller sets on each pod of an Indexed Job (Kubernetes "Jobs", completion mode). */
export const COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

export function jobObjectNames(j: ValidTrainingJob): { account: string; secret: string; workers: string; checkpoint: string } {
  return { account: j.name, secret: `${j.name}-env`, workers: `${j.name}-workers`, checkpoint: `${j.name}-ckpt` };
}

export function jobLabels(j: ValidTrainingJob): Labels {
  return recommendedLabels(j.name, "training");
}

export interface JobInputs {
  readonly job: ValidTrainingJob;
  readonly placement: Placement;
  readonly priorityClassName: string;
  readonly secretName?: string;
  /** Claim of the checkpoint volume, when the job checkpoints. */
  readonly checkpointClaim?: string;
  /** Labels the cloud identity needs on every pod (ClusterContract.workloadIdentity). */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * What torchrun needs, as plain variables and as torchrun's own `PET_*` variables (torchrun reads
 * each of its options from `PET_<OPTION>`), so `torchrun train.py` needs no flags. Several
 * workers: a static rendezvous at worker 0 through the headless Service, the node rank from the
 * pod's completion index. WORLD_SIZE is the total process count (workers x GPUs per worker);
 * torchrun sets the per-process RANK itself.
 */
export function torchEnv(j: ValidTrainingJob, jobName: string): EnvVar[] {
  const nproc = String(j.gpu?.count ?? 1);
  const env: EnvVar[] = [
    { name: "NPROC_PER_NODE", value: nproc },
    { name: "PET_NPROC_PER_NODE", value: nproc },
  ];
  if (j.workers === 1) return env;
  const master = `${jobName}-0.${jobObjectNames(j).workers}`;
  const rank = { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } };
  return [
    ...env,
    { name: "MASTER_ADDR", value: master },
    { name: "MASTER_PORT", value: String(TORCH_MASTER_PORT) },
    { name: "NNODES", value: String(j.workers) },
    { name: "WORLD_SIZE", value: String(j.workers * Number(nproc)) },
    { name: "NODE_RANK", valueFrom: rank },
    { name: "PET_MASTER_ADDR", value: master },
    { name: "PET_MASTER_PORT", value: String(TORCH_MASTER_PORT) },
    { name: "PET_NNODES", value: String(j.workers) },
    { name: "PET_NODE_RANK", valueFrom: rank },
  ];
}

/**
 * The Job spec for a given Job name. restartPolicy Never (required by podFailurePolicy); a
 * preemption, eviction or node drain (`DisruptionTarget`) does not count against backoffLimit; a
 * non-retriable exit code fails the Job at once. No ttlSecondsAfterFinished on purpose: a Job
 * the TTL controller deletes is missing on the next refresh, and the next `up` would create it
 * again and train again. Finished Jobs stay until their spec changes or the stack is destroyed.
 */
export function jobSpec(input: JobInputs, jobName: string): k8s.types.input.batch.v1.JobSpec {
  const j = input.job;
  const distributed = j.workers > 1;
  const extraVolumes: PodVolume[] =
    j.checkpoint !== undefined && input.checkpointClaim !== undefined
      ? [{ volume: { name: "checkpoints", persistentVolumeClaim: { claimName: input.checkpointClaim } }, mount: { name: "checkpoints", mountPath: j.checkpoint.mountPath } }]
      : [];
  return {
    completions: j.workers,
    parallelism: j.workers,
    completionMode: distributed ? "Indexed" : "NonIndexed",
    backoffLimit: j.backoffLimit,
    // A replacement pod starts only once the failed one is gone: an index never runs twice at
    // once, so worker 0's hostname and the GPUs are free for it.
    podReplacementPolicy: "Failed",
    ...(j.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: j.activeDeadlineSeconds } : {}),
    podFailurePolicy: {
      rules: [
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
        { action: "FailJob", onExitCodes: { containerName: TRAINER_CONTAINER, operator: "In", values: [...NON_RETRIABLE_EXIT_CODES] } },
      ],
    },
    template: {
      metadata: {
        labels: { ...input.podLabels, ...jobLabels(j) },
        // The cluster autoscaler must not drain a node mid-epoch to save money (CA FAQ).
        annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
      },
      spec: podSpec({
        workload: j,
        containerName: TRAINER_CONTAINER,
        placement: input.placement,
        priorityClassName: input.priorityClassName,
        serviceAccountName: jobObjectNames(j).account,
        secretName: input.secretName,
        extraEnv: torchEnv(j, jobName),
        restartPolicy: "Never",
        terminationGracePeriodSeconds: TRAINING_GRACE_SECONDS,
        extraVolumes,
        ...(distributed ? { subdomain: jobObjectNames(j).workers, ports: [{ name: MASTER_PORT_NAME, containerPort: TORCH_MASTER_PORT, protocol: "TCP" }] } : {}),
      }),
    },
  };
}

/** JSON with object keys sorted, so equal specs hash equally whatever order they were built in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * `<name>-<hash8>`: the first 8 hex digits of the SHA-256 of the Job spec (built with a fixed
 * stand-in for its own name, which the spec mentions). A Job's pod template is immutable, so a
 * changed spec must be a new Job: a new name makes Pulumi replace it (the diff says so) instead of
 * failing on the patch. TrainingJob replaces it delete-first: Pulumi's default runs the old Job's
 * delete only at the end of the whole update (after a Deployment's wait for GPU nodes, tens of
 * minutes), during which two runs would share the checkpoint volume and double the GPU demand.
 * Secret values are not in the spec (only references), so rotating a secret does not restart
 * training.
 */
export function jobName(input: JobInputs): string {
  const digest = createHash("sha256").update(canonicalJson(jobSpec(input, "<job>"))).digest("hex");
  return `${input.job.name}-${digest.slice(0, JOB_NAME_HASH_LENGTH)}`;
}

/**
 * Headless Service of a distributed run: gives worker 0 the stable address
 * `<job>-0.<name>-workers` before it is ready (publishNotReadyAddresses), which the other workers
 * rendezvous on. Selects by the workload's labels, so it outlives Job re-runs.
 */
export function workersServiceSpec(j: ValidTrainingJob): k8s.types.input.core.v1.ServiceSpec {
  return {
    clusterIP: "None",
    publishNotReadyAddresses: true,
    selector: { ...selectorLabels(j.name) },
    ports: [{ name: MASTER_PORT_NAME, port: TORCH_MASTER_PORT, targetPort: MASTER_PORT_NAME, protocol: "TCP" }],
  };
}

/**
 * Checkpoint claim. One worker: ReadWriteOnce block storage of the Retain class. Several workers:
 * one ReadWriteMany volume of the shared-file class, mounted by every worker, so any rank can read
 * the latest checkpoint after a restart on another node; per-worker ReadWriteOnce volumes would
 * pin each index to the zone of its disk, and one ReadWriteOnce volume cannot attach to several
 * nodes at all.
 */
export function checkpointClaimSpec(j: ValidTrainingJob, classes: StorageClassNames): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
  if (j.checkpoint === undefined) throw new Error(`bug: ${j.key} has no checkpoint`);
  const shared = j.workers > 1;
  return {
    accessModes: [shared ? "ReadWriteMany" : "ReadWriteOnce"],
    storageClassName: shared ? classes.sharedFile : classes.checkpoint,
    resources: { requests: { storage: j.checkpoint.size.text } },
  };
}
