/**
 * Vector bin packing of identical-pod groups onto identical nodes (GPUs, CPU, memory): how many
 * nodes of one type the pods of one pool need, and which pods go on which node.
 *
 * `packPool` is the canonical packing: the planner's costs, the plan's node lists and a re-plan
 * against a lock all come from it, so the same pool always packs the same way.
 */

export interface Resources {
  readonly gpus: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** `count` identical pods of one workload. */
export interface PackGroup {
  readonly size: Resources;
  readonly count: number;
}

/** One node: `[group index, pods of that group]` pairs, groups in ascending order. */
export type PackedBin = readonly (readonly [group: number, count: number])[];

export interface PackResult {
  readonly bins: readonly PackedBin[];
  /** The node count is proven minimal (it meets the lower bound, or the search completed). */
  readonly exact: boolean;
}

/**
 * Limits of the exact search. Past them `packPool` keeps first-fit decreasing, whose count is
 * still checked against the lower bound. Budgets, not facts from a source: at these limits one
 * search took at most 44 ms on this shared 2-core machine (bench/README.md).
 */
export const EXACT_PACK_MAX_PODS = 96;
export const EXACT_PACK_MAX_GROUPS = 12;
/**
 * Most pods of one group a node may hold for the exact search to run. GPU nodes hold at most a
 * few pods (one per GPU at most), where the search is quick; a CPU node can hold dozens of small
 * pods, and the search then tries so many patterns per node that one pool took seconds
 * (bench/README.md). Past this, first-fit decreasing stands, checked against the lower bound.
 */
export const EXACT_PACK_MAX_PODS_PER_NODE = 16;
export const EXACT_PACK_NODE_BUDGET = 20_000;

/**
 * A node no further pod can use: on a GPU node every pod asks for a GPU, so none is left; on a
 * CPU node (no GPUs) its CPU or its memory is spent. A node with room left stays open.
 */
export function nodeFull(node: Resources, freeGpus: number, freeCpuMillis: number, freeMemoryMiB: number): boolean {
  return node.gpus > 0 ? freeGpus <= 0 : freeCpuMillis <= 0 || freeMemoryMiB <= 0;
}

/** How many pods of this size fit into the free room `room` (infinite when the size is zero). */
export function fitCount(room: Resources, size: Resources): number {
  let n = Number.POSITIVE_INFINITY;
  if (size.gpus > 0) n = Math.min(n, Math.floor(room.gpus / size.gpus));
  else if (room.gpus < 0) return 0;
  if (size.cpuMillis > 0) n = Math.min(n, Math.floor(room.cpuMillis / size.cpuMillis));
  if (size.memoryMiB > 0) n = Math.min(n, Math.floor(room.memoryMiB / size.memoryMiB));
  return n;
}

/** No packing can use fewer nodes: the total of each resource over one node's worth, rounded up. */
export function lowerBound(groups: readonly PackGroup[], node: Resources): number {
  let g = 0;
  let c = 0;
  let m = 0;
  for (const grp of groups) {
    g += grp.size.gpus * grp.count;
    c += grp.size.cpuMillis * grp.count;
    m += grp.size.memoryMiB * grp.count;
  }
  return nodesAtLeast({ gpus: g, cpuMillis: c, memoryMiB: m }, node);
}

/** Nodes no packing of pods asking for `total` between them can do with: each resource over one node's worth, rounded up. */
export function nodesAtLeast(total: Resources, node: Resources): number {
  return Math.max(ratioCeil(total.gpus, node.gpus), ratioCeil(total.cpuMillis, node.cpuMillis), ratioCeil(total.memoryMiB, node.memoryMiB));
}

function ratioCeil(total: number, per: number): number {
  if (total <= 0) return 0;
  if (per <= 0) return Number.POSITIVE_INFINITY;
  return Math.ceil(total / per);
}

/** Largest first: GPUs, then the CPU and memory share of a node; ties keep the given order. */
export function decreasingOrder(groups: readonly PackGroup[], node: Resources): number[] {
  const cpu = Math.max(1, node.cpuMillis);
  const mem = Math.max(1, node.memoryMiB);
  const gpus = groups.map((g) => g.size.gpus);
  const weight = groups.map((g) => g.size.cpuMillis / cpu + g.size.memoryMiB / mem);
  return groups.map((_, i) => i).sort((a, b) => gpus[b]! - gpus[a]! || weight[b]! - weight[a]! || a - b);
}

/**
 * First-fit decreasing. Open nodes (with a GPU free) are kept in a linked list so full nodes
 * cost nothing to skip; pods of one group go in as many at a time as fit.
 */
export function firstFitDecreasing(groups: readonly PackGroup[], node: Resources): PackedBin[] {
  const contents: [number, number][][] = [];
  firstFit(groups, node, {
    order: decreasingOrder(groups, node),
    record: (b, gi, n) => {
      if (b === contents.length) contents.push([]);
      contents[b]!.push([gi, n]);
    },
  });
  return contents.map((c) => c.sort((x, y) => x[0] - y[0]));
}

/** Nodes first-fit needs with the groups taken in `order`: the local search's estimate, which records nothing. */
export function firstFitCount(groups: readonly PackGroup[], node: Resources, order: readonly number[]): number {
  return firstFit(groups, node, { order });
}

interface FirstFitOptions {
  readonly order: readonly number[];
  /** Called for every placement; absent when only the count matters. */
  readonly record?: (bin: number, group: number, n: number) => void;
}

function firstFit(groups: readonly PackGroup[], node: Resources, { order, record }: FirstFitOptions): number {
  const freeG: number[] = [];
  const freeC: number[] = [];
  const freeM: number[] = [];
  const next: number[] = [];
  let head = -1;
  let tail = -1;
  for (const gi of order) {
    const { size } = groups[gi]!;
    let left = groups[gi]!.count;
    if (left === 0) continue;
    let prev = -1;
    const sg = size.gpus;
    const sc = size.cpuMillis;
    const sm = size.memoryMiB;
    for (let b = head; b !== -1 && left > 0; ) {
      const nb = next[b]!;
      // fitCount inlined: this loop is the planner's hot path.
      let n = left;
      if (sg > 0) n = Math.min(n, Math.floor(freeG[b]! / sg));
      if (sc > 0) n = Math.min(n, Math.floor(freeC[b]! / sc));
      if (sm > 0) n = Math.min(n, Math.floor(freeM[b]! / sm));
      if (n > 0) {
        freeG[b] = freeG[b]! - n * sg;
        freeC[b] = freeC[b]! - n * sc;
        freeM[b] = freeM[b]! - n * sm;
        record?.(b, gi, n);
        left -= n;
      }
      if (nodeFull(node, freeG[b]!, freeC[b]!, freeM[b]!)) {
        // Unlink the node: no pod of its kind fits any more.
        if (prev === -1) head = nb;
        else next[prev] = nb;
        if (tail === b) tail = prev;
      } else prev = b;
      b = nb;
    }
    const perNode = fitCount(node, size);
    if (left > 0 && !(perNode >= 1)) throw new Error("firstFit: a pod larger than the node");
    while (left > 0) {
      const b = freeG.length;
      const n = Math.min(left, perNode);
      freeG.push(node.gpus - n * sg);
      freeC.push(node.cpuMillis - n * sc);
      freeM.push(node.memoryMiB - n * sm);
      next.push(-1);
      record?.(b, gi, n);
      left -= n;
      if (!nodeFull(node, freeG[b]!, freeC[b]!, freeM[b]!)) {
        if (tail === -1) head = b;
        else next[tail] = b;
        tail = b;
      }
    }
  }
  return freeG.length;
}

/**
 * Exact minimum by branch and bound: each node in turn takes the largest pod left plus a maximal
 * set of others (a node that could still take a pod never helps to leave open), pruned by the
 * lower bound and by states already reached with no more nodes. Stops after `budget` steps.
 */
export function exactPack(groups: readonly PackGroup[], node: Resources, budget = EXACT_PACK_NODE_BUDGET): PackResult {
  const start = firstFitDecreasing(groups, node);
  const lb = lowerBound(groups, node);
  if (start.length <= lb) return { bins: start, exact: true };
  const order = decreasingOrder(groups, node);
  const sizes = order.map((i) => groups[i]!.size);
  const k = order.length;
  let best = start.length;
  let bestPath: number[][] | undefined;
  const path: number[][] = [];
  const seen = new Map<string, number>();
  let steps = 0;
  let aborted = false;

  const search = (counts: number[]): void => {
    if (aborted) return;
    if (++steps > budget) {
      aborted = true;
      return;
    }
    const j = counts.findIndex((c) => c > 0);
    if (j === -1) {
      if (path.length < best) {
        best = path.length;
        bestPath = path.map((p) => [...p]);
      }
      return;
    }
    const remaining = counts.map((c, i) => ({ size: sizes[i]!, count: c }));
    if (path.length + lowerBound(remaining, node) >= best) return;
    const key = counts.join(",");
    const at = seen.get(key);
    if (at !== undefined && at <= path.length) return;
    seen.set(key, path.length);
    const pattern = new Array<number>(k).fill(0);
    const fill = (i: number, room: Resources): void => {
      if (aborted) return;
      if (i === k) {
        for (let x = j; x < k; x++) if (counts[x]! - pattern[x]! > 0 && fitCount(room, sizes[x]!) >= 1) return;
        path.push([...pattern]);
        search(counts.map((c, x) => c - pattern[x]!));
        path.pop();
        return;
      }
      const most = Math.min(counts[i]!, fitCount(room, sizes[i]!));
      const least = i === j ? 1 : 0;
      for (let n = most; n >= least; n--) {
        pattern[i] = n;
        const s = sizes[i]!;
        fill(i + 1, { gpus: room.gpus - n * s.gpus, cpuMillis: room.cpuMillis - n * s.cpuMillis, memoryMiB: room.memoryMiB - n * s.memoryMiB });
        if (aborted) break;
      }
      pattern[i] = 0;
    };
    fill(j, node);
  };
  search(order.map((i) => groups[i]!.count));

  if (bestPath === undefined) return { bins: start, exact: !aborted };
  const bins = bestPath.map((p) =>
    p
      .map((n, x) => [order[x]!, n] as [number, number])
      .filter(([, n]) => n > 0)
      .sort((a, b) => a[0] - b[0]),
  );
  return { bins, exact: !aborted };
}

/** The canonical packing of a pool: exact within the limits above, first-fit decreasing past them. */
export function packPool(groups: readonly PackGroup[], node: Resources): PackResult {
  const live = groups.filter((g) => g.count > 0);
  if (live.length === 0) return { bins: [], exact: true };
  const pods = groups.reduce((n, g) => n + g.count, 0);
  const perNode = Math.max(...live.map((g) => fitCount(node, g.size)));
  if (pods <= EXACT_PACK_MAX_PODS && live.length <= EXACT_PACK_MAX_GROUPS && perNode <= EXACT_PACK_MAX_PODS_PER_NODE) return exactPack(groups, node);
  const bins = firstFitDecreasing(groups, node);
  return { bins, exact: bins.length <= lowerBound(groups, node) };
}
