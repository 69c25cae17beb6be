import assert from "node:assert/strict";
import fc from "fast-check";
import { planCapacity } from "../../../components/capacity/plan";
import { exactPack, firstFitDecreasing, lowerBound, packPool, PackGroup } from "../../../components/capacity/packing";
import type { Cloud, GpuModel } from "../../../components/catalog/types";
import { SpecError } from "../../../components/spec/errors";
import type { CapacityPlan } from "../../../components/capacity/types";
import { BruteCost, bruteForceDeclared, bruteForceDerived, bruteMinNodes } from "./brute-force";
import { cpuPool, job, pool, service, spec, SpecOptions } from "./builder";

const MODELS: Readonly<Record<Cloud, readonly GpuModel[]>> = {
  aws: ["l4", "a10g", "t4", "l40s"],
  gcp: ["l4", "t4", "a100-40gb"],
  azure: ["t4", "a100-80gb"],
};

interface Shape {
  readonly job: boolean;
  /** No GPU: a CPU workload. */
  readonly cpuOnly: boolean;
  /** Asks for spot; kept only where the validator allows it (jobs, services with min >= 2). */
  readonly spot: boolean;
  readonly model?: GpuModel;
  readonly minMemoryGiB: number;
  readonly gpus: number;
  readonly cpu: number;
  readonly memoryGi: number;
  readonly min: number;
  readonly extra: number;
}

const shape = (cloud: Cloud): fc.Arbitrary<Shape> =>
  fc.record({
    job: fc.boolean(),
    cpuOnly: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    spot: fc.boolean(),
    model: fc.option(fc.constantFrom(...MODELS[cloud]), { nil: undefined }),
    minMemoryGiB: fc.constantFrom(16, 24, 40),
    gpus: fc.integer({ min: 1, max: 4 }),
    cpu: fc.integer({ min: 1, max: 40 }),
    memoryGi: fc.integer({ min: 1, max: 160 }),
    min: fc.integer({ min: 0, max: 2 }),
    extra: fc.integer({ min: 0, max: 1 }),
  });

function build(cloud: Cloud, shapes: readonly Shape[], pools?: SpecOptions["gpuPools"], cpuPools?: SpecOptions["cpuPools"]) {
  const services = shapes.flatMap((s, i) =>
    s.job ? [] : [service(`w${i}`, { min: s.min, max: Math.max(1, s.min + s.extra) }, opts(s))],
  );
  const trainingJobs = shapes.flatMap((s, i) => (s.job ? [job(`w${i}`, 1 + s.extra, opts(s))] : []));
  return spec({ cloud, services, trainingJobs, ...(pools !== undefined ? { gpuPools: pools } : {}), ...(cpuPools !== undefined ? { cpuPools } : {}) });
}

function opts(s: Shape) {
  const spot = s.spot && (s.job || s.min >= 2);
  if (s.cpuOnly) return { noGpu: true, spot, cpu: s.cpu, memory: `${s.memoryGi}Gi` };
  return { spot, gpus: s.gpus, cpu: s.cpu, memory: `${s.memoryGi}Gi`, ...(s.model !== undefined ? { model: s.model } : { minMemoryGiB: s.minMemoryGiB }) };
}

/**
 * What the search minimises: every pool but the fallbacks (chosen after it), spot pools at their
 * spot price. With spot pools that is the plan's cost with spot available; without, its cost.
 */
function costOf(plan: CapacityPlan): BruteCost {
  const spotAware = plan.cost.spotPeakPerHour !== undefined;
  return {
    peak: Math.round((spotAware ? plan.cost.spotPeakPerHour! : plan.cost.peakPerHour) * 1e6),
    base: Math.round((spotAware ? plan.cost.spotBasePerHour! : plan.cost.basePerHour) * 1e6),
    pools: plan.pools.filter((p) => p.fallbackFor === undefined).length,
  };
}

/** The plan's cost, or undefined when the planner rejects the spec as infeasible. */
function planned(s: ReturnType<typeof spec>): BruteCost | undefined {
  try {
    return costOf(planCapacity(s));
  } catch (e) {
    if (e instanceof SpecError) return undefined;
    throw e;
  }
}

describe("capacity planner optimality", () => {
  for (const cloud of ["aws", "gcp", "azure"] as const) {
    it(`plans at the brute-force optimum (peak, then base cost, then pools) on random small ${cloud} specs with CPU and spot workloads`, () => {
      fc.assert(
        fc.property(fc.array(shape(cloud), { minLength: 1, maxLength: 3 }), (shapes) => {
          const s = build(cloud, shapes);
          assert.deepEqual(planned(s), bruteForceDerived(s));
        }),
        { numRuns: 60 },
      );
    });
  }

  it("plans at the brute-force optimum with declared gpuPools and cpuPools, on-demand and spot, choosing each pool's type among its candidates", () => {
    const pools = [
      pool("small", "l4", ["g6.xlarge", "g6.2xlarge", "g6.4xlarge"]),
      pool("multi", "l4", ["g6.12xlarge", "g6.24xlarge", "g6.48xlarge"]),
      pool("a10g", "a10g", ["g5.xlarge", "g5.12xlarge"]),
      pool("l4-spot", "l4", ["g6.xlarge", "g6.12xlarge"], true),
    ];
    const cpuPools = [cpuPool("general", ["m7i.xlarge", "m7i.4xlarge", "m7i.16xlarge"]), cpuPool("memory-spot", ["r7i.2xlarge", "r7i.8xlarge"], true)];
    const declaredShape = fc.record({
      job: fc.boolean(),
      cpuOnly: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      spot: fc.boolean(),
      model: fc.constantFrom<GpuModel>("l4", "a10g"),
      minMemoryGiB: fc.constant(0),
      gpus: fc.integer({ min: 1, max: 4 }),
      cpu: fc.integer({ min: 1, max: 40 }),
      memoryGi: fc.integer({ min: 1, max: 160 }),
      min: fc.integer({ min: 0, max: 2 }),
      extra: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(fc.array(declaredShape, { minLength: 1, maxLength: 3 }), (shapes) => {
        const s = build("aws", shapes, pools, cpuPools);
        assert.deepEqual(planned(s), bruteForceDeclared(s));
      }),
      { numRuns: 60 },
    );
  });

  it("packs every pool into the fewest nodes possible (packPool against exhaustive placement)", () => {
    const node = { gpus: 8, cpuMillis: 32_000, memoryMiB: 128 * 1024 };
    const group = fc.record({
      size: fc.record({ gpus: fc.integer({ min: 1, max: 5 }), cpuMillis: fc.integer({ min: 500, max: 20_000 }), memoryMiB: fc.integer({ min: 1024, max: 80 * 1024 }) }),
      count: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 4 }), (groups: PackGroup[]) => {
        const pods = groups.flatMap((g) => Array.from({ length: g.count }, () => g.size));
        const result = packPool(groups, node);
        assert.equal(result.exact, true);
        assert.equal(result.bins.length, bruteMinNodes(pods, node));
      }),
      { numRuns: 200 },
    );
  });

  it("never packs fewer nodes than the lower bound, nor a node beyond its room (first-fit and exact)", () => {
    const node = { gpus: 4, cpuMillis: 16_000, memoryMiB: 64 * 1024 };
    const group = fc.record({
      size: fc.record({ gpus: fc.integer({ min: 1, max: 4 }), cpuMillis: fc.integer({ min: 100, max: 16_000 }), memoryMiB: fc.integer({ min: 100, max: 64 * 1024 }) }),
      count: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 6 }), (groups: PackGroup[]) => {
        for (const bins of [firstFitDecreasing(groups, node), exactPack(groups, node).bins]) {
          assert.ok(bins.length >= lowerBound(groups, node));
          const placed = groups.map(() => 0);
          for (const bin of bins) {
            let g = 0;
            let c = 0;
            let m = 0;
            for (const [i, n] of bin) {
              placed[i] = placed[i]! + n;
              g += groups[i]!.size.gpus * n;
              c += groups[i]!.size.cpuMillis * n;
              m += groups[i]!.size.memoryMiB * n;
            }
            assert.ok(g <= node.gpus && c <= node.cpuMillis && m <= node.memoryMiB);
          }
          assert.deepEqual(
            placed,
            groups.map((g) => g.count),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
