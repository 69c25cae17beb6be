import assert from "node:assert/strict";
import fc from "fast-check";
import { allocatable } from "../../../components/capacity/allocatable";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { findWorkerType, instanceTypes } from "../../../components/catalog/instances";
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
    /** A CPU workload about one time in four. */
    cpuOnly: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    /** Kept only where the validator allows spot: jobs, services with min >= 2. */
    spot: fc.boolean(),
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
  const o = (s: Shape) => ({
    spot: s.spot && (s.job || s.min >= 2),
    ...(s.cpuOnly ? { noGpu: true } : { model: s.model, gpus: Math.min(s.gpus, maxGpus(cloud, s.model)) }),
    cpu: s.cpu,
    memory: `${s.memoryGi}Gi`,
  });
  return spec({
    cloud,
    services: shapes.flatMap((s, i) => (s.job ? [] : [service(`w${i}`, { min: s.min, max: Math.max(1, s.min + s.extra) }, o(s))])),
    trainingJobs: shapes.flatMap((s, i) => (s.job ? [job(`w${i}`, 1 + s.extra, o(s))] : [])),
  });
}

const specs = (min: number, max: number) =>
  fc.constantFrom<Cloud>("aws", "gcp", "azure").chain((cloud) => fc.array(workload(cloud), { minLength: min, maxLength: max }).map((shapes) => build(cloud, shapes)));

/** Pods of workload `name` on a packing, sorted. */
function podsOf(packing: CapacityPlan["pools"][number]["peak"], name: string): string[] {
  return packing.nodes
    .flatMap((n) => n.pods)
    .filter((pod) => pod.startsWith(`${name}#`))
    .sort();
}

const numbered = (name: string, count: number) => Array.from({ length: count }, (_, i) => `${name}#${i}`).sort();

function checkPlan(s: ValidSpec, plan: CapacityPlan): void {
  const byKey = new Map([...s.services, ...s.trainingJobs].map((w) => [w.key, w]));
  for (const p of plan.pools) {
    assert.ok(p.minNodes <= p.maxNodes, `${p.name}: minNodes ${p.minNodes} > maxNodes ${p.maxNodes}`);
    assert.equal(p.base.nodes.length, p.minNodes);
    assert.equal(p.peak.nodes.length, p.maxNodes);
    const type = findWorkerType(s.cloud, p.instanceType)!;
    assert.equal(p.gpu, type.gpu, `${p.name}: gpu is the type's`);
    assert.equal(p.gpusPerNode, type.gpus, `${p.name}: gpusPerNode is the type's`);
    const node = allocatable(type);
    for (const packing of [p.base, p.peak]) {
      for (const n of packing.nodes) {
        let g = 0;
        let c = 0;
        let m = 0;
        for (const pod of n.pods) {
          const w = byKey.get(pod.slice(0, pod.lastIndexOf("#")))!;
          g += w.gpu?.count ?? 0;
          c += w.cpu.millis;
          m += Math.ceil(w.memory.bytes / 2 ** 20);
        }
        assert.ok(g <= node.gpus && c <= node.cpuMillis && m <= node.memoryMiB, `${p.name}: a node over its allocatable`);
      }
    }
  }
  const poolNamed = new Map(plan.pools.map((p) => [p.name, p]));
  for (const w of plan.workloads) {
    const spec = byKey.get(w.name)!;
    const p = poolNamed.get(w.pool)!;
    // Every pod once on its pool, and on no other pool but its fallback.
    assert.deepEqual(podsOf(p.base, w.name), numbered(w.name, w.basePods), `${w.name}: every base pod exactly once`);
    assert.deepEqual(podsOf(p.peak, w.name), numbered(w.name, w.peakPods), `${w.name}: every peak pod exactly once`);
    for (const q of plan.pools) {
      if (q.name === w.pool || q.name === w.fallbackPool) continue;
      assert.deepEqual([...podsOf(q.base, w.name), ...podsOf(q.peak, w.name)], [], `${w.name}: pods on ${q.name}, not its pool`);
    }
    assert.equal(p.gpu === null, spec.gpu === undefined, `${w.name}: a CPU workload on a CPU pool, a GPU workload on a GPU pool`);
    assert.equal(p.spot, spec.spot, `${w.name}: spot workloads on spot pools only, and only they`);
    assert.equal(p.fallbackFor, undefined, `${w.name}: its pool is not a fallback`);
    if (spec.spot) {
      const f = poolNamed.get(w.fallbackPool!);
      assert.ok(f !== undefined, `${w.name}: a spot workload has a fallback pool`);
      assert.equal(f.fallbackFor, w.pool);
      // The fallback holds all the workload's pods at peak: the worst case, no spot at all.
      assert.deepEqual(podsOf(f.peak, w.name), numbered(w.name, w.peakPods), `${w.name}: every peak pod on the fallback`);
    } else assert.equal(w.fallbackPool, undefined, `${w.name}: only spot workloads have a fallback`);
  }
  const members = (pool: string, field: "pool" | "fallbackPool") => plan.workloads.filter((w) => w[field] === pool).map((w) => w.name);
  for (const p of plan.pools.filter((x) => x.spot)) {
    const fallbacks = plan.pools.filter((f) => f.fallbackFor === p.name);
    assert.equal(fallbacks.length, 1, `${p.name}: exactly one fallback pool`);
    const f = fallbacks[0]!;
    assert.equal(f.spot, false, `${f.name}: a fallback is on-demand`);
    assert.equal(f.gpu === null, p.gpu === null, `${f.name}: a fallback of a CPU pool is a CPU pool`);
    assert.deepEqual(members(f.name, "fallbackPool"), members(p.name, "pool"), `${f.name}: the same workloads as ${p.name}`);
    assert.equal(f.minNodes, 0, `${f.name}: base 0`);
    assert.deepEqual(f.base.nodes, []);
  }
  for (const f of plan.pools.filter((x) => x.fallbackFor !== undefined)) assert.equal(poolNamed.get(f.fallbackFor!)?.spot, true, `${f.name}: stands in for a spot pool`);

  // Worst case (no spot): on-demand and fallback pools at their on-demand price, spot pools at zero.
  // With spot: spot pools at their spot price (else on-demand), fallbacks at zero.
  const micros = (n: number) => Math.round(n * 1e6);
  const sum = (pools: typeof plan.pools, price: (p: (typeof plan.pools)[number]) => number, nodes: "minNodes" | "maxNodes") => pools.reduce((t, p) => t + micros(price(p)) * p[nodes], 0);
  const onDemand = plan.pools.filter((p) => !p.spot && p.fallbackFor === undefined);
  const fallback = plan.pools.filter((p) => p.fallbackFor !== undefined);
  const spot = plan.pools.filter((p) => p.spot);
  assert.equal(micros(plan.cost.peakPerHour), sum(onDemand, (p) => p.pricePerHour, "maxNodes") + sum(fallback, (p) => p.pricePerHour, "maxNodes"));
  // A fallback's base in the worst case is the spot pool's base pods on its type, which the plan does not list.
  const onDemandBase = sum(onDemand, (p) => p.pricePerHour, "minNodes");
  assert.ok(micros(plan.cost.basePerHour) >= onDemandBase && micros(plan.cost.basePerHour) <= onDemandBase + sum(fallback, (p) => p.pricePerHour, "maxNodes"));
  if (spot.length === 0) {
    assert.equal(plan.cost.spotPeakPerHour, undefined);
    assert.equal(micros(plan.cost.basePerHour), onDemandBase);
  } else {
    assert.equal(micros(plan.cost.spotPeakPerHour!), sum(onDemand, (p) => p.pricePerHour, "maxNodes") + sum(spot, (p) => p.spotPricePerHour ?? p.pricePerHour, "maxNodes"));
    assert.equal(micros(plan.cost.spotBasePerHour!), onDemandBase + sum(spot, (p) => p.spotPricePerHour ?? p.pricePerHour, "minNodes"));
  }
  assert.equal(micros(plan.cost.fixedPerHour), micros(plan.fixed!.systemPool.pricePerHour) * plan.fixed!.systemPool.nodes + micros(plan.fixed!.controlPlanePerHour));
}

/** What the search minimises: the cost with spot available where the plan has spot pools. */
const objective = (plan: CapacityPlan) => plan.cost.spotPeakPerHour ?? plan.cost.peakPerHour;

describe("capacity plan properties", () => {
  it("places every pod exactly once, CPU pods on CPU pools and spot pods on spot pools with one fallback each, never over a node's allocatable, with costs that add up", () => {
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

  it("never lowers the peak cost the search minimises when a service gets one more replica", () => {
    fc.assert(
      fc.property(specs(1, 5), fc.nat(), (s, pick) => {
        fc.pre(s.services.length > 0);
        const i = pick % s.services.length;
        const more: ValidSpec = {
          ...s,
          services: s.services.map((w, k) => (k === i ? { ...w, replicas: { min: w.replicas.min, max: w.replicas.max + 1 } } : w)),
        };
        assert.ok(objective(planCapacity(more)) >= objective(planCapacity(s)));
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
