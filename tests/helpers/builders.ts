/**
 * Builders of the objects the spec validator and the capacity planner hand on (ValidSpec and its
 * workloads, CapacityPlan and its pools), for tests that start after those steps. Pure: no
 * @pulumi/* import, so the capacity tests that use it stay pure too.
 *
 * Each builder returns a small valid object and spreads `overrides` over it, top-level fields
 * only. Optional fields are left out of the defaults, so a test that needs one absent gets it
 * absent (not present as `undefined`); a folder that needs richer defaults wraps a builder in its
 * own fixtures file.
 */
import type { CapacityPlan, Packing, PlanPool } from "../../components/capacity/types";
import type { Cloud } from "../../components/catalog/types";
import { parseCpu, parseMemory } from "../../components/spec/quantity";
import type { CpuQuantity, MemoryQuantity, QuantityInput, ValidNamespace, ValidService, ValidSpec, ValidTrainingJob } from "../../components/spec/types";

/** A CPU quantity as the validator parses it: `cpu("3")`, `cpu(0.5)`, `cpu("500m")`. */
export function cpu(input: QuantityInput): CpuQuantity {
  const parsed = parseCpu(input);
  if (!parsed.ok) throw new Error(`test builder cpu(${JSON.stringify(input)}) ${parsed.message}`);
  return parsed.value;
}

/** A memory quantity as the validator parses it: `memory("12Gi")`. */
export function memory(input: QuantityInput): MemoryQuantity {
  const parsed = parseMemory(input);
  if (!parsed.ok) throw new Error(`test builder memory(${JSON.stringify(input)}) ${parsed.message}`);
  return parsed.value;
}

/**
 * Per cloud, the region the tests deploy to and the system pool type the spec validator defaults
 * to (CLOUD_FACTS.defaultSystemInstanceType in components/catalog/clouds.ts), written out so a
 * catalogue change does not silently change every test's input.
 */
export const CLOUD_DEFAULTS: { readonly [c in Cloud]: { readonly region: string; readonly systemInstanceType: string } } = {
  aws: { region: "us-east-1", systemInstanceType: "m6i.xlarge" },
  gcp: { region: "us-central1", systemInstanceType: "e2-standard-4" },
  azure: { region: "eastus", systemInstanceType: "Standard_D4s_v5" },
};

/** A validated spec on AWS with no workloads and nothing to warn about. */
export function validSpec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return {
    name: "ml-dev",
    cloud: "aws",
    region: CLOUD_DEFAULTS.aws.region,
    kubernetesVersion: "1.33",
    protect: true,
    network: { cidr: "10.0.0.0/16" },
    systemPool: { instanceType: CLOUD_DEFAULTS.aws.systemInstanceType, minNodes: 2, maxNodes: 4 },
    namespaces: [],
    services: [],
    trainingJobs: [],
    monitoring: { enabled: true },
    warnings: [],
    ...overrides,
  };
}

/** validSpec on `cloud`, in its test region with its default system pool unless overridden. */
export function cloudSpec(cloud: Cloud, overrides: Partial<ValidSpec> = {}): ValidSpec {
  const d = CLOUD_DEFAULTS[cloud];
  return validSpec({ cloud, region: d.region, systemPool: { instanceType: d.systemInstanceType, minNodes: 2, maxNodes: 4 }, ...overrides });
}

/** `namespace/name` from the overrides' name and namespace, else the defaults'. */
function workloadKey(overrides: { readonly name?: string; readonly namespace?: string; readonly key?: string }, name: string): string {
  return overrides.key ?? `${overrides.namespace ?? "research"}/${overrides.name ?? name}`;
}

/**
 * research/chat: one L4, 3 CPU and 12Gi per pod, 1 to 3 replicas scaled on CPU (the validator's
 * default signal), no command (the image entrypoint), a TCP health check.
 */
export function validService(overrides: Partial<ValidService> = {}): ValidService {
  return {
    kind: "service",
    name: "chat",
    namespace: "research",
    key: workloadKey(overrides, "chat"),
    path: "services[0]",
    image: "vllm/vllm-openai:v0.6.3",
    gpu: { model: "l4", count: 1 },
    cpu: cpu("3"),
    memory: memory("12Gi"),
    env: {},
    secretEnv: {},
    security: "baseline",
    spot: false,
    port: 8000,
    replicas: { min: 1, max: 3 },
    autoscaling: { cpuUtilization: 70 },
    health: { startupSeconds: 600 },
    engine: "generic",
    expose: "cluster",
    ...overrides,
  };
}

/** research/finetune: one worker on eight A100 80GB, 48 CPU and 600Gi, no command, no checkpoint. */
export function validTrainingJob(overrides: Partial<ValidTrainingJob> = {}): ValidTrainingJob {
  return {
    kind: "trainingJob",
    name: "finetune",
    namespace: "research",
    key: workloadKey(overrides, "finetune"),
    path: "trainingJobs[0]",
    image: "ghcr.io/acme/train:1.2",
    gpu: { model: "a100-80gb", count: 8 },
    cpu: cpu("48"),
    memory: memory("600Gi"),
    env: {},
    secretEnv: {},
    security: "baseline",
    spot: false,
    workers: 1,
    backoffLimit: 3,
    ...overrides,
  };
}

/** The research namespace: no quota, no groups, egress open. */
export function validNamespace(overrides: Partial<ValidNamespace> = {}): ValidNamespace {
  return { name: "research", groups: [], ...overrides };
}

/** A packing with no nodes: a pool that scales from zero, or one whose packing a test ignores. */
export const NO_NODES: Packing = { nodes: [] };

/**
 * The pool validService's defaults plan to on AWS: l4-1 on g6.xlarge (us-east-1 on-demand price,
 * as the catalogue has it), one node at base and three at peak, one chat pod on each.
 */
export function planPool(overrides: Partial<PlanPool> = {}): PlanPool {
  return {
    name: "l4-1",
    gpu: "l4",
    instanceType: "g6.xlarge",
    spot: false,
    gpusPerNode: 1,
    pricePerHour: 0.8048,
    minNodes: 1,
    maxNodes: 3,
    base: { nodes: [{ pods: ["research/chat#0"] }] },
    peak: { nodes: [{ pods: ["research/chat#0"] }, { pods: ["research/chat#1"] }, { pods: ["research/chat#2"] }] },
    ...overrides,
  };
}

/** An AWS plan in us-east-1 with no pools, no workloads and no cost, from a "test" catalogue. */
export function capacityPlan(overrides: Partial<CapacityPlan> = {}): CapacityPlan {
  return {
    cloud: "aws",
    region: CLOUD_DEFAULTS.aws.region,
    catalog: { source: "test", date: "2026-08-01", priceRegion: CLOUD_DEFAULTS.aws.region },
    pools: [],
    workloads: [],
    cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0 },
    gpuUtilisationAtPeak: 1,
    ...overrides,
  };
}
