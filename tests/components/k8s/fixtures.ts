/**
 * Factories for the Kubernetes layer's tests: validated spec objects as the spec validator would
 * hand them on, plan pools, add-on references, and a FakeCluster. Call inside `render`.
 */
import type { PlanPool } from "../../../components/capacity/types";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { ClusterAddons } from "../../../components/k8s/addons";
import { ModelService } from "../../../components/k8s/model-service";
import { Monitoring } from "../../../components/k8s/monitoring";
import { TeamNamespace } from "../../../components/k8s/namespace";
import { TrainingJob } from "../../../components/k8s/training-job";
import type { AddonsRef, MonitoringRef } from "../../../components/k8s/refs";
import type { ValidNamespace, ValidService, ValidTrainingJob } from "../../../components/spec/types";

const GiB = 1024 ** 3;

export function planPool(overrides: Partial<PlanPool> = {}): PlanPool {
  return {
    name: "l4-1",
    gpu: "l4",
    instanceType: "g6.xlarge",
    spot: false,
    gpusPerNode: 1,
    pricePerHour: 0.8048,
    minNodes: 1,
    maxNodes: 4,
    base: { nodes: [] },
    peak: { nodes: [] },
    ...overrides,
  };
}

/** Pools of the default fake: one L4 node per GPU, and 8-GPU A100 nodes. */
export const POOLS: readonly PlanPool[] = [
  planPool(),
  planPool({ name: "a100-1", gpu: "a100-80gb", instanceType: "p4de.24xlarge", gpusPerNode: 8, pricePerHour: 40.96, minNodes: 0, maxNodes: 2 }),
];

export function fakeCluster(name = "test"): FakeCluster {
  return new FakeCluster(name, { pools: POOLS });
}

export function service(overrides: Partial<ValidService> = {}): ValidService {
  const name = overrides.name ?? "chat";
  const namespace = overrides.namespace ?? "research";
  return {
    kind: "service",
    name,
    namespace,
    key: `${namespace}/${name}`,
    path: "services[0]",
    image: "vllm/vllm-openai:v0.6.3",
    command: ["vllm", "serve"],
    port: 8000,
    gpu: { model: "l4", count: 1 },
    cpu: { text: "3", millis: 3000 },
    memory: { text: "12Gi", bytes: 12 * GiB },
    replicas: { min: 1, max: 4 },
    autoscaling: { cpuUtilization: 70 },
    health: { path: "/health", startupSeconds: 600 },
    env: { MODEL: "meta-llama/Llama-3.1-8B-Instruct" },
    secretEnv: {},
    security: "baseline",
    expose: "cluster",
    ...overrides,
  };
}

export function trainingJob(overrides: Partial<ValidTrainingJob> = {}): ValidTrainingJob {
  const name = overrides.name ?? "finetune";
  const namespace = overrides.namespace ?? "research";
  return {
    kind: "trainingJob",
    name,
    namespace,
    key: `${namespace}/${name}`,
    path: "trainingJobs[0]",
    image: "ghcr.io/acme/train:1.2",
    command: ["torchrun", "train.py"],
    gpu: { model: "a100-80gb", count: 8 },
    cpu: { text: "48", millis: 48000 },
    memory: { text: "600Gi", bytes: 600 * GiB },
    workers: 1,
    env: {},
    secretEnv: {},
    security: "baseline",
    backoffLimit: 3,
    ...overrides,
  };
}

export function teamNamespace(overrides: Partial<ValidNamespace> = {}): ValidNamespace {
  return { name: "research", groups: [], ...overrides };
}

/** Add-ons as ClusterAddons would describe them, with everything installed. */
export function addons(overrides: Partial<AddonsRef> = {}): AddonsRef {
  return {
    priorityClasses: { serving: "ml-clusters-serving", training: "ml-clusters-training" },
    httpScaling: { namespace: "keda", interceptorService: "keda-add-ons-http-interceptor-proxy", interceptorPort: 8080, ready: [] },
    customMetrics: true,
    ready: [],
    ...overrides,
  };
}

export function monitoringRef(): MonitoringRef {
  return { namespace: "monitoring", prometheusUrl: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090", ready: [] };
}

/**
 * A platform as MlPlatform would wire it: monitoring, add-ons, one team namespace and one of each
 * workload shape (HPA service, scale-to-zero service, exposed restricted service with a secret,
 * single and distributed training jobs with checkpoints).
 */
export function platformProgram(): void {
  const contract = fakeCluster();
  const monitoring = new Monitoring("monitoring", { contract });
  const services = [
    service(),
    service({ name: "zero", replicas: { min: 0, max: 2 }, autoscaling: { requestsPerSecond: 5 } }),
    service({
      name: "public",
      security: "restricted",
      expose: "public",
      autoscaling: { gpuUtilization: 75 },
      health: { startupSeconds: 300 },
      secretEnv: { HF_TOKEN: "hfToken" },
    }),
  ];
  const addonsAll = new ClusterAddons("addons", { contract, services, monitoring });
  const ns = new TeamNamespace("research", {
    contract,
    namespace: teamNamespace({ quota: { gpu: 16 }, groups: ["ml-research"], egress: { allowCidrs: ["10.0.0.0/8"] } }),
    monitoring,
    addons: addonsAll,
  });
  services.forEach((s) => {
    new ModelService(s.name, {
      contract,
      service: s,
      pool: "l4-1",
      addons: addonsAll,
      monitoring,
      secretValues: s.name === "public" ? { HF_TOKEN: pulumi.secret("hf_x") } : undefined,
    }, { dependsOn: [ns] });
  });
  const checkpoint = { size: { text: "200Gi", bytes: 200 * GiB }, mountPath: "/checkpoints" };
  new TrainingJob("finetune", { contract, job: trainingJob({ checkpoint }), pool: "a100-1", addons: addonsAll }, { dependsOn: [ns] });
  new TrainingJob("pretrain", { contract, job: trainingJob({ name: "pretrain", workers: 2, checkpoint, security: "restricted" }), pool: "a100-1", addons: addonsAll }, { dependsOn: [ns] });
}
