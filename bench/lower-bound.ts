/**
 * A lower bound on the peak cost the planner's search minimises (bench/suites/planner.ts
 * `objective`: every pool the search chose at its peak node count, spot pools at their spot
 * price, fallback pools left out), for the planner benchmark's "vs lower bound" column. The gap
 * of a plan over it is an upper bound on its gap over the optimum.
 *
 * Why it is a lower bound. Capacity classes (GPU or CPU, spot or on-demand) never share a node,
 * so the bounds of the classes add up. Within a class, split its types into families (a GPU
 * model's types; every CPU type one family): every node is of one type, so the plan's cost is the
 * sum over families F of C_F, what F's nodes cost. Two facts bound each C_F:
 *
 * 1. Shares. For weights w over (GPU, CPU, memory) summing to 1, the pods on one node of type t
 *    use at most 1 of it in weighted shares of its allocatable (each resource's shares add up to
 *    at most 1). So the node's price covers price_t × Σ w·share over its pods, and each pod on F
 *    pays at least c(pod, F) = the least of price_t × w·share over the types of F it fits:
 *    C_F ≥ B_F + X_F, where B_F sums c over the pods that fit only F's types ("bound" to F) and
 *    X_F over the other pods the plan puts on F.
 * 2. Whole nodes. F's nodes hold every pod bound to F. For any set Q of those pods, the nodes of
 *    the types that some pod of Q fits hold all of Q, so for each resource their allocatable adds
 *    up to at least Q's requests: C_F ≥ the least that integer numbers of such nodes can cost
 *    (a knapsack cover, solved exactly by dynamic programming; see `cover`). Tighter, when the
 *    pods bound to F are few (`cheapestNodes`): each workload is in one pool and a pool has one
 *    type, so in the plan every pod sits whole on a node of one type of F that holds it, a
 *    workload's pods all on one type, each node's pods within its allocatable. So C_F is at least
 *    the least that nodes so filled can cost, found by an exhaustive search (it relaxes the plan:
 *    pools are not counted and pods of one type may mix across pools). I_F is the larger of the two.
 *
 * So C_F ≥ max(I_F, B_F + X_F) = max(I_F, B_F) + max(0, X_F − s_F), with s_F = max(0, I_F − B_F):
 * whole nodes leave room that pods of other families may fill at no extra cost. For any λ_F in
 * [0, 1], max(0, z) ≥ λ_F·z, and X_F is a sum over the pods on F, so summing over F:
 *
 *   cost ≥ Σ_F max(I_F, B_F) + max(0, Σ_pods not bound min_F λ_F·c(pod, F) − Σ_F λ_F·s_F)
 *
 * for every w and λ; the best of a grid of w and of a coordinate search over λ is taken (any
 * choice is valid, the search only makes it tighter). With every λ_F = 1 and no I_F this is the
 * benchmark's earlier bound (every pod pays its cheapest weighted share), so it is never looser.
 *
 * 3. Placing the others. When at most ASSIGN_MAX_FREE workloads fit several families, every way
 *    a of giving each one family is tried: the plan puts each in one pool, so in one family, and
 *    for the a it made, each F's nodes hold the pods bound to F and those a gives F, which then
 *    are bound to F too; facts 1 and 2 hold for F with them (for each w alone, so each family may
 *    take its own best w). So cost ≥ min over a of Σ_F max(I_F, B_F) with those pods, found by
 *    dynamic programming over the families and the sets of such workloads; the larger of this
 *    and the λ bound is taken.
 * tests/bench/lower-bound.test.ts checks it against the brute-force optimum on small specs.
 */
import { allocatable } from "../components/capacity/allocatable";
import { WorkloadDemand, acceptsModel, workloadDemands } from "../components/capacity/demand";
import { Resources, fitCount } from "../components/capacity/packing";
import { PlannedType, plannedTypes } from "../components/capacity/problem-builder";
import type { ValidSpec } from "../components/spec/types";

/** Weights over (GPU, CPU, memory) in tenths: every point of a grid on the simplex. */
const WEIGHTS: readonly (readonly [number, number, number])[] = Array.from({ length: 11 }, (_, a) => Array.from({ length: 11 - a }, (_, b) => [a / 10, b / 10, (10 - a - b) / 10] as const)).flat();
/** Values each λ_F may take in the coordinate search (any value in [0, 1] is valid). */
const LAMBDAS = [0, 0.25, 0.5, 0.75, 1] as const;
/** Largest demand, in units, a cover is solved over; larger demands are counted in coarser units (still a bound). */
const COVER_UNITS = 20_000;

/**
 * The entries a workload may use: its capacity class (spot workloads the spot entries, spot-only
 * shapes included; others the on-demand ones), its GPU model or a CPU shape, and room for a pod.
 * Priced as the search prices them (plannedTypes: spot at the snapshot's spot price, if any).
 */
export function entriesFor(d: WorkloadDemand, types: readonly PlannedType[]): PlannedType[] {
  return types.filter((t) => t.spot === d.spot && acceptsModel(d, t.instance.gpu) && fitCount(allocatable(t.instance), d.pod) >= 1);
}

interface Entry {
  /** Index in plannedTypes: the same shape bought another way is another entry. */
  readonly type: number;
  readonly family: string;
  readonly price: number;
  readonly node: Resources;
}

interface Pod {
  readonly peakPods: number;
  readonly pod: Resources;
  readonly entries: readonly Entry[];
}

export function lowerBound(spec: ValidSpec): number {
  const types = plannedTypes(spec);
  const classes = new Map<string, Pod[]>();
  for (const d of workloadDemands(spec)) {
    if (d.peakPods === 0) continue;
    const key = `${d.cpuOnly ? "cpu" : "gpu"}/${d.spot ? "spot" : "on-demand"}`;
    const list = classes.get(key) ?? [];
    classes.set(key, list);
    const entries = entriesFor(d, types).map((t) => ({ type: types.indexOf(t), family: t.instance.gpu ?? "cpu", price: t.pricePerHour, node: allocatable(t.instance) }));
    list.push({ peakPods: d.peakPods, pod: d.pod, entries });
  }
  let total = 0;
  for (const pods of classes.values()) total += classBound(pods);
  return total;
}

const RESOURCES = ["gpus", "cpuMillis", "memoryMiB"] as const;

function classBound(pods: readonly Pod[]): number {
  const familiesOf = pods.map((p) => [...new Set(p.entries.map((e) => e.family))]);
  const families = [...new Set(familiesOf.flat())];
  const bound = new Map(families.map((f) => [f, pods.filter((_, i) => familiesOf[i]!.length === 1 && familiesOf[i]![0] === f)]));
  const free = pods.filter((_, i) => familiesOf[i]!.length > 1);
  const whole = new Map(families.map((f) => [f, wholeNodes(bound.get(f)!)]));
  const placed = free.length <= ASSIGN_MAX_FREE ? assignedBound(families, bound, free) : 0;
  let best = 0;
  for (const w of WEIGHTS) {
    const share = (p: Pod, e: Entry) => e.price * RESOURCES.reduce((s, r, k) => s + (p.pod[r] === 0 ? 0 : (w[k]! * p.pod[r]) / e.node[r]), 0);
    const least = (p: Pod, f: string) => Math.min(...p.entries.filter((e) => e.family === f).map((e) => share(p, e)));
    let base = 0;
    const slack = new Map<string, number>();
    for (const f of families) {
      const B = bound.get(f)!.reduce((s, p) => s + p.peakPods * least(p, f), 0);
      const I = whole.get(f)!;
      base += Math.max(I, B);
      slack.set(f, Math.max(0, I - B));
    }
    const costs = free.map((p) => ({ n: p.peakPods, byFamily: [...new Set(p.entries.map((e) => e.family))].map((f) => [f, least(p, f)] as const) }));
    const lambda = new Map(families.map((f) => [f, 1]));
    const extra = () => {
      let sum = 0;
      for (const { n, byFamily } of costs) sum += n * Math.min(...byFamily.map(([f, c]) => lambda.get(f)! * c));
      for (const [f, s] of slack) sum -= lambda.get(f)! * s;
      return sum;
    };
    let current = extra();
    // Only a family with slack can gain from a λ below 1 (a lower λ lowers its pods' terms too).
    for (let sweep = 0; sweep < 2; sweep++) {
      for (const f of families) {
        if (slack.get(f)! === 0) continue;
        let chosen = lambda.get(f)!;
        for (const l of LAMBDAS) {
          lambda.set(f, l);
          const e = extra();
          if (e > current) [current, chosen] = [e, l];
        }
        lambda.set(f, chosen);
      }
    }
    best = Math.max(best, base + Math.max(0, current));
  }
  return Math.max(best, placed);
}

/** Most workloads of several families for which every way of placing them is tried (3^n steps). */
const ASSIGN_MAX_FREE = 8;

/**
 * The least, over every way to give each workload that fits several families one of them, of the
 * families' own bounds with those workloads bound to them (`familyBound`).
 */
function assignedBound(families: readonly string[], bound: ReadonlyMap<string, readonly Pod[]>, free: readonly Pod[]): number {
  const size = 1 << free.length;
  const own = (p: Pod, f: string): Pod => ({ ...p, entries: p.entries.filter((e) => e.family === f) });
  // after[rest]: the least the families from j on cost holding the free workloads in `rest`.
  let after = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  after[0] = 0;
  for (const f of [...families].reverse()) {
    const allowed = free.reduce((m, p, i) => (p.entries.some((e) => e.family === f) ? m | (1 << i) : m), 0);
    const memo = new Map<number, number>();
    const cost = (set: number): number => {
      let c = memo.get(set);
      if (c === undefined) memo.set(set, (c = familyBound([...bound.get(f)!, ...free.filter((_, i) => (set >> i) & 1).map((p) => own(p, f))])));
      return c;
    };
    const next = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let rest = 0; rest < size; rest++) {
      const avail = rest & allowed;
      for (let sub = avail; ; sub = (sub - 1) & avail) {
        if (after[rest ^ sub]! < Number.POSITIVE_INFINITY) next[rest] = Math.min(next[rest]!, cost(sub) + after[rest ^ sub]!);
        if (sub === 0) break;
      }
    }
    after = next;
  }
  return after[size - 1]!;
}

/**
 * What one family's nodes cost at least when these pods (each with the family's entries only) are
 * on them: whole nodes, or the pods' weighted shares for the best weights of the grid.
 */
function familyBound(pods: readonly Pod[]): number {
  let best = wholeNodes(pods);
  for (const w of WEIGHTS) {
    let sum = 0;
    for (const p of pods) sum += p.peakPods * Math.min(...p.entries.map((e) => e.price * RESOURCES.reduce((s, r, k) => s + (p.pod[r] === 0 ? 0 : (w[k]! * p.pod[r]) / e.node[r]), 0)));
    best = Math.max(best, sum);
  }
  return best;
}

/**
 * I_F: the least that whole nodes of a family can cost while holding the pods bound to it. For
 * each set Q of those pods that share a fit set (and all of them), the nodes of the types Q's
 * pods fit must hold Q, so for each resource their allocatable must cover Q's requests; and,
 * when the search completes, the least that nodes holding each pod whole can cost.
 */
function wholeNodes(pods: readonly Pod[]): number {
  if (pods.length === 0) return 0;
  const fitSets = [...new Map(pods.map((p) => [p.entries.map((e) => e.type).sort((a, b) => a - b).join(","), new Set(p.entries.map((e) => e.type))])).values()];
  const all = new Set(pods.flatMap((p) => p.entries.map((e) => e.type)));
  let best = cheapestNodes(pods) ?? 0;
  for (const set of [...fitSets, all]) {
    const q = pods.filter((p) => p.entries.every((e) => set.has(e.type)));
    const entries = [...new Map(q.flatMap((p) => p.entries).map((e) => [e.type, e])).values()];
    for (const r of RESOURCES) best = Math.max(best, cover(entries, r, q.reduce((s, p) => s + p.peakPods * p.pod[r], 0)));
  }
  return best;
}

/**
 * The least Σ price_t × x_t over whole numbers of nodes x_t with Σ x_t × allocatable_t ≥ demand in
 * resource `r`, by dynamic programming over the demand. A demand over COVER_UNITS is counted in
 * units of ⌈demand / COVER_UNITS⌉, capacities rounded up and the demand down: every x that covers
 * the demand still covers it so, so the answer is still a lower bound.
 */
export function cover(entries: readonly Entry[], r: (typeof RESOURCES)[number], demand: number): number {
  const useful = entries.filter((e) => e.node[r] > 0);
  if (demand <= 0) return 0;
  if (useful.length === 0) return Number.POSITIVE_INFINITY;
  const unit = Math.max(1, Math.ceil(demand / COVER_UNITS));
  const need = Math.floor(demand / unit);
  const sizes = useful.map((e) => Math.ceil(e.node[r] / unit));
  const least = new Float64Array(need + 1);
  for (let d = 1; d <= need; d++) {
    let m = Number.POSITIVE_INFINITY;
    useful.forEach((e, k) => (m = Math.min(m, e.price + least[Math.max(0, d - sizes[k]!)]!)));
    least[d] = m;
  }
  return least[need]!;
}

/** Most pods, and search steps, `cheapestNodes` takes on: past them it gives up (the covers stand). */
const PACK_MAX_PODS = 40;
const PACK_STEPS = 200_000;
/** Weights the search's floor tries: each resource alone, pairs, and all three alike. */
const FLOOR_WEIGHTS: readonly (readonly number[])[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [0.5, 0.5, 0],
  [0.5, 0, 0.5],
  [0, 0.5, 0.5],
  [1 / 3, 1 / 3, 1 / 3],
];

/**
 * The least that nodes can cost while holding every pod, each whole on one node of a type it fits,
 * all pods of a workload on nodes of one type: branch and bound over pods (largest first, a
 * workload's pods together) onto nodes already opened or a new node. Undefined when the pods are
 * too many or the steps run out, so a value is always the proven least.
 */
export function cheapestNodes(pods: readonly Pod[]): number | undefined {
  const list = pods.flatMap((p, w) => Array.from({ length: p.peakPods }, () => ({ w, size: p.pod, entries: p.entries })));
  if (list.length === 0) return 0;
  if (list.length > PACK_MAX_PODS) return undefined;
  const key = (r: Resources) => [r.gpus, r.memoryMiB, r.cpuMillis];
  list.sort((a, b) => {
    const x = key(a.size);
    const y = key(b.size);
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]! || a.w - b.w;
  });
  const entries = [...new Map(pods.flatMap((p) => p.entries).map((e) => [e.type, e])).values()];
  // Per resource, the least one unit costs on any type: what pods no open node holds pay at least.
  const unit = RESOURCES.map((r) => Math.min(...entries.filter((e) => e.node[r] > 0).map((e) => e.price / e.node[r])));
  const left = RESOURCES.map((r) => list.reduce((s, p) => s + p.size[r], 0));
  const open: { type: number; room: number[] }[] = [];
  const typeOf = new Array<number>(pods.length).fill(-1);
  const at: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let steps = 0;
  // Weighted shares (see the header) of the pods left, less what the open nodes' room is worth:
  // new nodes cost at least the difference.
  const share = (wt: readonly number[], p: Resources, e: Entry) => e.price * RESOURCES.reduce((s, r, k) => s + (e.node[r] > 0 ? (wt[k]! * p[r]) / e.node[r] : 0), 0);
  const suffix = FLOOR_WEIGHTS.map((wt) => {
    const sums = new Float64Array(list.length + 1);
    for (let i = list.length - 1; i >= 0; i--) sums[i] = sums[i + 1]! + Math.min(...list[i]!.entries.map((e) => share(wt, list[i]!.size, e)));
    return sums;
  });
  const roomWorth = new Float64Array(FLOOR_WEIGHTS.length);
  const byType = new Map(entries.map((e) => [e.type, e]));
  const floor = (i: number): number => {
    let most = 0;
    RESOURCES.forEach((_, k) => {
      if (left[k]! === 0) return;
      const room = open.reduce((s, n) => s + n.room[k]!, 0);
      most = Math.max(most, Math.max(0, left[k]! - room) * unit[k]!);
    });
    FLOOR_WEIGHTS.forEach((_, k) => (most = Math.max(most, suffix[k]![i]! - roomWorth[k]!)));
    return most;
  };
  const move = (p: Resources, n: { type: number; room: number[] }, sign: 1 | -1) => {
    RESOURCES.forEach((r, j) => {
      n.room[j] = n.room[j]! - sign * p[r];
      left[j] = left[j]! - sign * p[r];
    });
    FLOOR_WEIGHTS.forEach((wt, k) => (roomWorth[k] = roomWorth[k]! - sign * share(wt, p, byType.get(n.type)!)));
  };
  const whole: Resources = { gpus: 0, cpuMillis: 0, memoryMiB: 0 };
  const openNode = (e: Entry, sign: 1 | -1) => FLOOR_WEIGHTS.forEach((wt, k) => (roomWorth[k] = roomWorth[k]! + sign * share(wt, { ...whole, ...e.node }, e)));
  const place = (i: number, cost: number): void => {
    if (++steps > PACK_STEPS || cost + floor(i) >= best - 1e-9) return;
    if (i === list.length) {
      best = cost;
      return;
    }
    const { w, size, entries: fit } = list[i]!;
    const first = typeOf[w] === -1;
    // A workload's pods are interchangeable: each goes on the node of the one before it or a later one.
    const from = !first && list[i - 1]!.w === w ? at[i - 1]! : 0;
    const tried = new Set<string>();
    for (let k = from; k < open.length; k++) {
      const n = open[k]!;
      if ((!first && n.type !== typeOf[w]) || !fit.some((e) => e.type === n.type) || RESOURCES.some((r, j) => size[r] > n.room[j]!)) continue;
      // Nodes of one type with the same room left are the same choice.
      const seen = `${n.type}|${n.room.join(",")}`;
      if (tried.has(seen)) continue;
      tried.add(seen);
      if (first) typeOf[w] = n.type;
      move(size, n, 1);
      at[i] = k;
      place(i + 1, cost);
      move(size, n, -1);
      if (first) typeOf[w] = -1;
    }
    for (const e of fit) {
      if (!first && e.type !== typeOf[w]) continue;
      const n = { type: e.type, room: RESOURCES.map((r) => e.node[r]) };
      open.push(n);
      openNode(e, 1);
      if (first) typeOf[w] = e.type;
      move(size, n, 1);
      at[i] = open.length - 1;
      place(i + 1, cost + e.price);
      move(size, n, -1);
      if (first) typeOf[w] = -1;
      openNode(e, -1);
      open.pop();
    }
  };
  place(0, 0);
  return steps > PACK_STEPS ? undefined : best;
}
