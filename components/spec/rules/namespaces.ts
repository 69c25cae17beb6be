/**
 * Team namespaces: declared once, not reserved, with quotas that cover the peak demand of the
 * workloads placed in them (every service at replicas.max plus every job's workers, as the
 * planner's peak), RBAC groups, cloud principals as members (rules/members.ts) and an optional
 * egress allow-list.
 */
import type { Cloud } from "../../catalog/types";
import { cpuText, memoryText } from "../quantity";
import { reservedNamespace } from "../system-namespaces";
import type { ValidNamespace } from "../types";
import { readField, readInteger, readMapping, readString, readStringList } from "./fields";
import type { Placement } from "./gpu";
import { checkMembers } from "./members";
import { checkLabel, DNS_LABEL_MAX } from "./names";
import { checkCidrList } from "./network";
import { at, firstFew, Problems } from "./problems";
import { readCpu, readMemory } from "./quantities";
import type { ServiceDraft } from "./services";
import { suggest } from "./suggest";
import type { TrainingJobDraft } from "./training-jobs";

export const NAMESPACE_FIELDS = ["name", "quota", "groups", "members", "egress"] as const;
export const QUOTA_FIELDS = ["gpu", "cpu", "memory"] as const;
export const EGRESS_FIELDS = ["allowCidrs"] as const;

export interface NamespaceDraft {
  readonly path: string;
  readonly name?: string;
  /** The members as read, when sound, for the checks across parts (group members need googleGroupsForRbac). */
  readonly members?: readonly string[];
  readonly valid?: ValidNamespace;
}

export function checkNamespace(value: unknown, index: number, where: Placement, out: Problems): NamespaceDraft {
  const { cloud } = where;
  const path = `namespaces[${index}]`;
  const before = out.count;
  const ns = readMapping(value, path, "a namespace", NAMESPACE_FIELDS, out);
  if (ns === undefined) return { path };
  const raw = readString(ns, "name", path, out, { required: 'a DNS label naming the team namespace, e.g. "research"' });
  let name = raw !== undefined && checkLabel(raw, at(path, "name"), { max: DNS_LABEL_MAX }, out) ? raw : undefined;
  const reserved = name === undefined ? undefined : reservedNamespace(name, cloud);
  if (reserved !== undefined) {
    out.error(at(path, "name"), `is reserved (${reserved}), got "${name}"; name the team's namespace, e.g. "research"`);
    name = undefined;
  }
  const quota = checkQuota(readField(ns, "quota"), at(path, "quota"), out);
  const groups = readStringList(ns, "groups", path, out) ?? [];
  groups.forEach((g, i) => {
    const first = groups.indexOf(g);
    if (first < i) out.error(at(at(path, "groups"), i), `repeats groups[${first}] ("${g}"); list each group once`);
  });
  const members = checkMembers(ns, path, cloud, where.region, out);
  const egress = checkEgress(readField(ns, "egress"), at(path, "egress"), out);
  if (out.count !== before || name === undefined) return { path, name, members };
  return {
    path,
    name,
    members,
    valid: {
      name,
      groups,
      ...(members !== undefined && members.length > 0 ? { members } : {}),
      ...(quota !== undefined ? { quota } : {}),
      ...(egress !== undefined ? { egress } : {}),
    },
  };
}

function checkQuota(value: unknown, path: string, out: Problems): ValidNamespace["quota"] | undefined {
  if (value === undefined || value === null) return undefined;
  const q = readMapping(value, path, "a resource quota", QUOTA_FIELDS, out);
  if (q === undefined) return undefined;
  const gpu = readInteger(q, "gpu", path, out, { min: 0 });
  const cpu = readCpu(q, "cpu", path, out, { allowZero: true });
  const memory = readMemory(q, "memory", path, out, { allowZero: true });
  return { ...(gpu !== undefined ? { gpu } : {}), ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
}

function checkEgress(value: unknown, path: string, out: Problems): ValidNamespace["egress"] | undefined {
  if (value === undefined || value === null) return undefined;
  const e = readMapping(value, path, "an egress allow-list", EGRESS_FIELDS, out);
  if (e === undefined) return undefined;
  const list = readStringList(e, "allowCidrs", path, out, { required: "the networks pods may reach, e.g. [10.0.0.0/8]; remove egress to leave it open" });
  if (list === undefined) return undefined;
  const cidrs = checkCidrList(list, at(path, "allowCidrs"), out);
  if (cidrs === undefined) return undefined;
  if (list.length === 0) {
    out.warn(at(path, "allowCidrs"), "is empty: pods in this namespace reach nothing outside the cluster (model downloads included)");
  }
  cidrs.forEach((c, i) => {
    if (c.prefix === 0) out.warn(at(at(path, "allowCidrs"), i), `allows every ${c.family === "ipv4" ? "IPv4" : "IPv6"} address: the same as leaving egress open`);
  });
  return { allowCidrs: list };
}

/** Names declared twice: the later one is the error. */
export function checkDuplicateNamespaces(namespaces: readonly NamespaceDraft[], out: Problems): void {
  const first = new Map<string, string>();
  for (const ns of namespaces) {
    if (ns.name === undefined) continue;
    const earlier = first.get(ns.name);
    if (earlier !== undefined) out.error(at(ns.path, "name"), `repeats ${earlier}.name ("${ns.name}"); declare each namespace once`);
    else first.set(ns.name, ns.path);
  }
}

type WorkloadDraft = ServiceDraft | TrainingJobDraft;

/** Every workload sits in a declared, non-reserved namespace. */
export function checkWorkloadNamespaces(workloads: readonly WorkloadDraft[], namespaces: readonly NamespaceDraft[], cloud: Cloud | undefined, out: Problems): void {
  const declared = namespaces.map((n) => n.name).filter((n): n is string => n !== undefined);
  for (const w of workloads) {
    if (w.namespace === undefined || declared.includes(w.namespace)) continue;
    const p = at(w.path, "namespace");
    const reserved = reservedNamespace(w.namespace, cloud);
    if (reserved !== undefined) {
      out.error(p, `is reserved (${reserved}), got "${w.namespace}"; put the workload in a team namespace declared under namespaces`);
      continue;
    }
    const close = suggest(w.namespace, declared);
    const hint =
      close !== undefined
        ? `; did you mean "${close}"?`
        : declared.length > 0
          ? `; declare it under namespaces or use one of: ${firstFew(declared)}`
          : `; declare it: namespaces: [{ name: ${w.namespace} }]`;
    out.error(p, `is not declared under namespaces, got "${w.namespace}"${hint}`);
  }
}

/** Workload names are unique per namespace, across services and training jobs (`namespace/name` keys plans). */
export function checkDuplicateWorkloads(workloads: readonly WorkloadDraft[], out: Problems): void {
  const first = new Map<string, string>();
  for (const w of workloads) {
    if (w.name === undefined || w.namespace === undefined) continue;
    const key = `${w.namespace}/${w.name}`;
    const earlier = first.get(key);
    if (earlier !== undefined) {
      out.error(at(w.path, "name"), `repeats ${earlier}.name ("${w.name}") in namespace ${w.namespace}; names are unique per namespace across services and trainingJobs`);
    } else first.set(key, w.path);
  }
}

/** One workload's share of its namespace's peak: pods at peak times each pod's request. */
interface PeakShare {
  readonly key: string;
  readonly pods: number;
  readonly unit: string;
  readonly gpus: number;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** A workload's shares: its own pods, and a canary's (same requests, its own replicas) when it has one. */
function peakShares(w: WorkloadDraft): PeakShare[] {
  const pods = w.kind === "service" ? w.replicas?.max : w.workers;
  if (pods === undefined || w.name === undefined || w.cpu === undefined || w.memory === undefined || (w.hasGpu && w.gpu === undefined)) return [];
  const { cpu, memory } = w;
  const share = (key: string, n: number, unit: string): PeakShare => ({
    key,
    pods: n,
    unit,
    gpus: n * (w.gpu?.count ?? 0),
    cpuMillis: n * cpu.millis,
    memoryBytes: n * memory.bytes,
  });
  const key = `${w.namespace}/${w.name}`;
  const canary = w.kind === "service" ? w.route?.route?.canary : undefined;
  return [share(key, pods, w.kind === "service" ? "replicas" : "workers"), ...(canary !== undefined ? [share(`${key} canary`, canary.replicas.max, "replicas")] : [])];
}

/** Quotas at least the namespace's peak demand, or its workloads could never all run. */
export function checkQuotas(namespaces: readonly NamespaceDraft[], workloads: readonly WorkloadDraft[], out: Problems): void {
  for (const ns of namespaces) {
    const quota = ns.valid?.quota;
    if (quota === undefined) continue;
    const shares = workloads.filter((w) => w.namespace === ns.name).flatMap(peakShares);
    const quotaPath = at(ns.path, "quota");
    const check = (field: string, have: number | undefined, need: (s: PeakShare) => number, show: (n: number) => string, per: (s: PeakShare) => string): void => {
      const total = shares.reduce((sum, s) => sum + need(s), 0);
      if (have === undefined || have >= total) return;
      const parts = shares.filter((s) => need(s) > 0).map((s) => `${s.key} ${s.pods} ${s.unit} × ${per(s)}`);
      out.error(
        at(quotaPath, field),
        `must cover the namespace's peak demand, ${show(total)} (${firstFew(parts, 4)}), got ${show(have)}; raise it to at least ${show(total)} or lower replicas.max or workers`,
      );
    };
    check("gpu", quota.gpu, (s) => s.gpus, (n) => `${n} GPU${n === 1 ? "" : "s"}`, (s) => String(s.gpus / s.pods));
    check("cpu", quota.cpu?.millis, (s) => s.cpuMillis, (n) => `cpu ${cpuText(n)}`, (s) => cpuText(s.cpuMillis / s.pods));
    check("memory", quota.memory?.bytes, (s) => s.memoryBytes, (n) => `memory ${memoryText(n)}`, (s) => memoryText(s.memoryBytes / s.pods));
  }
}
