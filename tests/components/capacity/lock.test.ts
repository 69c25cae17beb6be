import assert from "node:assert/strict";
import { planCapacity } from "../../../components/capacity/plan";
import { lockFileName, parseLock, serializeLock, serializePlan } from "../../../components/capacity/lock";
import type { CapacityPlan } from "../../../components/capacity/types";
import { SpecError } from "../../../components/spec/errors";
import { job, pool, service, spec } from "./builder";

const chat = (cpu: number, max = 2, name = "chat") => service(name, { min: 1, max }, { cpu, memory: "12Gi" });
const lockOf = (plan: CapacityPlan) => parseLock(serializeLock(plan), "stacks/capacity.dev.json");
const summary = (plan: CapacityPlan) => plan.pools.map((p) => [p.name, p.instanceType, p.minNodes, p.maxNodes]);

function lockProblemsOf(text: string) {
  try {
    parseLock(text, "stacks/capacity.dev.json");
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
  assert.fail("expected a SpecError");
}

describe("plan lock", () => {
  it("names the lock file of a stack", () => {
    assert.equal(lockFileName("dev"), "stacks/capacity.dev.json");
  });

  it("re-plans an unchanged spec against its lock to the same bytes, in the lock and in --json", () => {
    const s = spec({ services: [chat(3), service("two", { min: 0, max: 3 }, { gpus: 2, cpu: 8, memory: "16Gi" })] });
    const first = serializeLock(planCapacity(s));
    const again = planCapacity(s, parseLock(first, "stacks/capacity.dev.json"));
    assert.equal(serializeLock(again), first);
    assert.equal(serializePlan(again), first);
  });

  it("keeps a pool's name and instance type while its demand still fits, moving only min and max", () => {
    // cpu 6 needs g6.2xlarge; at cpu 3 g6.xlarge would be cheaper, but the pool keeps g6.2xlarge.
    const lock = lockOf(planCapacity(spec({ services: [chat(6)] })));
    assert.deepEqual(summary(lock), [["l4-1", "g6.2xlarge", 1, 2]]);
    const next = planCapacity(spec({ services: [chat(3, 5)] }), lock);
    assert.deepEqual(summary(next), [["l4-1", "g6.2xlarge", 1, 5]]);
    assert.deepEqual(next.replacements, []);
    assert.deepEqual(summary(planCapacity(spec({ services: [chat(3, 5)] }))), [["l4-1", "g6.xlarge", 1, 5]]);
  });

  it("replaces a pool's type on --replan, keeps its name and says so", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(6)] })));
    const next = planCapacity(spec({ services: [chat(3)] }), lock, { replan: true });
    assert.deepEqual(summary(next), [["l4-1", "g6.xlarge", 1, 2]]);
    assert.deepEqual(next.replacements, [{ pool: "l4-1", from: "g6.2xlarge", to: "g6.xlarge", reason: "re-planned on request (--replan)" }]);
    assert.match(serializePlan(next), /"replacements": \[/);
    assert.doesNotMatch(serializeLock(next), /replacements/);
  });

  it("replaces a pool's type when its demand no longer fits, under the same name, with the reason", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(3)] })));
    const next = planCapacity(spec({ services: [chat(6)] }), lock);
    assert.deepEqual(summary(next), [["l4-1", "g6.2xlarge", 1, 2]]);
    assert.deepEqual(next.replacements, [{ pool: "l4-1", from: "g6.xlarge", to: "g6.2xlarge", reason: "research/chat (1 × l4, 6 CPU, 12Gi per pod) no longer fits g6.xlarge" }]);
  });

  it("adds a new workload to a kept pool when that costs no more than a pool of its own", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(3)] })));
    const next = planCapacity(spec({ services: [chat(3), chat(2, 1, "embed")] }), lock);
    assert.deepEqual(summary(next), [["l4-1", "g6.xlarge", 2, 3]]);
    assert.deepEqual(next.workloads.map((w) => w.pool), ["l4-1", "l4-1"]);
  });

  it("keeps other pools' names when one pool goes, and never gives a new pool a name the lock had", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(3, 1, "a"), chat(40, 1, "b")] })));
    assert.deepEqual(summary(lock), [
      ["l4-1", "g6.xlarge", 1, 1],
      ["l4-2", "g6.16xlarge", 1, 1],
    ]);
    // "a" goes, a new workload needing g6.4xlarge (12 CPU) comes: l4-2 stays, the newcomer is l4-3.
    const next = planCapacity(spec({ services: [chat(40, 1, "b"), chat(12, 1, "c")] }), lock);
    assert.deepEqual(summary(next), [
      ["l4-2", "g6.16xlarge", 1, 1],
      ["l4-3", "g6.4xlarge", 1, 1],
    ]);
    assert.deepEqual(next.replacements, []);
  });

  it("on --replan, hands a previous name to the new pool of the same type before the one sharing workloads", () => {
    // Before: l4-1 = g6.2xlarge {a}, l4-2 = g6.xlarge {b}. After the change a fits g6.xlarge and b needs g6.2xlarge:
    // the names follow the types, so no node pool is replaced; the workloads move instead.
    const lock = lockOf(planCapacity(spec({ services: [chat(6, 1, "a"), chat(3, 1, "b")] })));
    assert.deepEqual(summary(lock), [
      ["l4-1", "g6.2xlarge", 1, 1],
      ["l4-2", "g6.xlarge", 1, 1],
    ]);
    const next = planCapacity(spec({ services: [chat(3, 1, "a"), chat(6, 1, "b")] }), lock, { replan: true });
    assert.deepEqual(summary(next), [
      ["l4-1", "g6.2xlarge", 1, 1],
      ["l4-2", "g6.xlarge", 1, 1],
    ]);
    assert.deepEqual(next.workloads.map((w) => [w.name, w.pool]), [
      ["research/a", "l4-2"],
      ["research/b", "l4-1"],
    ]);
    assert.deepEqual(next.replacements, []);
  });

  it("replaces a locked type that left the catalogue", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(3)] })));
    const tampered = parseLock(serializeLock(lock).replace(/g6\.xlarge/g, "g6.9xlarge"), "stacks/capacity.dev.json");
    const next = planCapacity(spec({ services: [chat(3)] }), tampered);
    assert.deepEqual(next.replacements, [{ pool: "l4-1", from: "g6.9xlarge", to: "g6.xlarge", reason: "g6.9xlarge is no longer in the aws catalogue" }]);
  });

  it("keeps a spot pool's list of types when more replicas would pack nodes that one listed type cannot hold", () => {
    // Found by the lock-stability property (seed 1973104106): with one more w0 replica, the new
    // packing put w0 and w1 pods on a node c7i.24xlarge (192 GiB) could not hold, and the list
    // swapped it for m7i.24xlarge, replacing the node group. Nodes are now packed to what every
    // listed type holds.
    const w0 = (max: number) => service("w0", { min: 2, max }, { noGpu: true, cpu: 11, memory: "37Gi", spot: true });
    const w1 = job("w1", 2, { noGpu: true, cpu: 8, memory: "48Gi", spot: true });
    const w2 = service("w2", { min: 0, max: 1 }, { noGpu: true, cpu: 1, memory: "1Gi" });
    const lock = lockOf(planCapacity(spec({ services: [w0(5), w2], trainingJobs: [w1] })));
    const next = planCapacity(spec({ services: [w0(6), w2], trainingJobs: [w1] }), lock);
    assert.deepEqual(next.replacements, []);
    const spot = (plan: CapacityPlan) => plan.pools.find((p) => p.name === "cpu-spot-1")!;
    assert.deepEqual(spot(next).instanceTypes, spot(lock).instanceTypes);
    assert.equal(spot(lock).instanceTypes!.length, 5);
  });

  it("replaces every pool of a lock written for another cloud, saying the cloud changed", () => {
    const lock = lockOf(planCapacity(spec({ services: [chat(3)] })));
    const next = planCapacity(spec({ cloud: "gcp", services: [chat(3)] }), lock);
    assert.deepEqual(summary(next), [["l4-1", "g2-standard-8", 1, 2]]);
    assert.deepEqual(next.replacements, [
      { pool: "system", from: "m6i.xlarge", to: "e2-standard-4", reason: "the cloud changed from aws to gcp: every node pool is new" },
      { pool: "l4-1", from: "g6.xlarge", to: "g2-standard-8", reason: "the cloud changed from aws to gcp: every node pool is new" },
    ]);
  });

  it("keeps a declared pool's locked type while it fits, and replaces it when the candidates drop it", () => {
    const pools = (types: string[]) => [pool("inference", "l4", types)];
    const lock = lockOf(planCapacity(spec({ gpuPools: pools(["g6.2xlarge", "g6.4xlarge"]), services: [chat(6)] })));
    assert.deepEqual(summary(lock), [["inference", "g6.2xlarge", 1, 2]]);
    const kept = planCapacity(spec({ gpuPools: pools(["g6.xlarge", "g6.2xlarge"]), services: [chat(3)] }), lock);
    assert.deepEqual(summary(kept), [["inference", "g6.2xlarge", 1, 2]]);
    const dropped = planCapacity(spec({ gpuPools: pools(["g6.xlarge", "g6.4xlarge"]), services: [chat(3)] }), lock);
    assert.deepEqual(summary(dropped), [["inference", "g6.xlarge", 1, 2]]);
    assert.deepEqual(dropped.replacements, [{ pool: "inference", from: "g6.2xlarge", to: "g6.xlarge", reason: "g6.2xlarge is no longer a priced candidate of gpuPools[0] in us-east-1" }]);
  });

  it("says a declared pool is replaced when only its spot setting changes, keeping its type", () => {
    const spotChat = service("chat", { min: 2, max: 2 }, { cpu: 3, memory: "12Gi", spot: true });
    const lock = lockOf(planCapacity(spec({ gpuPools: [pool("inference", "l4", ["g6.xlarge"])], services: [chat(3)] })));
    const next = planCapacity(spec({ gpuPools: [pool("inference", "l4", ["g6.xlarge"], true)], services: [spotChat] }), lock);
    assert.deepEqual(summary(next), [
      ["inference", "g6.xlarge", 2, 2],
      ["inference-fallback", "g6.xlarge", 0, 2],
    ]);
    assert.deepEqual(next.replacements, [
      { pool: "inference", from: "g6.xlarge", to: "g6.xlarge", reason: "on-demand nodes become spot: a node pool's capacity type cannot change in place" },
    ]);
  });

  it("gives way on a declared pool's locked type when a workload only it can run no longer fits", () => {
    const pools = [pool("inference", "l4", ["g6.xlarge", "g6.2xlarge"])];
    const lock = lockOf(planCapacity(spec({ gpuPools: pools, services: [chat(3)] })));
    const next = planCapacity(spec({ gpuPools: pools, services: [chat(3), chat(6, 1, "big")] }), lock);
    assert.deepEqual(summary(next), [["inference", "g6.2xlarge", 2, 3]]);
    assert.deepEqual(next.replacements, [{ pool: "inference", from: "g6.xlarge", to: "g6.2xlarge", reason: "research/big (1 × l4, 6 CPU, 12Gi per pod) no longer fits g6.xlarge" }]);
  });

  it("rejects a lock that is not JSON, saying how to recover", () => {
    // The parser's own words vary with the Node version; they are quoted, whatever they are.
    let why = "";
    try {
      JSON.parse("{ nope");
    } catch (e) {
      why = (e as Error).message;
    }
    assert.deepEqual(lockProblemsOf("{ nope"), [
      { path: "stacks/capacity.dev.json", message: `is not valid JSON (${why}); restore it from git, or delete it and run \`plan --write\` to write a fresh one` },
    ]);
  });

  it("rejects a lock with fields of the wrong shape, each at its path", () => {
    const good = JSON.parse(serializeLock(planCapacity(spec({ services: [chat(3)] }))));
    good.pools[0].gpu = "l5";
    good.pools[0].maxNodes = -1;
    good.workloads[0].pool = "gone";
    assert.deepEqual(lockProblemsOf(JSON.stringify(good)), [
      {
        path: "stacks/capacity.dev.json pools[0].gpu",
        message:
          'must be one of t4, v100, a10g, a10, l4, l40s, a100-40gb, a100-80gb, h100, h100-nvl, h200, b200, got "l5"; the lock is written by `plan --write`, restore it from git or re-write it',
      },
      { path: "stacks/capacity.dev.json pools[0].maxNodes", message: "must be a whole number ≥ 0, got -1; the lock is written by `plan --write`, restore it from git or re-write it" },
      { path: "stacks/capacity.dev.json workloads[0].pool", message: '"gone" is not the name of a pool in this lock; restore the lock from git or re-write it' },
    ]);
  });
});
