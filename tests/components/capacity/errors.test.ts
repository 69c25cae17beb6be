import assert from "node:assert/strict";
import { planCapacity, capacityProblems } from "../../../components/capacity/plan";
import { cores, diagnose, gib } from "../../../components/capacity/feasibility";
import { allocatable } from "../../../components/capacity/allocatable";
import { workloadDemands } from "../../../components/capacity/demand";
import type { InstanceType } from "../../../components/catalog/types";
import { SpecError } from "../../../components/spec/errors";
import type { SpecProblem, ValidSpec } from "../../../components/spec/types";
import { cpuPool, job, pool, service, spec } from "./builder";

function problemsOf(s: ValidSpec): readonly SpecProblem[] {
  try {
    planCapacity(s);
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
  assert.fail("expected a SpecError");
}

describe("planCapacity errors", () => {
  it("rejects a pod with more GPUs than any node of its model, naming the largest node", () => {
    assert.deepEqual(problemsOf(spec({ trainingJobs: [job("finetune", 2, { model: "a100-80gb", gpus: 16, cpu: 48, memory: "600Gi" })] })), [
      {
        path: "trainingJobs[0].gpu.count",
        message: "finetune asks for 16 × a100-80gb per pod, but the largest aws type has 8 (p4de.24xlarge); ask for at most 8 per pod (a pod runs on one node)",
      },
    ]);
  });

  it("rejects a pod with more CPU than any node with its GPUs leaves for pods", () => {
    assert.deepEqual(problemsOf(spec({ trainingJobs: [job("finetune", 1, { model: "a100-80gb", gpus: 8, cpu: 200, memory: "600Gi" })] })), [
      {
        path: "trainingJobs[0].cpu",
        message:
          "finetune asks for 200 CPU per pod, but the most any aws type with 8 × a100-80gb leaves for pods is 95.325 (p4de.24xlarge, after the node's reservations and daemons); ask for at most 95.325",
      },
    ]);
  });

  it("rejects a pod with more memory than any node with its GPUs leaves for pods", () => {
    assert.deepEqual(problemsOf(spec({ services: [service("chat", { min: 1, max: 1 }, { gpus: 8, cpu: 8, memory: "800Gi" })] })), [
      {
        path: "services[0].memory",
        message: "chat asks for 800Gi memory per pod, but the most any aws type with 8 × l4 leaves for pods is 701.3Gi (g6.48xlarge, after the node's reservations and daemons); ask for at most 701.3Gi",
      },
    ]);
  });

  it("rejects a model the region does not offer, listing the regions that do", () => {
    assert.deepEqual(problemsOf(spec({ region: "us-east-2", trainingJobs: [job("ft", 1, { model: "a100-80gb", gpus: 8, cpu: 48, memory: "600Gi" })] })), [
      { path: "trainingJobs[0].gpu.model", message: "ft asks for a100-80gb, which aws does not offer in us-east-2; regions with it: us-east-1, us-west-2" },
    ]);
  });

  it("rejects a minMemoryGiB above every GPU of the cloud", () => {
    assert.deepEqual(problemsOf(spec({ services: [service("huge", { min: 1, max: 1 }, { minMemoryGiB: 200 })] })), [
      {
        path: "services[0].gpu.minMemoryGiB",
        message: "huge asks for a GPU with at least 200 GiB, but the largest on aws is b200 (180 GiB); ask for at most 180 GiB and spread the model over more GPUs",
      },
    ]);
  });

  it("rejects a workload only unpriced types fit instead of choosing one at price 0", () => {
    // a3-ultragpu-8g is the only h200 shape on gcp, and no public source gave its price.
    assert.deepEqual(problemsOf(spec({ cloud: "gcp", trainingJobs: [job("t", 1, { model: "h200", gpus: 8, cpu: 96, memory: "1000Gi" })] })), [
      {
        path: "trainingJobs[0].gpu",
        message: "t fits only instance types without a known price (a3-ultragpu-8g); the planner does not pick a type it cannot cost: ask for another GPU model or smaller pods",
      },
    ]);
  });

  it("rejects a model no declared pool carries", () => {
    const s = spec({ gpuPools: [pool("inference", "l4", ["g6.xlarge"])], services: [service("chat", { min: 1, max: 1 }, { model: "a10g" })] });
    assert.deepEqual(problemsOf(s), [
      { path: "services[0].gpu.model", message: "chat asks for a10g, but no gpuPools entry has gpu a10g; add a pool for a10g, or remove gpuPools to let the planner derive the pools" },
    ]);
  });

  it("rejects declared candidates that are unknown, carry another GPU or are not offered in the region", () => {
    const s = spec({ region: "us-east-2", gpuPools: [pool("p", "l4", ["g6.xl", "g5.xlarge", "g6.xlarge"]), pool("q", "a100-80gb", ["p4de.24xlarge"])] });
    assert.deepEqual(problemsOf(s), [
      { path: "gpuPools[0].instanceTypes[0]", message: '"g6.xl" is not a GPU instance type of aws in the catalogue; `ml-clusters catalog aws` lists them' },
      { path: "gpuPools[0].instanceTypes[1]", message: "g5.xlarge carries a10g, not the pool's gpu l4; use a type with l4, or change the pool's gpu" },
      { path: "gpuPools[1].instanceTypes[0]", message: "p4de.24xlarge is not offered in us-east-2; regions with it: us-east-1, us-west-2; pick a type offered in us-east-2" },
    ]);
  });

  it("rejects a declared pool whose candidates cannot hold, on one type, every workload only it can run", () => {
    // a needs 2 GPUs (only g6.12xlarge); b needs 60 CPU on one GPU (only g6.16xlarge).
    const s = spec({
      gpuPools: [pool("mixed", "l4", ["g6.12xlarge", "g6.16xlarge"])],
      services: [service("a", { min: 1, max: 1 }, { gpus: 2, cpu: 4 }), service("b", { min: 1, max: 1 }, { gpus: 1, cpu: 60 })],
    });
    assert.deepEqual(problemsOf(s), [
      {
        path: "gpuPools[0].instanceTypes",
        message: "no candidate fits all of research/a, research/b, which only this pool can run (a pool has one instance type); add a type that fits them all, or split them over two pools",
      },
    ]);
  });

  it("rejects a system pool instance type the catalogue cannot price", () => {
    const s = spec({ systemPool: { instanceType: "m5.xlarge", minNodes: 2, maxNodes: 4 } });
    assert.deepEqual(problemsOf(s), [
      {
        path: "systemPool.instanceType",
        message: '"m5.xlarge" has no price in the aws catalogue, so the plan cannot size or cost the system pool; use one of m6i.large, m6i.xlarge, m6i.2xlarge, m7i.large, m7i.xlarge, m7i.2xlarge',
      },
    ]);
  });

  it("rejects a pod without a GPU larger than any CPU type leaves, naming the largest", () => {
    // m7i.24xlarge, 96 vCPU: 96000m − 310m kube-reserved − the every-node daemons = 95.475 for pods.
    const s = spec({ services: [service("api", { min: 1, max: 2 }, { noGpu: true, cpu: 200, memory: "20Gi" })] });
    assert.deepEqual(problemsOf(s), [
      {
        path: "services[0].cpu",
        message: "api asks for 200 CPU per pod, but the most any aws CPU type leaves for pods is 95.475 (m7i.24xlarge, after the node's reservations and daemons); ask for at most 95.475",
      },
    ]);
  });

  it("rejects a pod without a GPU that even the largest memory-optimised type cannot hold", () => {
    const s = spec({ trainingJobs: [job("etl", 1, { noGpu: true, cpu: 1, memory: "12Ti" })] });
    assert.deepEqual(problemsOf(s), [
      {
        path: "trainingJobs[0].memory",
        message: "etl asks for 12Ti memory per pod, but the most any aws CPU type leaves for pods is 701.9Gi (r7i.24xlarge, after the node's reservations and daemons); ask for at most 701.9Gi",
      },
    ]);
  });

  it("rejects declared CPU pool candidates that carry a GPU or are unknown, and pods its candidates cannot hold", () => {
    const s = spec({ cpuPools: [cpuPool("batch", ["m7i.large", "g6.xlarge", "m9.huge"])], services: [service("api", { min: 1, max: 2 }, { noGpu: true, cpu: 4, memory: "20Gi" })] });
    assert.deepEqual(problemsOf(s), [
      { path: "cpuPools[0].instanceTypes[1]", message: "g6.xlarge carries l4, and a CPU pool takes CPU types only; use a type without a GPU, or move it to gpuPools" },
      { path: "cpuPools[0].instanceTypes[2]", message: '"m9.huge" is not a CPU instance type of aws in the catalogue; `ml-clusters catalog aws` lists them' },
      {
        path: "services[0].cpu",
        message: "api asks for 4 CPU per pod, but the most any candidate in cpuPools leaves for pods is 1.715 (m7i.large, after the node's reservations and daemons); ask for at most 1.715",
      },
    ]);
  });

  it("throws every problem at once, in spec order", () => {
    const s = spec({
      services: [service("a", { min: 1, max: 1 }, { gpus: 9 }), service("ok", { min: 1, max: 1 })],
      trainingJobs: [job("b", 1, { model: "a100-80gb", gpus: 8, cpu: 500, memory: "8Gi" })],
    });
    assert.deepEqual(
      problemsOf(s).map((p) => p.path),
      ["services[0].gpu.count", "trainingJobs[0].cpu"],
    );
    assert.deepEqual(
      capacityProblems(s).map((p) => p.path),
      ["services[0].gpu.count", "trainingJobs[0].cpu"],
    );
  });

  it("rejects CPU and memory that no single node leaves together, naming the closest node", () => {
    const base = { cloud: "aws", machineType: "x", gpu: "l4", gpus: 1, gpuMemoryGiB: 22.35, pricePerHour: 1, priceRegion: "us-east-1", regions: ["us-east-1"] } as const;
    const wide: InstanceType = { ...base, name: "g6.16xlarge", machineType: "g6.16xlarge", vcpus: 64, memoryGiB: 32 };
    const tall: InstanceType = { ...base, name: "g6.4xlarge", machineType: "g6.4xlarge", vcpus: 8, memoryGiB: 256 };
    const [d] = workloadDemands(spec({ services: [service("chat", { min: 1, max: 1 }, { cpu: 20, memory: "100Gi" })] }));
    const result = diagnose(d!, { cloud: "aws", region: "us-east-1" }, { declared: true, types: [wide, tall] });
    const a = allocatable(tall);
    assert.deepEqual(result, {
      problem: {
        path: "services[0]",
        message: `chat asks for 20 CPU and 100Gi memory per pod with 1 × l4, but no candidate in gpuPools leaves both for pods; the closest, g6.4xlarge, leaves ${cores(a.cpuMillis)} CPU and ${gib(a.memoryMiB)}; lower one of the two`,
      },
    });
  });
});
