/**
 * Reference answers by exhaustive search, written independently of the planner's solver: every
 * way to put pods on nodes, every partition of workloads into pools, every type for each pool.
 * Only for tiny inputs (a handful of workloads, a few pods each).
 *
 * What it minimises is what the planner's search minimises: the pools that hold the workloads,
 * spot pools at the snapshot's spot price for the spec's region (on-demand where it has none).
 * The on-demand fallback pool of each spot pool is chosen after that search and is not part of
 * its objective, so it is not part of this one either.
 */
import { allocatable } from "../../../components/capacity/allocatable";
import { GPUS } from "../../../components/catalog/gpus";
import { findWorkerType, workerTypes } from "../../../components/catalog/instances";
import { regionalPrice } from "../../../components/catalog/prices";
import type { Allocatable, WorkerType } from "../../../components/catalog/types";
import type { ValidSpec, ValidWorkload } from "../../../components/spec/types";

export interface Pod {
  readonly gpus: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Fewest nodes holding all pods: each pod tried on every node opened so far and on a new one. */
export function bruteMinNodes(pods: readonly Pod[], node: Allocatable): number {
  if (pods.some((p) => p.gpus > node.gpus || p.cpuMillis > node.cpuMillis || p.memoryMiB > node.memoryMiB)) return Number.POSITIVE_INFINITY;
  let best = pods.length;
  const used: { g: number; c: number; m: number }[] = [];
  const at: number[] = [];
  const place = (i: number): void => {
    if (used.length >= best) return;
    if (i === pods.length) {
      best = used.length;
      return;
    }
    const p = pods[i]!;
    // Identical pods are interchangeable: each goes on the node of the one before it or a later node.
    const q = pods[i - 1];
    const from = q !== undefined && q.gpus === p.gpus && q.cpuMillis === p.cpuMillis && q.memoryMiB === p.memoryMiB ? at[i - 1]! : 0;
    for (let k = from; k < used.length; k++) {
      const n = used[k]!;
      if (n.g + p.gpus <= node.gpus && n.c + p.cpuMillis <= node.cpuMillis && n.m + p.memoryMiB <= node.memoryMiB) {
        n.g += p.gpus;
        n.c += p.cpuMillis;
        n.m += p.memoryMiB;
        at[i] = k;
        place(i + 1);
        n.g -= p.gpus;
        n.c -= p.cpuMillis;
        n.m -= p.memoryMiB;
      }
    }
    at[i] = used.length;
    used.push({ g: p.gpus, c: p.cpuMillis, m: p.memoryMiB });
    place(i + 1);
    used.pop();
  };
  place(0);
  return best;
}

export interface BruteCost {
  readonly peak: number;
  readonly base: number;
  readonly pools: number;
}

const better = (a: BruteCost, b: BruteCost): boolean => a.peak < b.peak || (a.peak === b.peak && (a.base < b.base || (a.base === b.base && a.pools < b.pools)));

function allWorkloads(spec: ValidSpec): ValidWorkload[] {
  return [...spec.services, ...spec.trainingJobs];
}

function podOf(w: ValidWorkload): Pod {
  return { gpus: w.gpu?.count ?? 0, cpuMillis: w.cpu.millis, memoryMiB: Math.ceil(w.memory.bytes / 2 ** 20) };
}

function counts(w: ValidWorkload): { base: number; peak: number } {
  return w.kind === "service" ? { base: w.replicas.min, peak: w.replicas.max } : { base: 0, peak: w.workers };
}

/** A CPU workload takes CPU shapes only; a GPU workload its model, or one with the memory it asks. */
function accepts(w: ValidWorkload, t: WorkerType): boolean {
  if (w.gpu === undefined || t.gpu === null) return w.gpu === undefined && t.gpu === null;
  return w.gpu.model !== undefined ? w.gpu.model === t.gpu : GPUS[t.gpu].memoryGiB >= (w.gpu.minMemoryGiB ?? 0);
}

/** USD per hour of one node in a pool of this capacity type, or undefined when the type cannot be bought so. */
function nodePrice(t: WorkerType, spot: boolean, spec: ValidSpec): number | undefined {
  if (!t.regions.includes(spec.region)) return undefined;
  if (!spot && t.spotOnly === true) return undefined;
  // The price the planner reads: the spec's region's from the snapshot, else the catalogue's.
  const here = regionalPrice(spec.cloud, t.name, spec.region);
  const onDemand = here?.onDemand ?? t.pricePerHour;
  if (onDemand === null) return undefined;
  return spot ? (here?.spot ?? onDemand) : onDemand;
}

/** Best (peak, base) micro-dollar cost of one pool of these workloads on one of `types`. */
function bestPool(ws: readonly ValidWorkload[], types: readonly WorkerType[], spec: ValidSpec): BruteCost | undefined {
  // Spot and on-demand workloads never share a pool: a pool is bought one way.
  const spot = ws[0]!.spot;
  if (ws.some((w) => w.spot !== spot)) return undefined;
  let best: BruteCost | undefined;
  for (const t of types) {
    const usd = nodePrice(t, spot, spec);
    if (usd === undefined || !ws.every((w) => accepts(w, t))) continue;
    const node = allocatable(t);
    const pods = (at: "base" | "peak") => ws.flatMap((w) => Array.from({ length: counts(w)[at] }, () => podOf(w)));
    const peak = bruteMinNodes(pods("peak"), node);
    const base = bruteMinNodes(pods("base"), node);
    if (!Number.isFinite(peak) || !Number.isFinite(base)) continue;
    const price = Math.round(usd * 1e6);
    const c = { peak: price * peak, base: price * base, pools: 1 };
    if (best === undefined || better(c, best)) best = c;
  }
  return best;
}

/** Every set partition of 0..n-1 as restricted growth strings. */
function* partitions(n: number): Generator<number[]> {
  const a = new Array<number>(n).fill(0);
  const rec = function* (i: number, max: number): Generator<number[]> {
    if (i === n) {
      yield [...a];
      return;
    }
    for (let b = 0; b <= max + 1; b++) {
      a[i] = b;
      yield* rec(i + 1, Math.max(max, b));
    }
  };
  if (n === 0) yield [];
  else yield* rec(0, -1);
}

/** The optimum for a spec without declared pools: any partition into pools, any type per pool. */
export function bruteForceDerived(spec: ValidSpec): BruteCost | undefined {
  const types = workerTypes(spec.cloud);
  const ws = allWorkloads(spec);
  let best: BruteCost | undefined;
  for (const rgs of partitions(ws.length)) {
    const blocks = Math.max(0, ...rgs.map((b) => b + 1));
    let total: BruteCost | undefined = { peak: 0, base: 0, pools: 0 };
    for (let b = 0; b < blocks && total !== undefined; b++) {
      const c = bestPool(
        ws.filter((_, i) => rgs[i] === b),
        types,
        spec,
      );
      total = c === undefined ? undefined : { peak: total.peak + c.peak, base: total.base + c.base, pools: total.pools + 1 };
    }
    if (total !== undefined && (best === undefined || better(total, best))) best = total;
  }
  return best;
}

/**
 * The optimum with declared pools (gpuPools, then cpuPools): each workload in one pool of its GPU
 * (or CPU) and capacity type, each pool one of its candidates.
 */
export function bruteForceDeclared(spec: ValidSpec): BruteCost | undefined {
  const pools = [...(spec.gpuPools ?? []), ...(spec.cpuPools ?? []).map((p) => ({ ...p, gpu: null }))];
  const ws = allWorkloads(spec);
  const candidates = pools.map((p) => p.instanceTypes.map((n) => findWorkerType(spec.cloud, n)!).filter((t) => t.gpu === p.gpu && nodePrice(t, p.spot, spec) !== undefined));
  const options = ws.map((w) =>
    pools
      .map((_, i) => i)
      .filter((i) => pools[i]!.spot === w.spot && candidates[i]!.some((t) => accepts(w, t))),
  );
  let best: BruteCost | undefined;
  const choice = new Array<number>(ws.length).fill(0);
  const rec = (i: number): void => {
    if (i === ws.length) {
      let total: BruteCost | undefined = { peak: 0, base: 0, pools: pools.length };
      pools.forEach((_, p) => {
        if (total === undefined) return;
        const members = ws.filter((_, k) => choice[k] === p);
        if (members.length === 0) return;
        const c = bestPool(members, candidates[p]!, spec);
        total = c === undefined ? undefined : { peak: total.peak + c.peak, base: total.base + c.base, pools: total.pools };
      });
      if (total !== undefined && (best === undefined || better(total, best))) best = total;
      return;
    }
    for (const p of options[i]!) {
      choice[i] = p;
      rec(i + 1);
    }
  };
  rec(0);
  return best;
}
