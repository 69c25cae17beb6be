/**
 * validateSpec: untyped input in, the defaulted canonical ValidSpec out, or one SpecError listing
 * every problem. The checks live in rules/, one small module per part of the spec; this file only
 * runs them in order, then the checks across parts, then assembles the result.
 */
import { SpecError } from "./errors";
import type { SpecProblem, ValidAccess, ValidNamespace, ValidService, ValidSpec, ValidTrainingJob } from "./types";
import { readField, readMapping } from "./rules/fields";
import { checkGateway } from "./rules/gateway";
import { checkGoogleGroupsForRbac, checkGroupMembers } from "./rules/members";
import { checkDuplicateNamespaces, checkDuplicateWorkloads, checkNamespace, checkQuotas, checkWorkloadNamespaces, NamespaceDraft } from "./rules/namespaces";
import { checkApiAccess, checkNetwork } from "./rules/network";
import { warnRestrictedStorageEgress } from "./rules/storage";
import { checkCpuPools, checkGpuPools, checkPoolCoverage, checkSystemPool, warnSpotTraining } from "./rules/pools";
import { at, isMapping, Problems, showTyped } from "./rules/problems";
import { checkRegistries, warnUnlistedImages } from "./rules/registries";
import { checkGatewayRoutes } from "./rules/routes";
import { checkService, ServiceDraft } from "./rules/services";
import { checkCloud, checkKubernetesVersion, checkMonitoring, checkPlatformName, checkProtect, checkRegion, PLATFORM_FIELDS } from "./rules/top-level";
import { checkTrainingJob, TrainingJobDraft } from "./rules/training-jobs";
import type { WorkloadDraft } from "./rules/workload";

/** The outcome of checking a spec without throwing: the CLI prints warnings next to problems. */
export interface SpecReport {
  /** Present exactly when there are no errors. */
  readonly spec?: ValidSpec;
  readonly errors: readonly SpecProblem[];
  readonly warnings: readonly SpecProblem[];
}

/** Checks a platform spec; throws one SpecError with every problem when there is any. */
export function validateSpec(input: unknown): ValidSpec {
  const report = inspectSpec(input);
  if (report.spec === undefined) throw new SpecError(report.errors);
  return report.spec;
}

/** Checks a platform spec and reports errors and warnings without throwing. */
export function inspectSpec(input: unknown): SpecReport {
  const out = new Problems();
  if (!isMapping(input)) {
    out.error("", `the platform spec must be a mapping with name, cloud, region and the rest, got ${showTyped(input)}`);
    return { errors: out.errors, warnings: out.warnings };
  }
  const spec = readMapping(input, "", "the platform spec", PLATFORM_FIELDS, out);
  if (spec === undefined) return { errors: out.errors, warnings: out.warnings };

  const name = checkPlatformName(spec, out);
  const cloud = checkCloud(spec, out);
  const region = checkRegion(spec, cloud, out);
  const where = { cloud, region };
  const kubernetesVersion = checkKubernetesVersion(spec, cloud, out);
  const protect = checkProtect(spec, out);
  const apiAccess = checkApiAccess(readField(spec, "apiAccess"), "apiAccess", out);
  const network = checkNetwork(readField(spec, "network"), "network", cloud, region, out);
  const systemPool = checkSystemPool(readField(spec, "systemPool"), "systemPool", cloud, out);
  const gpuPools = checkGpuPools(readField(spec, "gpuPools"), where, out);
  const cpuPools = checkCpuPools(readField(spec, "cpuPools"), where, gpuPools, out);
  const namespaces = readList(readField(spec, "namespaces"), "namespaces", "namespaces", (v, i) => checkNamespace(v, i, where, out), out);
  const services = readList(readField(spec, "services"), "services", "services", (v, i) => checkService(v, i, where, out), out);
  const jobs = readList(readField(spec, "trainingJobs"), "trainingJobs", "training jobs", (v, i) => checkTrainingJob(v, i, where, out), out);
  const monitoring = checkMonitoring(spec, out);
  const registries = checkRegistries(spec, cloud, out);
  const googleGroupsForRbac = checkGoogleGroupsForRbac(spec, cloud, out);
  const gateway = checkGateway(readField(spec, "gateway"), "gateway", out);

  const workloads = [...services, ...jobs];
  checkDuplicateNamespaces(namespaces, out);
  checkWorkloadNamespaces(workloads, namespaces, cloud, out);
  checkDuplicateWorkloads(workloads, out);
  checkQuotas(namespaces, workloads, out);
  warnRestrictedStorageEgress(workloads, namespaces, cloud, out);
  if (gpuPools !== undefined && cloud !== undefined) checkPoolCoverage(gpuPools, workloads, cloud, out);
  warnSpotTraining(jobs, out);
  checkGroupMembers(namespaces, readField(spec, "googleGroupsForRbac") !== undefined, cloud, out);
  warnUnlistedImages(workloads, registries, cloud, out);
  checkGatewayRoutes(services, gateway, out);
  if (out.errors.length > 0) return { errors: out.errors, warnings: out.warnings };

  const valid: ValidSpec = {
    name: need(name, "name"),
    cloud: need(cloud, "cloud"),
    region: need(region, "region"),
    kubernetesVersion: need(kubernetesVersion, "kubernetesVersion"),
    protect: need(protect, "protect"),
    ...(apiAccess !== undefined ? { apiAccess: { allowedCidrs: [...apiAccess.allowedCidrs] } } : {}),
    network: copyNetwork(need(network, "network")),
    systemPool: need(systemPool, "systemPool"),
    ...(gpuPools !== undefined ? { gpuPools: gpuPools.map((p) => ({ ...p, instanceTypes: [...p.instanceTypes] })) } : {}),
    ...(cpuPools !== undefined ? { cpuPools: cpuPools.map((p) => ({ ...p, instanceTypes: [...p.instanceTypes] })) } : {}),
    namespaces: namespaces.map(finishNamespace),
    services: services.map(finishService),
    trainingJobs: jobs.map(finishTrainingJob),
    monitoring: need(monitoring, "monitoring"),
    ...(registries !== undefined && registries.length > 0 ? { registries: registries.map((r) => ({ ...r })) } : {}),
    ...(googleGroupsForRbac !== undefined ? { googleGroupsForRbac } : {}),
    ...(gateway.present ? { gateway: need(gateway.valid, "gateway") } : {}),
    warnings: out.warnings,
  };
  return { spec: deepFreeze(valid), errors: [], warnings: out.warnings };
}

/** A list section; absent is empty. Items that are not sound come back undefined and are dropped. */
function readList<T>(value: unknown, path: string, what: string, check: (item: unknown, index: number) => T | undefined, out: Problems): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    out.error(path, `must be a list of ${what} (each item starts with "- "), got ${showTyped(value)}`);
    return [];
  }
  return value.map((item: unknown, i) => check(item, i)).filter((d): d is T => d !== undefined);
}

/**
 * Every field that could not be read recorded an error, and assembly runs only without errors, so
 * a missing value here is a bug in the rules, not bad input.
 */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`validateSpec: ${what} is missing although no problem was reported (a bug in components/spec/rules)`);
  return value;
}

function copyNetwork(n: ValidSpec["network"]): ValidSpec["network"] {
  return n.existingSubnetIds === undefined ? { cidr: n.cidr } : { cidr: n.cidr, existingSubnetIds: [...n.existingSubnetIds] };
}

function finishNamespace(d: NamespaceDraft): ValidNamespace {
  const v = need(d.valid, d.path);
  return {
    ...v,
    groups: [...v.groups],
    ...(v.members !== undefined ? { members: [...v.members] } : {}),
    ...(v.egress !== undefined ? { egress: { allowCidrs: [...v.egress.allowCidrs] } } : {}),
  };
}

/** The input's lists are the caller's: the result gets its own copies. */
function copyAccess(a: ValidAccess): ValidAccess {
  return { read: a.read.map((l) => ({ ...l })), write: a.write.map((l) => ({ ...l })), ...(a.kmsKey !== undefined ? { kmsKey: a.kmsKey } : {}) };
}

function finishCommon(d: WorkloadDraft) {
  const name = need(d.name, at(d.path, "name"));
  const namespace = need(d.namespace, at(d.path, "namespace"));
  const environment = need(d.environment, at(d.path, "env"));
  return {
    name,
    namespace,
    key: `${namespace}/${name}`,
    path: d.path,
    image: need(d.image, at(d.path, "image")),
    ...(d.command !== undefined ? { command: [...d.command] } : {}),
    ...(d.args !== undefined ? { args: [...d.args] } : {}),
    ...(d.gpu !== undefined ? { gpu: { ...d.gpu } } : {}),
    cpu: need(d.cpu, at(d.path, "cpu")),
    memory: need(d.memory, at(d.path, "memory")),
    env: { ...environment.env },
    secretEnv: { ...environment.secretEnv },
    security: need(d.security, at(d.path, "security")),
    spot: need(d.spot, at(d.path, "spot")),
    ...(d.access !== undefined ? { access: copyAccess(d.access) } : {}),
  };
}

function finishService(d: ServiceDraft): ValidService {
  return {
    kind: "service",
    ...finishCommon(d),
    port: need(d.port, at(d.path, "port")),
    replicas: { ...need(d.replicas, at(d.path, "replicas")) },
    autoscaling: { ...need(d.autoscaling, at(d.path, "autoscaling")) },
    health: { ...need(d.health, at(d.path, "health")) },
    engine: need(d.engine, at(d.path, "engine")),
    ...(d.engineVersion !== undefined ? { engineVersion: d.engineVersion } : {}),
    expose: need(d.expose, at(d.path, "expose")),
    // The rules built the route and the gateway from scratch: nothing in them is the caller's.
    ...(d.expose === "gateway" ? { route: need(d.route?.route, at(d.path, "path")) } : {}),
  };
}

function finishTrainingJob(d: TrainingJobDraft): ValidTrainingJob {
  return {
    kind: "trainingJob",
    ...finishCommon(d),
    workers: need(d.workers, at(d.path, "workers")),
    ...(d.checkpoint !== undefined ? { checkpoint: { ...d.checkpoint } } : {}),
    backoffLimit: need(d.backoffLimit, at(d.path, "backoffLimit")),
    ...(d.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: d.activeDeadlineSeconds } : {}),
  };
}

/** The result is shared by every later layer: frozen, so none can change it under another. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
