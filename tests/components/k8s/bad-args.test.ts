import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { ClusterAddons } from "../../../components/k8s/addons";
import { ModelService, ModelServiceArgs, modelServiceProblems } from "../../../components/k8s/model-service";
import { Monitoring } from "../../../components/k8s/monitoring";
import { TrainingJob, TrainingJobArgs, trainingJobProblems } from "../../../components/k8s/training-job";
import { BadInputError } from "../../../components/bad-input";
import type { SpecProblem, ValidService, ValidTrainingJob } from "../../../components/spec/types";
import { render } from "../../helpers/mocks";
import { memory } from "../../helpers/builders";
import { POOLS, addons, monitoringRef, service, trainingJob } from "./fixtures";

interface Case<W> {
  readonly name: string;
  readonly workload: Partial<W>;
  readonly args?: Record<string, unknown>;
  readonly problems: readonly SpecProblem[];
}

const SERVICE_CASES: readonly Case<ValidService>[] = [
  {
    name: "rejects a GPU service without the pool the plan gave it",
    workload: {},
    args: { pool: undefined },
    problems: [
      {
        path: "pool",
        message: "is required for research/chat, which asks for 1 GPU(s): pass the pool the capacity plan assigned to it (plan.workloads[].pool); pools of this cluster: a100-1, l4-1",
      },
    ],
  },
  {
    name: "rejects a pool the cluster does not have",
    workload: {},
    args: { pool: "h100-1" },
    problems: [{ path: "pool", message: '"h100-1" is not a pool of this cluster (pools: a100-1, l4-1); pass the pool the capacity plan assigned to research/chat, or plan again with it in the spec' }],
  },
  {
    name: "rejects a CPU-only service on a GPU pool",
    workload: { gpu: undefined },
    problems: [
      { path: "pool", message: '"l4-1" is a GPU pool but research/chat asks for no GPU: its pods would hold GPU nodes; pass the CPU pool the capacity plan assigned to it, or give it a gpu request' },
    ],
  },
  {
    name: "rejects a GPU model the pool does not have and more GPUs than its nodes hold",
    workload: { gpu: { model: "a100-80gb", count: 2 } },
    problems: [
      { path: "services[0].gpu.model", message: 'is "a100-80gb" but pool "l4-1" has l4 GPUs; pass a pool of a100-80gb nodes or change the model' },
      { path: "services[0].gpu.count", message: '2 GPUs per pod cannot fit pool "l4-1", whose g6.xlarge nodes have 1; ask for at most 1 or plan a pool with larger nodes' },
    ],
  },
  {
    name: "rejects scaling from zero on CPU, without the HTTP add-on, behind a load balancer",
    workload: { replicas: { min: 0, max: 2 }, expose: "internal" },
    args: { addons: addons({ httpScaling: undefined }) },
    problems: [
      {
        path: "services[0].autoscaling.cpuUtilization",
        message:
          "cannot wake a service at replicas.min 0: no pod runs to measure it; scale on concurrentRequests or requestsPerSecond (KEDA's HTTP add-on counts requests while no pod runs) or set replicas.min to 1",
      },
      {
        path: "services[0].replicas.min",
        message: "0 needs the KEDA HTTP add-on, which ClusterAddons installs only when one of its services has replicas.min 0; pass this service to ClusterAddons or set replicas.min to 1",
      },
      {
        path: "services[0].expose",
        message:
          '"internal" gives a load balancer that would send traffic to zero pods and never wake them: at replicas.min 0 requests must enter through the KEDA HTTP interceptor; use expose "gateway" (its route goes through the interceptor) or "cluster", or set replicas.min to 1',
      },
    ],
  },
  {
    name: "rejects requests in flight as the signal of a service that never scales to zero, and a fraction of a request",
    workload: { autoscaling: { concurrentRequests: 2.5 } },
    problems: [
      { path: "services[0].autoscaling.concurrentRequests", message: "must be a whole number above 0, got 2.5" },
      {
        path: "services[0].autoscaling.concurrentRequests",
        message: "is counted by KEDA's HTTP interceptor, which fronts only services at replicas.min 0, and replicas.min is 1; scale on requestsPerSecond, or set replicas.min to 0",
      },
    ],
  },
  {
    name: "rejects GPU-utilisation scaling without the metrics adapter",
    workload: { autoscaling: { gpuUtilization: 70 } },
    args: { addons: addons({ customMetrics: false }) },
    problems: [{ path: "services[0].autoscaling.gpuUtilization", message: "needs the custom metrics adapter, which ClusterAddons installs only with monitoring; enable monitoring or scale on cpuUtilization" }],
  },
  {
    name: "rejects two scaling signals and inverted replica bounds",
    workload: { autoscaling: { cpuUtilization: 70, gpuUtilization: 60 }, replicas: { min: 3, max: 2 } },
    problems: [
      { path: "services[0].replicas.max", message: "must be a whole number of at least 3 (1 and replicas.min), got 2" },
      { path: "services[0].autoscaling", message: "must set exactly one of cpuUtilization, gpuUtilization, requestsPerSecond, concurrentRequests, queueLength or kvCacheUtilization, got cpuUtilization and gpuUtilization" },
    ],
  },
  {
    name: "rejects missing, plain, extra and doubly-set secret values",
    workload: { secretEnv: { HF_TOKEN: "hfToken", API_KEY: "apiKey" }, env: { API_KEY: "x" } },
    args: { secretValues: { API_KEY: "plain", OTHER: pulumi.secret("x") } },
    problems: [
      { path: "secretValues.API_KEY", message: 'must be a secret Output (config.requireSecret("apiKey") or pulumi.secret(...)), got a plain string, which would be stored unencrypted in the Pulumi state' },
      { path: "services[0].secretEnv.API_KEY", message: "is also set in services[0].env; keep it in one of them" },
      { path: "secretValues.HF_TOKEN", message: 'is missing: services[0].secretEnv maps HF_TOKEN to the stack secret "hfToken"; pass its value, e.g. config.requireSecret("hfToken")' },
      { path: "secretValues.OTHER", message: "is not in services[0].secretEnv (API_KEY, HF_TOKEN); remove it or add OTHER to secretEnv" },
    ],
  },
  {
    name: "rejects names that are not DNS labels or leave no room for derived names, a bad port and health path",
    workload: { name: "a".repeat(54), namespace: "Research", port: 70000, health: { path: "health", startupSeconds: 0 } },
    problems: [
      { path: "services[0].namespace", message: 'must be a DNS label (lower-case letters, digits and "-", starting and ending with a letter or digit), got "Research"' },
      { path: "services[0].name", message: `must be at most 53 characters so the objects named after it stay DNS labels, got 54: "${"a".repeat(54)}"` },
      { path: "services[0].port", message: "must be a whole number from 1 to 65535, got 70000" },
      { path: "services[0].health.startupSeconds", message: "must be a whole number of seconds, 1 or more, got 0" },
      { path: "services[0].health.path", message: 'must be an HTTP path starting with "/", got "health"' },
    ],
  },
];

const JOB_CASES: readonly Case<ValidTrainingJob>[] = [
  {
    name: "rejects a job name that would make pod hostnames longer than 63 characters",
    workload: { name: "j".repeat(53), workers: 10 },
    problems: [{ path: "trainingJobs[0].name", message: `must be at most 52 characters so the pod hostnames "<name>-<hash8>-<index>" stay within 63, got 53: "${"j".repeat(53)}"` }],
  },
  {
    name: "rejects no workers, negative retries and a zero deadline",
    workload: { workers: 0, backoffLimit: -1, activeDeadlineSeconds: 0 },
    problems: [
      { path: "trainingJobs[0].workers", message: "must be a whole number of 1 or more, got 0" },
      { path: "trainingJobs[0].backoffLimit", message: "must be a whole number of 0 or more, got -1" },
      { path: "trainingJobs[0].activeDeadlineSeconds", message: "must be a whole number of seconds, 1 or more, got 0" },
    ],
  },
  {
    name: "rejects shared checkpoints on a cluster without a shared-file class, and a relative mount path",
    workload: { workers: 2, checkpoint: { size: memory("1Ti"), mountPath: "ckpt" } },
    args: { storageClasses: { checkpoint: "retain", sharedFile: "" } },
    problems: [
      { path: "trainingJobs[0].checkpoint", message: "needs a shared-file (ReadWriteMany) storage class, and this cluster names none; give the cluster one or drop checkpoint" },
      { path: "trainingJobs[0].checkpoint.mountPath", message: 'must be an absolute path, got "ckpt"' },
    ],
  },
  {
    name: "rejects a checkpoint volume of 100 bytes",
    workload: { checkpoint: { size: memory(100), mountPath: "/checkpoints" } },
    problems: [{ path: "trainingJobs[0].checkpoint.size", message: 'must be at least 1Gi, got "100" (100 bytes); ask for e.g. "100Gi"' }],
  },
  {
    name: "rejects a training job on a pool of another GPU model",
    workload: {},
    args: { pool: "l4-1" },
    problems: [
      { path: "trainingJobs[0].gpu.model", message: 'is "a100-80gb" but pool "l4-1" has l4 GPUs; pass a pool of a100-80gb nodes or change the model' },
      { path: "trainingJobs[0].gpu.count", message: '8 GPUs per pod cannot fit pool "l4-1", whose g6.xlarge nodes have 1; ask for at most 1 or plan a pool with larger nodes' },
    ],
  },
];

/** Builds the component inside a run, catching its error, so the test sees what was registered. */
async function attempt(build: (contract: FakeCluster) => void, storageClasses?: { checkpoint: string; sharedFile: string }) {
  let error: unknown;
  const run = await render(() => {
    const contract = new FakeCluster("test", { pools: POOLS, storageClasses });
    try {
      build(contract);
    } catch (e) {
      error = e;
    }
  });
  return { error, types: run.resources.map((r) => r.type).sort() };
}

describe("bad component arguments", () => {
  for (const c of SERVICE_CASES) {
    it(`ModelService ${c.name}`, async () => {
      const make = (contract: FakeCluster): ModelServiceArgs => ({ contract, service: service(c.workload), pool: "l4-1", addons: addons(), ...(c.args ?? {}) });
      const { error, types } = await attempt((contract) => {
        assert.deepEqual(modelServiceProblems(make(contract)), c.problems);
        new ModelService("chat", make(contract));
      });
      assert.ok(error instanceof BadInputError, String(error));
      assert.deepEqual(error.problems, c.problems);
      assert.equal(error.message.split("\n")[0], `ModelService "${service(c.workload).key}": ${c.problems.length} problem(s)`);
      assert.deepEqual(types, ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"], "nothing registered");
    });
  }

  for (const c of JOB_CASES) {
    it(`TrainingJob ${c.name}`, async () => {
      const { storageClasses, ...rest } = (c.args ?? {}) as { storageClasses?: { checkpoint: string; sharedFile: string } };
      const make = (contract: FakeCluster): TrainingJobArgs => ({ contract, job: trainingJob(c.workload), pool: "a100-1", addons: addons(), ...rest });
      const { error, types } = await attempt((contract) => {
        assert.deepEqual(trainingJobProblems(make(contract)), c.problems);
        new TrainingJob("job", make(contract));
      }, storageClasses);
      assert.ok(error instanceof BadInputError, String(error));
      assert.deepEqual(error.problems, c.problems);
      assert.deepEqual(types, ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"], "nothing registered");
    });
  }

  it("Monitoring rejects a retention that is not a duration and a size that is not a quantity", async () => {
    const { error, types } = await attempt((contract) => new Monitoring("monitoring", { contract, retention: "2 weeks", storage: "50GB" }));
    assert.ok(error instanceof BadInputError);
    assert.deepEqual(error.problems, [
      { path: "retention", message: 'must be a Prometheus duration such as "15d" or "36h", got "2 weeks"' },
      { path: "storage", message: 'must be a size in Mi, Gi or Ti such as "50Gi", got "50GB"' },
    ]);
    assert.deepEqual(types, ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"]);
  });

  it("ClusterAddons rejects a Prometheus URL the adapter cannot use", async () => {
    const { error, types } = await attempt(
      (contract) => new ClusterAddons("addons", { contract, services: [], monitoring: { ...monitoringRef(), prometheusUrl: "prometheus:9090/api" } }),
    );
    assert.ok(error instanceof BadInputError);
    assert.deepEqual(error.problems, [
      {
        path: "monitoring.prometheusUrl",
        message: 'must be an http(s) URL of a host and optional port, such as "http://prometheus.monitoring.svc:9090", got "prometheus:9090/api"',
      },
    ]);
    assert.deepEqual(types, ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"]);
  });
});
