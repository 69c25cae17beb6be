/**
 * Workloads without a GPU are not planned into GPU pools: they run on the system pool
 * (k8s/scheduling.ts selects it). A pod larger than one system node stays Pending for ever, and
 * Pulumi waits on its Deployment until it times out, so such a pod is an error here, at plan time.
 */
import { CLOUD_FACTS } from "../catalog/clouds";
import type { Allocatable, SystemInstanceType } from "../catalog/types";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { systemNodeAllocatable } from "./allocatable";
import { cores, gib } from "./feasibility";

const MIB = 1024 * 1024;

/** One problem per CPU or memory request of a GPU-less workload that no system node can hold. */
export function systemPodProblems(spec: ValidSpec): SpecProblem[] {
  const facts = CLOUD_FACTS[spec.cloud];
  const current = facts.systemInstanceTypes.find((t) => t.name === spec.systemPool.instanceType);
  // An unknown system type is reported by the fixed-cost check; nothing to measure against here.
  if (current === undefined) return [];
  const sized = facts.systemInstanceTypes.map((t) => ({ t, a: systemNodeAllocatable(spec.cloud, t) }));
  const node = systemNodeAllocatable(spec.cloud, current);
  const problems: SpecProblem[] = [];
  for (const w of [...spec.services, ...spec.trainingJobs]) {
    if (w.gpu !== undefined) continue;
    const pod = { cpuMillis: w.cpu.millis, memoryMiB: Math.ceil(w.memory.bytes / MIB) };
    const larger = sized.filter(({ a }) => a.cpuMillis >= pod.cpuMillis && a.memoryMiB >= pod.memoryMiB).sort((x, y) => x.t.pricePerHour - y.t.pricePerHour)[0];
    const check = (field: "cpu" | "memory", asked: string, over: boolean, most: (a: Allocatable) => string, key: keyof Allocatable) => {
      if (!over) return;
      const head = `${w.name} asks for ${asked} per pod; a workload without a GPU runs on the system pool, whose ${current.name} nodes leave at most ${most(node)} for pods (after the node's reservations and daemons)`;
      problems.push({ path: `${w.path}.${field}`, message: `${head}; ${fix(most(node), larger?.t, most, key, sized)}` });
    };
    check("cpu", `${w.cpu.text} CPU`, pod.cpuMillis > node.cpuMillis, (a) => cores(a.cpuMillis), "cpuMillis");
    check("memory", `${w.memory.text} memory`, pod.memoryMiB > node.memoryMiB, (a) => gib(a.memoryMiB), "memoryMiB");
  }
  return problems;
}

function fix(
  most: string,
  larger: SystemInstanceType | undefined,
  show: (a: Allocatable) => string,
  key: keyof Allocatable,
  sized: readonly { readonly t: SystemInstanceType; readonly a: Allocatable }[],
): string {
  if (larger !== undefined) return `ask for at most ${most}, or set systemPool.instanceType to ${larger.name}`;
  const biggest = sized.reduce((b, x) => (x.a[key] > b.a[key] ? x : b));
  return `ask for at most ${most}: even the largest system type, ${biggest.t.name}, leaves ${show(biggest.a)}, so split the work over smaller pods`;
}
