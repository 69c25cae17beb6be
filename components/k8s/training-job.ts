/**
 * TrainingJob: a batch/v1 Job on its planned GPU pool, single-node or distributed with torchrun,
 * with an optional checkpoint volume that survives the Job, a changed spec, and the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem, ValidTrainingJob } from "../spec/types";
import { dependencyList, k8sOptions } from "./options";
import type { AddonsRef } from "./refs";
import { workloadPlacement } from "./scheduling";
import { checkpointClaimSpec, JobInputs, jobLabels, jobName, jobObjectNames, jobSpec, workersServiceSpec } from "./training-job-objects";
import { throwIfProblems } from "../bad-input";
import { checkJobShape, checkNames, checkPool, checkSecretValues } from "./validate";
import { accountMetadata, checkIdentity, workloadIdentity } from "./identity";

/** Checkpoint volumes are protected unless the platform says otherwise (spec `protect`, default true). */
const DEFAULT_PROTECT_CHECKPOINTS = true;

export interface TrainingJobArgs {
  readonly contract: ClusterContract;
  /** The validated training job from the spec. */
  readonly job: ValidTrainingJob;
  /**
   * The pool the capacity plan assigned (`plan.workloads[].pool`): a GPU pool, or a CPU pool for
   * a workload without GPUs. Required with a GPU request.
   * @default - the system pool, for a hand-built workload without GPUs
   */
  readonly pool?: string;
  /**
   * A spot workload's on-demand fallback pool (`plan.workloads[].fallbackPool`): its pods may run
   * on either pool, and the cluster's autoscaler prefers the spot one.
   * @default - none: the pods run on `pool` only
   */
  readonly fallbackPool?: string;
  /** The cluster add-ons: the training PriorityClass must exist before the Job's pods. */
  readonly addons: AddonsRef;
  /**
   * The values of `job.secretEnv` by environment variable, as secret outputs (see ModelServiceArgs).
   * @default - none (required when the job has secretEnv)
   */
  readonly secretValues?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Pulumi `protect` on the checkpoint volume (it is always `retainOnDelete`).
   * @default true (the platform passes its spec's `protect`)
   */
  readonly protect?: boolean;
}

/** Every problem with a TrainingJob's arguments (pure: tests call it directly). */
export function trainingJobProblems(args: TrainingJobArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  checkNames(args.job, problems);
  checkPool(args.contract, args.job, args.pool, problems, args.fallbackPool);
  checkJobShape(args.contract, args.job, problems);
  checkSecretValues(args.job, args.secretValues, problems);
  checkIdentity(args.contract, args.job, problems);
  return problems;
}

/**
 * A training run: ServiceAccount, Secret for `secretEnv`, checkpoint PVC (protected, retained on
 * delete, named after the job so every re-run resumes from it), a headless Service for several
 * workers, and the Job `<name>-<hash8>` that Pulumi does not await (`pulumi.com/skipAwait`):
 * training takes hours, and `up` must not block on it. Follow it with kubectl or the dashboard.
 */
export class TrainingJob extends pulumi.ComponentResource {
  /** The Kubernetes name of the Job (`<name>-<hash8>`): changes exactly when its spec does. */
  readonly jobName: string;

  constructor(name: string, args: TrainingJobArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(trainingJobProblems(args), `TrainingJob "${args.job.key}"`);
    super("ml-clusters:k8s:TrainingJob", name, {}, opts);

    const { contract, job: j } = args;
    const names = jobObjectNames(j);
    const labels = { ...jobLabels(j) };
    const meta = (objectName: string) => ({ name: objectName, namespace: j.namespace, labels });
    const waitFor = [...contract.ready, ...args.addons.ready, ...dependencyList(opts?.dependsOn)];
    const opt = (extra: Parameters<typeof k8sOptions>[2] = {}) => k8sOptions(contract, this, { ...extra, dependsOn: [...waitFor, ...(extra.dependsOn ?? [])] });

    const identity = workloadIdentity(contract, `${name}-identity`, j, names.account, this);
    const children: pulumi.Resource[] = [
      new k8s.core.v1.ServiceAccount(
        `${name}-account`,
        { metadata: accountMetadata(meta(names.account), identity), automountServiceAccountToken: false },
        opt(),
      ),
      // A pod started before its identity's grants exist fails its first reads.
      ...identity.ready,
    ];

    const hasSecrets = Object.keys(j.secretEnv).length > 0;
    if (hasSecrets) {
      const values = args.secretValues ?? {};
      children.push(
        new k8s.core.v1.Secret(
          `${name}-env`,
          { metadata: meta(names.secret), type: "Opaque", stringData: pulumi.secret(Object.fromEntries(Object.keys(j.secretEnv).map((k) => [k, values[k]]))) },
          opt(),
        ),
      );
    }

    if (j.checkpoint !== undefined) {
      children.push(
        new k8s.core.v1.PersistentVolumeClaim(
          `${name}-checkpoints`,
          { metadata: meta(names.checkpoint), spec: checkpointClaimSpec(j, contract.storageClasses) },
          // Checkpoints are the expensive output of GPU hours: a delete or replace must never take them.
          opt({ protect: args.protect ?? DEFAULT_PROTECT_CHECKPOINTS, retainOnDelete: true }),
        ),
      );
    }

    if (j.workers > 1) {
      children.push(new k8s.core.v1.Service(`${name}-workers`, { metadata: meta(names.workers), spec: workersServiceSpec(j) }, opt()));
    }

    const inputs: JobInputs = {
      job: j,
      placement: workloadPlacement(contract, args.pool, args.fallbackPool),
      priorityClassName: args.addons.priorityClasses.training,
      secretName: hasSecrets ? names.secret : undefined,
      checkpointClaim: j.checkpoint !== undefined ? names.checkpoint : undefined,
      podLabels: identity.podLabels,
    };
    this.jobName = jobName(inputs);
    new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { ...meta(this.jobName), annotations: { "pulumi.com/skipAwait": "true" } },
        spec: jobSpec(inputs, this.jobName),
      },
      // The old run stops (SIGTERM, its grace period to checkpoint) before the new one starts:
      // never two runs writing the same checkpoints or holding twice the GPUs (jobName's comment).
      opt({ dependsOn: children, deleteBeforeReplace: true }),
    );

    this.registerOutputs({ jobName: this.jobName });
  }
}
