import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { GPU_TAINT, placement, poolLabels } from "../../../components/cluster/common";
import type { ClusterContract } from "../../../components/cluster/contract";
import { FakeCluster } from "../../../components/cluster/fake";
import { TrainingJob, TrainingJobArgs } from "../../../components/k8s/training-job";
import { JobInputs, jobName } from "../../../components/k8s/training-job-objects";
import { workloadPlacement } from "../../../components/k8s/scheduling";
import type { ValidTrainingJob } from "../../../components/spec/types";
import { MockRun, input, ofType, one, render } from "../../helpers/mocks";
import { memory } from "../../helpers/builders";
import { POOLS, addons, trainingJob } from "./fixtures";

const JOB = "kubernetes:batch/v1:Job";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const CHECKPOINT = { size: memory("200Gi"), mountPath: "/checkpoints" };

type Extra = Partial<Omit<TrainingJobArgs, "contract" | "job">>;

function renderJob(overrides: Partial<ValidTrainingJob> = {}, extra: Extra = {}): Promise<MockRun> {
  return render(() => {
    const contract = new FakeCluster("test", { pools: POOLS });
    new TrainingJob("finetune", { contract, job: trainingJob(overrides), pool: "a100-1", addons: addons(), ...extra });
  });
}

/** The name a job gets on a pool of the fake cluster (workloadPlacement reads only the contract's pools). */
function nameOf(job: ValidTrainingJob, pool = "a100-1"): string {
  const contract = { pools: Object.fromEntries(POOLS.map((p) => [p.name, placement(p, poolLabels(p), [GPU_TAINT])])) } as unknown as ClusterContract;
  const inputs: JobInputs = { job, placement: workloadPlacement(contract, pool), priorityClassName: "ml-clusters-training" };
  return jobName(inputs);
}

describe("TrainingJob", () => {
  it("runs one worker as a plain Job that Pulumi does not await", async () => {
    const run = await renderJob();
    const job = one(run, JOB);
    assert.match(input(job, "metadata.name"), /^finetune-[0-9a-f]{8}$/);
    assert.deepEqual(input(job, "metadata.annotations"), { "pulumi.com/skipAwait": "true" });
    const spec = input(job, "spec");
    assert.deepEqual([spec.completions, spec.parallelism, spec.completionMode], [1, 1, "NonIndexed"]);
    assert.equal(spec.backoffLimit, 3);
    assert.equal(spec.ttlSecondsAfterFinished, undefined);
    assert.equal(spec.activeDeadlineSeconds, undefined);
    assert.equal(ofType(run, "kubernetes:core/v1:Service").length, 0);
    assert.equal(job.options.customTimeouts, undefined);
  });

  it("stops the old run before a changed spec starts the new one, so two runs never share checkpoints or GPUs", async () => {
    const job = one(await renderJob(), JOB);
    assert.equal(job.options.deleteBeforeReplace, true);
  });

  it("restarts nothing in place, ignores preemption and drains, and fails at once on a bad command", async () => {
    const spec = input(one(await renderJob(), JOB), "spec");
    assert.equal(spec.template.spec.restartPolicy, "Never");
    assert.equal(spec.podReplacementPolicy, "Failed");
    assert.equal(spec.template.spec.terminationGracePeriodSeconds, 120);
    assert.deepEqual(spec.podFailurePolicy, {
      rules: [
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
        { action: "FailJob", onExitCodes: { containerName: "trainer", operator: "In", values: [2, 126, 127] } },
      ],
    });
    assert.deepEqual(spec.template.metadata.annotations, { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" });
  });

  it("lands on its pool with the training priority and exactly the requested resources", async () => {
    const pod = input(one(await renderJob({ activeDeadlineSeconds: 86_400 }), JOB), "spec.template.spec");
    assert.deepEqual(pod.nodeSelector, { "ml-clusters.io/pool": "a100-1" });
    assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    assert.equal(pod.priorityClassName, "ml-clusters-training");
    assert.deepEqual(pod.containers[0].resources, {
      requests: { cpu: "48", memory: "600Gi", "nvidia.com/gpu": "8" },
      limits: { memory: "600Gi", "nvidia.com/gpu": "8" },
    });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
    assert.deepEqual(pod.volumes[0], { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "16384Mi" } });
  });

  it("passes an explicit deadline through", async () => {
    assert.equal(input(one(await renderJob({ activeDeadlineSeconds: 86_400 }), JOB), "spec.activeDeadlineSeconds"), 86_400);
  });

  it("runs several workers as an Indexed Job with a headless Service and torchrun's environment", async () => {
    const run = await renderJob({ workers: 3 });
    const job = one(run, JOB);
    const name = input(job, "metadata.name");
    const spec = input(job, "spec");
    assert.deepEqual([spec.completions, spec.parallelism, spec.completionMode], [3, 3, "Indexed"]);
    const svc = one(run, "kubernetes:core/v1:Service");
    assert.equal(input(svc, "metadata.name"), "finetune-workers");
    assert.equal(input(svc, "spec.clusterIP"), "None");
    assert.equal(input(svc, "spec.publishNotReadyAddresses"), true);
    assert.equal(spec.template.spec.subdomain, "finetune-workers");
    const env = Object.fromEntries(spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    const rank = { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } };
    assert.deepEqual(env, {
      NPROC_PER_NODE: "8",
      PET_NPROC_PER_NODE: "8",
      MASTER_ADDR: `${name}-0.finetune-workers`,
      MASTER_PORT: "29500",
      NNODES: "3",
      WORLD_SIZE: "24",
      NODE_RANK: rank,
      PET_MASTER_ADDR: `${name}-0.finetune-workers`,
      PET_MASTER_PORT: "29500",
      PET_NNODES: "3",
      PET_NODE_RANK: rank,
    });
  });

  it("keeps one worker's checkpoints on a protected, retained ReadWriteOnce volume of the Retain class", async () => {
    const run = await renderJob({ checkpoint: CHECKPOINT });
    const pvc = one(run, PVC);
    assert.equal(input(pvc, "metadata.name"), "finetune-ckpt");
    assert.deepEqual(input(pvc, "spec"), { accessModes: ["ReadWriteOnce"], storageClassName: "fake-checkpoint-retain", resources: { requests: { storage: "200Gi" } } });
    assert.equal(pvc.options.protect, true);
    assert.equal(pvc.options.retainOnDelete, true);
    const pod = input(one(run, JOB), "spec.template.spec");
    assert.deepEqual(pod.volumes.at(-1), { name: "checkpoints", persistentVolumeClaim: { claimName: "finetune-ckpt" } });
    assert.deepEqual(pod.containers[0].volumeMounts.at(-1), { name: "checkpoints", mountPath: "/checkpoints" });
    assert.ok(one(run, JOB).options.dependsOn?.includes(pvc.urn));
  });

  it("shares one ReadWriteMany volume among several workers, never one ReadWriteOnce volume", async () => {
    const pvc = one(await renderJob({ workers: 4, checkpoint: CHECKPOINT }, { protect: false }), PVC);
    assert.deepEqual(input(pvc, "spec.accessModes"), ["ReadWriteMany"]);
    assert.equal(input(pvc, "spec.storageClassName"), "fake-shared-file-retain");
    assert.equal(pvc.options.protect, false);
    assert.equal(pvc.options.retainOnDelete, true);
  });

  it("names the Job after its spec: the same spec keeps its name, a changed template gets a new one", async () => {
    const a = input(one(await renderJob(), JOB), "metadata.name");
    const b = input(one(await renderJob(), JOB), "metadata.name");
    const c = input(one(await renderJob({ image: "ghcr.io/acme/train:1.3" }), JOB), "metadata.name");
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(a, nameOf(trainingJob()));
  });

  it("renames the Job for any change of image, arguments or env, and only for those among these inputs", () => {
    const base = trainingJob();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 }), (arg, value) => {
        const changed = [trainingJob({ args: [arg] }), trainingJob({ env: { ...base.env, EXTRA: value } }), trainingJob({ image: `ghcr.io/acme/train:${arg}` })];
        for (const j of changed) assert.notEqual(nameOf(j), nameOf(base));
        assert.equal(nameOf(trainingJob({ path: `trainingJobs[${arg.length}]` })), nameOf(base), "the spec path is not part of the Job");
      }),
      { numRuns: 50 },
    );
    assert.notEqual(nameOf(base, "l4-1"), nameOf(base), "a new pool is a new template");
  });

  it("waits for the cluster's node pools and the add-ons before any object", async () => {
    const run = await render(() => {
      const fake = new FakeCluster("test", { pools: POOLS });
      const pools = new pulumi.ComponentResource("test:index:Pools", "pools", {});
      const classes = new pulumi.ComponentResource("test:index:Classes", "priority-classes", {});
      const contract: ClusterContract = { ...fake, provider: fake.provider, ready: [pools] };
      new TrainingJob("finetune", { contract, job: trainingJob({ checkpoint: CHECKPOINT }), pool: "a100-1", addons: addons({ ready: [classes] }) });
    });
    const wanted = [one(run, "test:index:Pools").urn, one(run, "test:index:Classes").urn];
    for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) for (const u of wanted) assert.ok(r.options.dependsOn?.includes(u), r.name);
  });

  it("keeps its name when only a secret's value changes", async () => {
    const names = [];
    for (const value of ["one", "two"]) {
      const run = await renderJob({ secretEnv: { WANDB_API_KEY: "wandb" } }, { secretValues: { WANDB_API_KEY: pulumi.secret(value) } });
      names.push(input(one(run, JOB), "metadata.name"));
    }
    assert.equal(names[0], names[1]);
  });
});
