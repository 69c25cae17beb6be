/**
 * Factories for the Kubernetes layer's tests: the k8s variants of the shared builders in
 * tests/helpers/builders, add-on references, and a FakeCluster. Call inside `render`.
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
import type { ValidService, ValidTrainingJob } from "../../../components/spec/types";
import { memory, NO_NODES, planPool, validNamespace, validService, validTrainingJob } from "../../helpers/builders";

/** A plan pool for the fake cluster: the shared L4 pool, up to four nodes, empty packings. */
export function k8sPool(overrides: Partial<PlanPool> = {}): PlanPool {
  return planPool({ maxNodes: 4, base: NO_NODES, peak: NO_NODES, ...overrides });
}

/** Pools of the default fake: one L4 node per GPU, and 8-GPU A100 nodes. */
export const POOLS: readonly PlanPool[] = [
  k8sPool(),
  k8sPool({ name: "a100-1", gpu: "a100-80gb", instanceType: "p4de.24xlarge", gpusPerNode: 8, pricePerHour: 40.96, minNodes: 0, maxNodes: 2 }),
];

export function fakeCluster(name = "test"): FakeCluster {
  return new FakeCluster(name, { pools: POOLS });
}

/** A vLLM service as the manifests show it: an explicit command, an HTTP health path, up to 4 replicas. */
export function service(overrides: Partial<ValidService> = {}): ValidService {
  return validService({
    command: ["vllm", "serve"],
    replicas: { min: 1, max: 4 },
    health: { path: "/health", startupSeconds: 600 },
    env: { MODEL: "meta-llama/Llama-3.1-8B-Instruct" },
    ...overrides,
  });
}

/** A torchrun job: the shared training job with an explicit command. */
export function trainingJob(overrides: Partial<ValidTrainingJob> = {}): ValidTrainingJob {
  return validTrainingJob({ command: ["torchrun", "train.py"], ...overrides });
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
    namespace: validNamespace({ quota: { gpu: 16 }, groups: ["ml-research"], egress: { allowCidrs: ["10.0.0.0/8"] } }),
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
  const checkpoint = { size: memory("200Gi"), mountPath: "/checkpoints" };
  new TrainingJob("finetune", { contract, job: trainingJob({ checkpoint }), pool: "a100-1", addons: addonsAll }, { dependsOn: [ns] });
  new TrainingJob("pretrain", { contract, job: trainingJob({ name: "pretrain", workers: 2, checkpoint, security: "restricted" }), pool: "a100-1", addons: addonsAll }, { dependsOn: [ns] });
}
