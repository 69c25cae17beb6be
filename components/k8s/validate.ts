/**
 * Checks of component arguments that the spec validator cannot make: the pool a workload was
 * planned onto exists in this cluster and can hold it, the add-ons it relies on are installed,
 * its secret values are secret. Each check is a pure function that appends problems; components
 * throw one BadInputError (a pulumi.RunError, components/bad-input.ts) with all of them before
 * registering anything.
 */
import { engineSeries, engineSignals } from "../catalog/engines";
import type { ClusterContract } from "../cluster/contract";
import { DNS_LABEL_MAX, maxJobNameLength, SERVICE_NAME_MAX } from "../spec/rules/names";
import { MIN_VOLUME_BYTES, MIN_VOLUME_SIZE } from "../spec/rules/quantities";
import { zeroScaleExposureMessage } from "../spec/rules/services";
import type { SpecProblem, ValidService, ValidTrainingJob } from "../spec/types";
import type { AddonsRef } from "./refs";

type Workload = ValidService | ValidTrainingJob;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Where a workload's problems are reported: its spec path, or a neutral word for hand-built args. */
export function workloadPath(w: Workload): string {
  return w.path !== "" ? w.path : w.kind === "service" ? "service" : "job";
}

function knownPools(contract: ClusterContract): string {
  const names = [...Object.keys(contract.pools), ...Object.keys(contract.cpuPools ?? {})].sort();
  return names.length > 0 ? names.join(", ") : "none";
}

/**
 * The pool (and the fallback pool of a spot workload) exists and is of the workload's kind: a GPU
 * pool of its model with room for one pod's GPUs, or a CPU pool for a workload without GPUs.
 */
export function checkPool(contract: ClusterContract, w: Workload, pool: string | undefined, out: SpecProblem[], fallbackPool?: string): void {
  if (fallbackPool !== undefined) {
    if (pool === undefined) out.push({ path: "fallbackPool", message: `needs pool too: a fallback pool stands in for the spot pool the plan assigned to ${w.key}` });
    else checkOnePool(contract, w, fallbackPool, "fallbackPool", out);
  }
  checkOnePool(contract, w, pool, "pool", out);
}

function checkOnePool(contract: ClusterContract, w: Workload, pool: string | undefined, field: string, out: SpecProblem[]): void {
  const path = workloadPath(w);
  if (pool === undefined) {
    if (w.gpu !== undefined) {
      out.push({
        path: field,
        message: `is required for ${w.key}, which asks for ${w.gpu.count} GPU(s): pass the pool the capacity plan assigned to it (plan.workloads[].pool); pools of this cluster: ${knownPools(contract)}`,
      });
    }
    return;
  }
  const cpu = contract.cpuPools?.[pool];
  if (cpu !== undefined) {
    if (w.gpu !== undefined) {
      out.push({ path: field, message: `"${pool}" is a CPU pool but ${w.key} asks for ${w.gpu.count} GPU(s); pass the GPU pool the capacity plan assigned to it` });
    }
    return;
  }
  const placement = contract.pools[pool];
  if (placement === undefined) {
    out.push({
      path: field,
      message: `"${pool}" is not a pool of this cluster (pools: ${knownPools(contract)}); pass the pool the capacity plan assigned to ${w.key}, or plan again with it in the spec`,
    });
    return;
  }
  if (w.gpu === undefined) {
    out.push({
      path: field,
      message: `"${pool}" is a GPU pool but ${w.key} asks for no GPU: its pods would hold GPU nodes; pass the CPU pool the capacity plan assigned to it, or give it a gpu request`,
    });
    return;
  }
  if (w.gpu.model !== undefined && w.gpu.model !== placement.gpu) {
    out.push({
      path: `${path}.gpu.model`,
      message: `is "${w.gpu.model}" but pool "${pool}" has ${placement.gpu} GPUs; pass a pool of ${w.gpu.model} nodes or change the model`,
    });
  }
  if (w.gpu.count > placement.gpusPerNode) {
    out.push({
      path: `${path}.gpu.count`,
      message: `${w.gpu.count} GPUs per pod cannot fit pool "${pool}", whose ${placement.instanceType} nodes have ${placement.gpusPerNode}; ask for at most ${placement.gpusPerNode} or plan a pool with larger nodes`,
    });
  }
}

/** A DNS label of at most `max` characters; `why` explains a limit below 63. */
export function checkDnsLabel(value: string, path: string, max: number, why: string, out: SpecProblem[]): void {
  if (!DNS_LABEL.test(value)) {
    out.push({ path, message: `must be a DNS label (lower-case letters, digits and "-", starting and ending with a letter or digit), got ${JSON.stringify(value)}` });
  } else if (value.length > max) {
    out.push({ path, message: `must be at most ${max} characters${why}, got ${value.length}: "${value}"` });
  }
}

/** Names of the workload and its namespace; jobs keep room for `-<hash8>-<index>` in pod hostnames. */
export function checkNames(w: Workload, out: SpecProblem[]): void {
  const path = workloadPath(w);
  checkDnsLabel(w.namespace, `${path}.namespace`, DNS_LABEL_MAX, "", out);
  if (w.kind === "service") {
    checkDnsLabel(w.name, `${path}.name`, SERVICE_NAME_MAX, " so the objects named after it stay DNS labels", out);
  } else {
    checkDnsLabel(w.name, `${path}.name`, maxJobNameLength(w.workers), ` so the pod hostnames "<name>-<hash8>-<index>" stay within ${DNS_LABEL_MAX}`, out);
  }
}

/**
 * Secret values: one per `secretEnv` entry, none extra, never a plain string (it would sit
 * unencrypted in the Pulumi state; reliability.md C17), and no name also set in `env`.
 */
export function checkSecretValues(w: Workload, values: Readonly<Record<string, unknown>> | undefined, out: SpecProblem[]): void {
  const path = workloadPath(w);
  const given = values ?? {};
  const wanted = Object.keys(w.secretEnv).sort();
  for (const env of wanted) {
    const value = given[env];
    if (value === undefined) {
      out.push({
        path: `secretValues.${env}`,
        message: `is missing: ${path}.secretEnv maps ${env} to the stack secret "${w.secretEnv[env]}"; pass its value, e.g. config.requireSecret("${w.secretEnv[env]}")`,
      });
    } else if (typeof value === "string") {
      out.push({
        path: `secretValues.${env}`,
        message: `must be a secret Output (config.requireSecret("${w.secretEnv[env]}") or pulumi.secret(...)), got a plain string, which would be stored unencrypted in the Pulumi state`,
      });
    }
    if (Object.prototype.hasOwnProperty.call(w.env, env)) {
      out.push({ path: `${path}.secretEnv.${env}`, message: `is also set in ${path}.env; keep it in one of them` });
    }
  }
  for (const env of Object.keys(given).sort()) {
    if (!wanted.includes(env)) {
      out.push({
        path: `secretValues.${env}`,
        message: `is not in ${path}.secretEnv (${wanted.length > 0 ? wanted.join(", ") : "empty"}); remove it or add ${env} to secretEnv`,
      });
    }
  }
}

/** Replica bounds, one scaling signal, and the add-on that signal needs. */
export function checkScaling(s: ValidService, addons: AddonsRef, out: SpecProblem[]): void {
  const path = workloadPath(s);
  const { min, max } = s.replicas;
  if (!Number.isInteger(min) || min < 0) out.push({ path: `${path}.replicas.min`, message: `must be a whole number of 0 or more, got ${min}` });
  if (!Number.isInteger(max) || max < Math.max(1, min)) {
    out.push({ path: `${path}.replicas.max`, message: `must be a whole number of at least ${Math.max(1, min)} (1 and replicas.min), got ${max}` });
  }
  const signals = (["cpuUtilization", "gpuUtilization", "requestsPerSecond", "concurrentRequests", "queueLength", "kvCacheUtilization"] as const).filter(
    (k) => s.autoscaling[k] !== undefined,
  );
  if (signals.length !== 1) {
    out.push({
      path: `${path}.autoscaling`,
      message: `must set exactly one of cpuUtilization, gpuUtilization, requestsPerSecond, concurrentRequests, queueLength or kvCacheUtilization, got ${signals.length > 0 ? signals.join(" and ") : "none"}`,
    });
    return;
  }
  const signal = signals[0];
  const target = s.autoscaling[signal] as number;
  const byRequests = signal === "requestsPerSecond" || signal === "concurrentRequests";
  const unbounded = byRequests || signal === "queueLength";
  if (!(target > 0) || (!unbounded && target > 100) || (signal === "concurrentRequests" && !Number.isInteger(target))) {
    out.push({
      path: `${path}.autoscaling.${signal}`,
      message: `must be ${signal === "requestsPerSecond" || signal === "queueLength" ? "a number above 0" : signal === "concurrentRequests" ? "a whole number above 0" : "a percentage from 1 to 100"}, got ${target}`,
    });
  }
  if ((signal === "queueLength" || signal === "kvCacheUtilization") && engineSeries(s.engine, signal) === undefined) {
    out.push({
      path: `${path}.autoscaling.${signal}`,
      message: `is not exported by engine "${s.engine}"; it scales on ${[...engineSignals(s.engine), "cpuUtilization", "gpuUtilization"].join(", ")}`,
    });
  }
  if (min === 0) {
    if (!byRequests) {
      out.push({
        path: `${path}.autoscaling.${signal}`,
        message: `cannot wake a service at replicas.min 0: no pod runs to measure it; scale on concurrentRequests or requestsPerSecond (KEDA's HTTP add-on counts requests while no pod runs) or set replicas.min to 1`,
      });
    }
    if (addons.httpScaling === undefined) {
      out.push({
        path: `${path}.replicas.min`,
        message: `0 needs the KEDA HTTP add-on, which ClusterAddons installs only when one of its services has replicas.min 0; pass this service to ClusterAddons or set replicas.min to 1`,
      });
    }
    if (s.expose === "internal" || s.expose === "public") {
      out.push({
        path: `${path}.expose`,
        message: zeroScaleExposureMessage(s.expose),
      });
    }
  } else if (signal === "concurrentRequests") {
    out.push({
      path: `${path}.autoscaling.concurrentRequests`,
      message: `is counted by KEDA's HTTP interceptor, which fronts only services at replicas.min 0, and replicas.min is ${min}; scale on requestsPerSecond, or set replicas.min to 0`,
    });
  } else if (signal !== "cpuUtilization" && !addons.customMetrics) {
    out.push({
      path: `${path}.autoscaling.${signal}`,
      message: `needs the custom metrics adapter, which ClusterAddons installs only with monitoring; enable monitoring or scale on cpuUtilization`,
    });
  }
}

/** Port and health settings a Deployment can carry. */
export function checkServiceShape(s: ValidService, out: SpecProblem[]): void {
  const path = workloadPath(s);
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) out.push({ path: `${path}.port`, message: `must be a whole number from 1 to 65535, got ${s.port}` });
  if (!Number.isInteger(s.health.startupSeconds) || s.health.startupSeconds < 1) {
    out.push({ path: `${path}.health.startupSeconds`, message: `must be a whole number of seconds, 1 or more, got ${s.health.startupSeconds}` });
  }
  if (s.health.path !== undefined && !s.health.path.startsWith("/")) {
    out.push({ path: `${path}.health.path`, message: `must be an HTTP path starting with "/", got ${JSON.stringify(s.health.path)}` });
  }
}

/** Worker count, retries and the storage class several workers share checkpoints on. */
export function checkJobShape(contract: ClusterContract, j: ValidTrainingJob, out: SpecProblem[]): void {
  const path = workloadPath(j);
  if (!Number.isInteger(j.workers) || j.workers < 1) out.push({ path: `${path}.workers`, message: `must be a whole number of 1 or more, got ${j.workers}` });
  if (!Number.isInteger(j.backoffLimit) || j.backoffLimit < 0) out.push({ path: `${path}.backoffLimit`, message: `must be a whole number of 0 or more, got ${j.backoffLimit}` });
  if (j.activeDeadlineSeconds !== undefined && (!Number.isInteger(j.activeDeadlineSeconds) || j.activeDeadlineSeconds < 1)) {
    out.push({ path: `${path}.activeDeadlineSeconds`, message: `must be a whole number of seconds, 1 or more, got ${j.activeDeadlineSeconds}` });
  }
  if (j.checkpoint !== undefined) {
    const cls = j.workers > 1 ? contract.storageClasses.sharedFile : contract.storageClasses.checkpoint;
    if (cls === "") {
      out.push({
        path: `${path}.checkpoint`,
        message: `needs a ${j.workers > 1 ? "shared-file (ReadWriteMany)" : "checkpoint"} storage class, and this cluster names none; give the cluster one or drop checkpoint`,
      });
    }
    if (!(j.checkpoint.size.bytes >= MIN_VOLUME_BYTES)) {
      out.push({ path: `${path}.checkpoint.size`, message: `must be at least ${MIN_VOLUME_SIZE}, got ${JSON.stringify(j.checkpoint.size.text)} (${j.checkpoint.size.bytes} bytes); ask for e.g. "100Gi"` });
    }
    if (!j.checkpoint.mountPath.startsWith("/")) {
      out.push({ path: `${path}.checkpoint.mountPath`, message: `must be an absolute path, got ${JSON.stringify(j.checkpoint.mountPath)}` });
    }
  }
}
