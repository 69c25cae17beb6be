/**
 * Pool names, stable across plans: a declared pool keeps its `gpuPools` or `cpuPools` name; a
 * derived pool is `<gpu>-<n>` (`cpu-<n>` without a GPU, `-spot-` between for a spot pool). A
 * derived pool takes over the name of a previous pool of the same GPU, capacity type and instance
 * type (nothing is replaced), else of the previous pool it shares the most workloads with (that
 * node pool is replaced under its name); a fresh name never reuses one the previous plan had.
 */
import type { GpuModel } from "../catalog/types";
import type { CapacityPlan, PoolReplacement } from "./types";

/** What a derived pool's name starts with: `l4`, `cpu`, `l4-spot`, `cpu-spot`. */
export function derivedPrefix(gpu: GpuModel | null, spot: boolean): string {
  return `${gpu ?? "cpu"}${spot ? "-spot" : ""}`;
}

export interface UnnamedPool {
  readonly gpu: GpuModel | null;
  readonly spot: boolean;
  readonly instanceType: string;
  /** Workload keys, in spec order. */
  readonly workloads: readonly string[];
}

/** Names for derived pools, in the order given; `taken` holds the names already in use. */
export function nameDerivedPools(pools: readonly UnnamedPool[], previous: CapacityPlan | undefined, taken: ReadonlySet<string>): string[] {
  const names: (string | undefined)[] = pools.map(() => undefined);
  const used = new Set(taken);
  const prevPoolOf = new Map((previous?.workloads ?? []).map((w) => [w.name, w.pool]));
  const available = (previous?.pools ?? []).filter((p) => !taken.has(p.name) && p.fallbackFor === undefined);

  // A previous pool of the same GPU and instance type first: taking its name replaces nothing.
  // Then the one sharing the most workloads: that pool is replaced, but keeps its name.
  const pairs: { pool: number; name: string; overlap: number; sameType: boolean }[] = [];
  pools.forEach((pool, i) => {
    for (const prev of available) {
      if (prev.gpu !== pool.gpu || prev.spot !== pool.spot) continue;
      const overlap = pool.workloads.filter((w) => prevPoolOf.get(w) === prev.name).length;
      const sameType = prev.instanceType === pool.instanceType;
      if (overlap > 0 || sameType) pairs.push({ pool: i, name: prev.name, overlap, sameType });
    }
  });
  pairs.sort((a, b) => Number(b.sameType) - Number(a.sameType) || b.overlap - a.overlap || a.pool - b.pool || naturalCompare(a.name, b.name));
  for (const p of pairs) {
    if (names[p.pool] !== undefined || used.has(p.name)) continue;
    names[p.pool] = p.name;
    used.add(p.name);
  }
  const never = new Set([...used, ...(previous?.pools ?? []).map((p) => p.name)]);
  return names.map((name, i) => {
    if (name !== undefined) return name;
    const prefix = derivedPrefix(pools[i]!.gpu, pools[i]!.spot);
    let n = 1;
    while (never.has(`${prefix}-${n}`)) n++;
    const fresh = `${prefix}-${n}`;
    never.add(fresh);
    return fresh;
  });
}

/**
 * Pools that keep a previous name with another instance type (or type list), GPU or spot setting:
 * their node pools are replaced (capacity type / spot / priority and the instance types are
 * immutable on EKS, GKE and AKS node pools).
 */
export function replacementsAgainst(
  pools: readonly {
    readonly name: string;
    readonly gpu: GpuModel | null;
    readonly instanceType: string;
    readonly instanceTypes?: readonly string[];
    readonly spot: boolean;
  }[],
  previous: CapacityPlan | undefined,
  reasons: ReadonlyMap<string, string>,
): PoolReplacement[] {
  const before = new Map((previous?.pools ?? []).map((p) => [p.name, p]));
  const out: PoolReplacement[] = [];
  for (const p of pools) {
    const prev = before.get(p.name);
    if (prev === undefined) continue;
    if (prev.instanceType !== p.instanceType || prev.gpu !== p.gpu) {
      out.push({ pool: p.name, from: prev.instanceType, to: p.instanceType, reason: reasons.get(p.name) ?? `its workloads no longer fit ${prev.instanceType}` });
    } else if (prev.spot !== p.spot) {
      const word = (spot: boolean) => (spot ? "spot" : "on-demand");
      out.push({ pool: p.name, from: prev.instanceType, to: p.instanceType, reason: `${word(prev.spot)} nodes become ${word(p.spot)}: a node pool's capacity type cannot change in place` });
    } else if ((prev.instanceTypes ?? [prev.instanceType]).join(",") !== (p.instanceTypes ?? [p.instanceType]).join(",")) {
      const list = (types: readonly string[] | undefined, one: string) => (types ?? [one]).join(", ");
      out.push({
        pool: p.name,
        from: list(prev.instanceTypes, prev.instanceType),
        to: list(p.instanceTypes, p.instanceType),
        reason: reasons.get(p.name) ?? "its list of spot instance types changes: a node group's instance types cannot change in place",
      });
    }
  }
  return out;
}

/** `l4-2` before `l4-10`: digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
