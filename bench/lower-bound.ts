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
 *    up to at least Q's requests: C_F ≥ I_F, the least that integer numbers of such nodes can cost
 *    (a knapsack cover, solved exactly by dynamic programming; see `cover`).
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
  return best;
}

/**
 * I_F: the least that whole nodes of a family can cost while holding the pods bound to it. For
 * each set Q of those pods that share a fit set (and all of them), the nodes of the types Q's
 * pods fit must hold Q, so for each resource their allocatable must cover Q's requests.
 */
function wholeNodes(pods: readonly Pod[]): number {
  if (pods.length === 0) return 0;
  const fitSets = [...new Map(pods.map((p) => [p.entries.map((e) => e.type).sort((a, b) => a - b).join(","), new Set(p.entries.map((e) => e.type))])).values()];
  const all = new Set(pods.flatMap((p) => p.entries.map((e) => e.type)));
  let best = 0;
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
