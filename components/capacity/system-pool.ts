/**
 * The system pool's plan: its instance type, kept from the lock like any pool's, and its node
 * counts, sized from what the platform itself runs there (catalog/system-addons.ts) unless the
 * spec sets them.
 *
 * Decisions this file owns:
 * - No node holds more than half of an add-on's replicas, so losing one node never stops an
 *   add-on that runs two or more; first-fit over the pods, largest first, gives the nodes needed.
 * - `minNodes` is those nodes, at least two (an add-on keeps running while one node is replaced);
 *   `maxNodes` is twice that, at least four, and at least what the add-ons that scale themselves
 *   take at their most (the HTTP interceptor): room for a rolling update of every add-on at once.
 * - The instance type changes only on `--replan`: a new type replaces the node pool under the
 *   platform's own add-ons. A declared type the lock holds back is a warning, not a silent keep.
 * - AKS defines the system pool inline in the ManagedCluster, which ignores it after creation
 *   (cluster/azure/managed-cluster.ts): a changed type or count is applied by hand there, and the
 *   plan says how.
 */
import { CLOUD_FACTS } from "../catalog/clouds";
import { regionalPrice } from "../catalog/prices";
import { addonPodRequest, AddonCondition, SYSTEM_ADDONS, SystemAddon } from "../catalog/system-addons";
import type { SystemInstanceType } from "../catalog/types";
import { DEFAULT_SYSTEM_MAX_NODES, DEFAULT_SYSTEM_MIN_NODES, MAX_SYSTEM_NODES } from "../spec/defaults";
import type { SpecProblem, ValidService, ValidSpec } from "../spec/types";
import { systemAllocatable } from "./allocatable";
import { coresFromMillis, gibFromMib } from "./catalog-view";
import type { Advice, CapacityPlan, PoolReplacement, SystemPoolPlan } from "./types";

/** The system pool's name in `replacements`, as every cloud names the node pool. */
export const SYSTEM_POOL = "system";

/** Whether any service scales to zero, which needs KEDA and its HTTP add-on. */
export function scalesToZero(services: readonly ValidService[]): boolean {
  return services.some((s) => s.replicas.min === 0);
}

const NEEDED_BY: { readonly [c in AddonCondition]: (spec: ValidSpec) => boolean } = {
  always: () => true,
  monitoring: (spec) => spec.monitoring.enabled,
  "scale-to-zero": (spec) => scalesToZero(spec.services),
  gateway: (spec) => spec.gateway !== undefined,
  "gateway-certificates": (spec) => spec.gateway !== undefined && spec.gateway.tls.issuer !== "secret",
};

/** The add-ons this spec runs on its system pool, in table order. */
export function systemAddonsFor(spec: ValidSpec): readonly SystemAddon[] {
  return SYSTEM_ADDONS.filter((a) => (a.clouds === undefined || a.clouds.includes(spec.cloud)) && NEEDED_BY[a.when](spec));
}

export interface SystemPoolOutcome {
  readonly pool?: SystemPoolPlan;
  readonly advice: readonly Advice[];
  readonly replacement?: PoolReplacement;
  readonly problems: readonly SpecProblem[];
}

export function planSystemPool(spec: ValidSpec, previous: CapacityPlan | undefined, replan: boolean): SystemPoolOutcome {
  const facts = CLOUD_FACTS[spec.cloud];
  const declared = spec.systemPool.declared ?? { instanceType: true, minNodes: true, maxNodes: true };
  const wanted = spec.systemPool.instanceType;
  const locked = previous?.fixed?.systemPool.instanceType;
  const lockedType = locked !== undefined ? facts.systemInstanceTypes.find((t) => t.name === locked) : undefined;
  const keep = lockedType !== undefined && locked !== wanted && !replan;
  const type = keep ? lockedType : facts.systemInstanceTypes.find((t) => t.name === wanted);
  if (type === undefined) {
    const known = facts.systemInstanceTypes.map((t) => t.name).join(", ");
    return { advice: [], problems: [{ path: "systemPool.instanceType", message: `"${wanted}" has no price in the ${spec.cloud} catalogue, so the plan cannot size or cost the system pool; use one of ${known}` }] };
  }

  const addons = systemAddonsFor(spec);
  const node = systemAllocatable(spec.cloud, type);
  const tooBig = addons.filter((a) => !fits(addonPodRequest(a), node));
  if (tooBig.length > 0) {
    const what = tooBig.map((a) => `${a.name} (${requestText(addonPodRequest(a))})`).join(", ");
    return {
      advice: [],
      problems: [{ path: "systemPool.instanceType", message: `${type.name} leaves ${requestText(node)} to pods per node, too little for ${what}; choose a larger type such as ${largerType(facts.systemInstanceTypes, type)}` }],
    };
  }
  const needed = nodesFor(addons, node);
  // A declared bound wins; the other follows it, so `maxNodes: 3` alone never makes minNodes exceed it.
  const sizedMin = Math.min(MAX_SYSTEM_NODES, Math.max(DEFAULT_SYSTEM_MIN_NODES, needed));
  const minNodes = declared.minNodes ? spec.systemPool.minNodes : declared.maxNodes ? Math.min(sizedMin, spec.systemPool.maxNodes) : sizedMin;
  const neededScaledOut = nodesFor(addons, node, true);
  const maxNodes = declared.maxNodes ? spec.systemPool.maxNodes : Math.min(MAX_SYSTEM_NODES, Math.max(DEFAULT_SYSTEM_MAX_NODES, 2 * needed, neededScaledOut, minNodes));

  const requests = addons.reduce(
    (sum, a) => {
      const pod = addonPodRequest(a);
      return { cpuMillis: sum.cpuMillis + a.replicas * pod.cpuMillis, memoryMiB: sum.memoryMiB + a.replicas * pod.memoryMiB };
    },
    { cpuMillis: 0, memoryMiB: 0 },
  );
  const here = regionalPrice(spec.cloud, type.name, spec.region);
  const price = here?.onDemand ?? type.pricePerHour;
  const pool: SystemPoolPlan = {
    instanceType: type.name,
    nodes: minNodes,
    pricePerHour: price,
    ...(here?.onDemand == null ? { priceRegion: type.priceRegion } : {}),
    minNodes,
    maxNodes,
    nodesNeeded: needed,
    requests: { cpu: coresFromMillis(requests.cpuMillis), memoryGiB: gibFromMib(requests.memoryMiB) },
    allocatablePerNode: { cpu: coresFromMillis(node.cpuMillis), memoryGiB: gibFromMib(node.memoryMiB) },
    addons: addons.map((a) => a.name),
  };

  const advice: Advice[] = [];
  const sizing = `the add-ons on it request ${requestText(requests)} (${addons.length} workloads, ${needed} node(s) of ${type.name} at ${requestText(node)} allocatable each)`;
  if (declared.minNodes && minNodes < needed) {
    advice.push(systemAdvice("systemPool.minNodes", `is ${minNodes}, but ${sizing}: some stay Pending until the autoscaler adds nodes; set minNodes: ${needed}, or leave it out to size it from the add-ons`));
  }
  if (declared.maxNodes && maxNodes < needed) {
    advice.push(systemAdvice("systemPool.maxNodes", `is ${maxNodes}, but ${sizing}: not all of them can ever run; set maxNodes to at least ${needed}, or choose a larger instanceType`));
  }
  if (keep && declared.instanceType) {
    advice.push(
      systemAdvice(
        "systemPool.instanceType",
        `stays ${type.name}, the type in the lock: ${wanted} would replace the system node pool, which runs the platform's own add-ons (DNS, autoscaler, metrics); plan with --replan to change it`,
      ),
    );
  }
  const replaced = locked !== undefined && locked !== type.name;
  const reason = previous !== undefined && previous.cloud !== spec.cloud ? `the cloud changed from ${previous.cloud} to ${spec.cloud}: every node pool is new` : replacementReason(spec, lockedType !== undefined);
  const replacement = replaced ? { pool: SYSTEM_POOL, from: locked, to: type.name, reason } : undefined;
  const before = previous?.fixed?.systemPool;
  if (spec.cloud === "azure" && before !== undefined && !replaced && (before.minNodes !== pool.minNodes || before.maxNodes !== pool.maxNodes) && before.minNodes !== undefined) {
    advice.push(
      systemAdvice(
        "systemPool",
        `changes from ${before.minNodes}-${before.maxNodes} to ${pool.minNodes}-${pool.maxNodes} nodes, which AKS sets only when it creates the cluster; on a running cluster apply it with \`az aks nodepool update --resource-group <group> --cluster-name <cluster> --name ${SYSTEM_POOL} --update-cluster-autoscaler --min-count ${pool.minNodes} --max-count ${pool.maxNodes}\``,
      ),
    );
  }
  return { pool, advice, ...(replacement !== undefined ? { replacement } : {}), problems: [] };
}

function replacementReason(spec: ValidSpec, lockedKnown: boolean): string {
  const why = lockedKnown ? "systemPool.instanceType changed and the plan was made with --replan" : "the locked type is no longer in the catalogue";
  if (spec.cloud !== "azure") return `${why}: the system node pool is replaced and its add-ons move to the new nodes`;
  return `${why}: AKS cannot change its inline system pool, so Pulumi leaves the running one as it is; add a pool of the new size with \`az aks nodepool add --mode System\`, then delete the old one`;
}

function systemAdvice(path: string, message: string): Advice {
  return { path, kind: "system-pool", message, savingPerHour: null };
}

interface Request {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

function fits(pod: Request, free: Request): boolean {
  return pod.cpuMillis <= free.cpuMillis && pod.memoryMiB <= free.memoryMiB;
}

/**
 * Nodes the add-ons' pods take: first-fit, largest share of a node first, no node holding more
 * than half of an add-on's replicas (rounded up), so losing a node leaves one running.
 */
export function nodesFor(addons: readonly SystemAddon[], node: Request, scaledOut = false): number {
  const pods = addons.flatMap((a) => {
    const replicas = scaledOut ? (a.maxReplicas ?? a.replicas) : a.replicas;
    return Array.from({ length: replicas }, () => ({ addon: a.name, cap: Math.ceil(replicas / 2), ...addonPodRequest(a) }));
  });
  const share = (p: Request) => Math.max(p.cpuMillis / node.cpuMillis, p.memoryMiB / node.memoryMiB);
  pods.sort((a, b) => share(b) - share(a) || a.addon.localeCompare(b.addon));
  const nodes: { free: Request; held: Map<string, number> }[] = [];
  for (const pod of pods) {
    let home = nodes.find((n) => (n.held.get(pod.addon) ?? 0) < pod.cap && fits(pod, n.free));
    if (home === undefined) {
      home = { free: node, held: new Map() };
      nodes.push(home);
    }
    home.free = { cpuMillis: home.free.cpuMillis - pod.cpuMillis, memoryMiB: home.free.memoryMiB - pod.memoryMiB };
    home.held.set(pod.addon, (home.held.get(pod.addon) ?? 0) + 1);
  }
  return nodes.length;
}

function requestText(r: Request): string {
  return `${coresFromMillis(r.cpuMillis)} CPU, ${gibFromMib(r.memoryMiB)} GiB`;
}

function largerType(types: readonly SystemInstanceType[], than: SystemInstanceType): string {
  const bigger = types.filter((t) => t.vcpus > than.vcpus && t.memoryGiB > than.memoryGiB).sort((a, b) => a.pricePerHour - b.pricePerHour);
  return bigger[0]?.name ?? types[types.length - 1]!.name;
}

/**
 * The spec with the system pool its plan sized: the plan's type (the lock's, until `--replan`)
 * and node counts. A plan from before the pool was sized keeps the spec's counts.
 */
export function withPlannedSystemPool<S extends ValidSpec>(spec: S, plan: CapacityPlan): S {
  const planned = plan.fixed?.systemPool;
  if (planned === undefined) return spec;
  return {
    ...spec,
    systemPool: {
      ...spec.systemPool,
      instanceType: planned.instanceType,
      minNodes: planned.minNodes ?? spec.systemPool.minNodes,
      maxNodes: planned.maxNodes ?? spec.systemPool.maxNodes,
    },
  };
}
