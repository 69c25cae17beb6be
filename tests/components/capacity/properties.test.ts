import assert from "node:assert/strict";
import fc from "fast-check";
import { allocatable } from "../../../components/capacity/allocatable";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { findInstanceType, instanceTypes } from "../../../components/catalog/instances";
import type { Cloud, GpuModel } from "../../../components/catalog/types";
import type { CapacityPlan } from "../../../components/capacity/types";
import type { ValidSpec } from "../../../components/spec/types";
import { job, service, spec } from "./builder";

/** Models offered in each cloud's default region with a priced type, so random specs are feasible. */
const MODELS: Readonly<Record<Cloud, readonly GpuModel[]>> = {
  aws: ["l4", "a10g", "t4", "l40s", "h100"],
  gcp: ["l4", "t4", "a100-40gb", "a100-80gb"],
  azure: ["t4", "a100-80gb", "h100-nvl"],
};

const workload = (cloud: Cloud) =>
  fc.record({
    job: fc.boolean(),
    model: fc.constantFrom(...MODELS[cloud]),
    gpus: fc.constantFrom(1, 1, 1, 2, 4),
    cpu: fc.integer({ min: 1, max: 12 }),
    memoryGi: fc.integer({ min: 1, max: 60 }),
    min: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 4 }),
  });

type Shape = ReturnType<typeof workload> extends fc.Arbitrary<infer T> ? T : never;

/** The most GPUs a priced type of the model has in the cloud's default region: random pods stay feasible. */
function maxGpus(cloud: Cloud, model: GpuModel): number {
  const region = spec({ cloud }).region;
  return Math.max(...instanceTypes(cloud).filter((t) => t.gpu === model && t.pricePerHour !== null && t.regions.includes(region)).map((t) => t.gpus));
}

function build(cloud: Cloud, shapes: readonly Shape[]): ValidSpec {
  const o = (s: Shape) => ({ model: s.model, gpus: Math.min(s.gpus, maxGpus(cloud, s.model)), cpu: s.cpu, memory: `${s.memoryGi}Gi` });
  return spec({
    cloud,
    services: shapes.flatMap((s, i) => (s.job ? [] : [service(`w${i}`, { min: s.min, max: Math.max(1, s.min + s.extra) }, o(s))])),
    trainingJobs: shapes.flatMap((s, i) => (s.job ? [job(`w${i}`, 1 + s.extra, o(s))] : [])),
  });
}

const specs = (min: number, max: number) =>
  fc.constantFrom<Cloud>("aws", "gcp", "azure").chain((cloud) => fc.array(workload(cloud), { minLength: min, maxLength: max }).map((shapes) => build(cloud, shapes)));

function checkPlan(s: ValidSpec, plan: CapacityPlan): void {
  const byKey = new Map([...s.services, ...s.trainingJobs].map((w) => [w.key, w]));
  for (const p of plan.pools) {
    assert.ok(p.minNodes <= p.maxNodes, `${p.name}: minNodes ${p.minNodes} > maxNodes ${p.maxNodes}`);
    assert.equal(p.base.nodes.length, p.minNodes);
    assert.equal(p.peak.nodes.length, p.maxNodes);
    const node = allocatable(findInstanceType(s.cloud, p.instanceType)!);
    for (const packing of [p.base, p.peak]) {
      for (const n of packing.nodes) {
        let g = 0;
        let c = 0;
        let m = 0;
        for (const pod of n.pods) {
          const w = byKey.get(pod.slice(0, pod.lastIndexOf("#")))!;
          g += w.gpu!.count;
          c += w.cpu.millis;
          m += Math.ceil(w.memory.bytes / 2 ** 20);
        }
        assert.ok(g <= node.gpus && c <= node.cpuMillis && m <= node.memoryMiB, `${p.name}: a node over its allocatable`);
      }
    }
  }
  for (const w of plan.workloads) {
    const p = plan.pools.find((x) => x.name === w.pool)!;
    for (const [packing, count] of [
      [p.base, w.basePods],
      [p.peak, w.peakPods],
    ] as const) {
      const placed = packing.nodes.flatMap((n) => n.pods).filter((pod) => pod.startsWith(`${w.name}#`));
      assert.deepEqual(
        [...placed].sort(),
        Array.from({ length: count }, (_, i) => `${w.name}#${i}`).sort(),
        `${w.name}: every pod exactly once`,
      );
    }
  }
  const micros = (n: number) => Math.round(n * 1e6);
  assert.equal(micros(plan.cost.peakPerHour), plan.pools.reduce((s2, p) => s2 + micros(p.pricePerHour) * p.maxNodes, 0));
  assert.equal(micros(plan.cost.basePerHour), plan.pools.reduce((s2, p) => s2 + micros(p.pricePerHour) * p.minNodes, 0));
  assert.equal(micros(plan.cost.fixedPerHour), micros(plan.fixed!.systemPool.pricePerHour) * plan.fixed!.systemPool.nodes + micros(plan.fixed!.controlPlanePerHour));
}

describe("capacity plan properties", () => {
  it("places every pod exactly once, never over a node's allocatable, with minNodes ≤ maxNodes and costs that add up", () => {
    fc.assert(
      fc.property(specs(1, 6), (s) => checkPlan(s, planCapacity(s))),
      { numRuns: 100 },
    );
  });

  it("keeps those properties on specs large enough for the heuristic", () => {
    fc.assert(
      fc.property(specs(12, 30), (s) => checkPlan(s, planCapacity(s))),
      { numRuns: 15 },
    );
  });

  it("never lowers the peak cost when a service gets one more replica", () => {
    fc.assert(
      fc.property(specs(1, 5), fc.nat(), (s, pick) => {
        fc.pre(s.services.length > 0);
        const i = pick % s.services.length;
        const more: ValidSpec = {
          ...s,
          services: s.services.map((w, k) => (k === i ? { ...w, replicas: { min: w.replicas.min, max: w.replicas.max + 1 } } : w)),
        };
        assert.ok(planCapacity(more).cost.peakPerHour >= planCapacity(s).cost.peakPerHour);
      }),
      { numRuns: 100 },
    );
  });

  it("re-plans an unchanged spec against its lock without changing a byte", () => {
    fc.assert(
      fc.property(fc.oneof(specs(1, 6), specs(12, 24)), (s) => {
        const lock = serializeLock(planCapacity(s));
        assert.equal(serializeLock(planCapacity(s, parseLock(lock, "lock"))), lock);
      }),
      { numRuns: 40 },
    );
  });

  it("keeps every pool's name and type when replicas change but every pod still fits", () => {
    fc.assert(
      fc.property(specs(1, 6), fc.integer({ min: 1, max: 5 }), (s, bump) => {
        const lock = parseLock(serializeLock(planCapacity(s)), "lock");
        const more: ValidSpec = { ...s, services: s.services.map((w) => ({ ...w, replicas: { min: w.replicas.min, max: w.replicas.max + bump } })) };
        const next = planCapacity(more, lock);
        const before = new Map(lock.pools.map((p) => [p.name, p.instanceType]));
        for (const p of next.pools) if (before.has(p.name)) assert.equal(p.instanceType, before.get(p.name));
        for (const w of next.workloads) assert.equal(w.pool, lock.workloads.find((x) => x.name === w.name)!.pool);
        assert.deepEqual(next.replacements, []);
      }),
      { numRuns: 60 },
    );
  });

  it("plans any spec against the lock of any other spec of its cloud, keeping every property, with unique pool names", () => {
    const pair = fc.constantFrom<Cloud>("aws", "gcp", "azure").chain((cloud) =>
      fc.tuple(fc.array(workload(cloud), { minLength: 1, maxLength: 6 }), fc.array(workload(cloud), { minLength: 1, maxLength: 6 })).map(([a, b]) => [build(cloud, a), build(cloud, b)] as const),
    );
    fc.assert(
      fc.property(pair, fc.boolean(), ([a, b], replan) => {
        const lock = parseLock(serializeLock(planCapacity(a)), "lock");
        const next = planCapacity(b, lock, { replan });
        checkPlan(b, next);
        const names = next.pools.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, `pool names repeat: ${names.join(", ")}`);
      }),
      { numRuns: 150 },
    );
  });
});
