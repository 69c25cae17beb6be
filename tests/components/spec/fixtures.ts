/** Valid base specs per cloud, and small helpers to change one field of a copy. */
import { SpecError } from "../../../components/spec/errors";
import type { SpecProblem } from "../../../components/spec/types";
import { validateSpec } from "../../../components/spec/validate";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SpecObject = { [key: string]: Json };

/**
 * A valid AWS spec with no warnings: public endpoint for one network, a service that scales on
 * requests, a checkpointed two-worker job. Peak: 4 × 1 L4 + 2 × 8 A100 = 20 GPUs, cpu 108, memory 1248Gi.
 */
export function awsSpec(): SpecObject {
  return {
    name: "ml-dev",
    cloud: "aws",
    region: "us-east-1",
    apiAccess: { allowedCidrs: ["203.0.113.0/24"] },
    namespaces: [{ name: "research", quota: { gpu: 24, cpu: 160, memory: "1536Gi" } }],
    services: [
      {
        name: "chat",
        namespace: "research",
        image: "vllm/vllm-openai:v0.6.3",
        port: 8000,
        gpu: { model: "l4", count: 1 },
        cpu: 3,
        memory: "12Gi",
        replicas: { min: 1, max: 4 },
        autoscaling: { requestsPerSecond: 20 },
      },
    ],
    trainingJobs: [
      {
        name: "finetune",
        namespace: "research",
        image: "ghcr.io/acme/train:1.2",
        command: ["torchrun", "train.py"],
        gpu: { model: "a100-80gb", count: 8 },
        cpu: 48,
        memory: "600Gi",
        workers: 2,
        checkpoint: { size: "200Gi" },
      },
    ],
  };
}

/** A valid GCP spec with no warnings: one service in us-central1. */
export function gcpSpec(): SpecObject {
  return {
    name: "ml-gcp",
    cloud: "gcp",
    region: "us-central1",
    apiAccess: { allowedCidrs: ["198.51.100.0/24"] },
    namespaces: [{ name: "serving" }],
    services: [
      {
        name: "embedder",
        namespace: "serving",
        image: "ghcr.io/acme/embedder:3.1",
        port: 8080,
        gpu: { model: "a100-40gb", count: 1 },
        cpu: 8,
        memory: "64Gi",
        autoscaling: { gpuUtilization: 80 },
      },
    ],
  };
}

/** A valid Azure spec with no warnings: one T4 service in eastus. */
export function azureSpec(): SpecObject {
  return {
    name: "ml-azure",
    cloud: "azure",
    region: "eastus",
    apiAccess: { allowedCidrs: ["198.51.100.0/24"] },
    namespaces: [{ name: "team-a" }],
    services: [
      {
        name: "whisper",
        namespace: "team-a",
        image: "ghcr.io/acme/whisper:2024.10",
        port: 9000,
        gpu: { model: "t4", count: 1 },
        cpu: 3,
        memory: "24Gi",
      },
    ],
  };
}

/** Azure IDs of the identity fixtures: one subscription, the data and the registry in their own groups. */
export const AZURE_SUBSCRIPTION = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
export const AZURE_CONTAINER = `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/ml-data/providers/Microsoft.Storage/storageAccounts/acmemodels/blobServices/default/containers/weights`;
export const AZURE_REGISTRY = `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/ml-shared/providers/Microsoft.ContainerRegistry/registries/acmeml`;

/**
 * awsSpec with every identity field (issue 11), still without warnings: the service reads its
 * weights through a customer-managed key, the job reads data and writes checkpoints, the job's
 * image comes from the listed ECR registry, and a role and a user are members of the namespace.
 */
export function awsIdentitySpec(): SpecObject {
  const s = awsSpec();
  set(s, "services[0].access", { read: ["s3://acme-models/llama-3/"], kmsKey: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
  set(s, "trainingJobs[0].access", { read: ["s3://acme-datasets/tokens/"], write: ["s3://acme-checkpoints/finetune/"] });
  set(s, "trainingJobs[0].image", "111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1.2");
  set(s, "registries", ["111122223333.dkr.ecr.us-east-1.amazonaws.com"]);
  set(s, "namespaces[0].members", ["arn:aws:iam::111122223333:role/teams/ml-research", "arn:aws:iam::111122223333:user/alice"]);
  return s;
}

/** gcpSpec with every identity field and no warnings: Google Groups for RBAC on, an Artifact Registry image. */
export function gcpIdentitySpec(): SpecObject {
  const s = gcpSpec();
  set(s, "services[0].access", { read: ["gs://acme-models/embedder/"] });
  set(s, "services[0].image", "us-docker.pkg.dev/acme-ml/serving/embedder:3.1");
  set(s, "registries", ["us-docker.pkg.dev/acme-ml/serving"]);
  set(s, "googleGroupsForRbac", "gke-security-groups@example.com");
  set(s, "namespaces[0].members", ["group:ml-serving@example.com", "user:alice@example.com", "serviceAccount:deployer@acme-ml.iam.gserviceaccount.com"]);
  return s;
}

/** azureSpec with every identity field and no warnings: a container by ARM ID, an ACR image, two Entra object IDs. */
export function azureIdentitySpec(): SpecObject {
  const s = azureSpec();
  set(s, "services[0].access", { read: [`${AZURE_CONTAINER}/whisper/`] });
  set(s, "services[0].image", "acmeml.azurecr.io/whisper:2024.10");
  set(s, "registries", [AZURE_REGISTRY]);
  set(s, "namespaces[0].members", ["group:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", "user:7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a"]);
  return s;
}

/** Splits `services[0].gpu.count` into keys and indexes. */
function steps(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Sets the value at a path of a spec (creating mappings on the way), in place; returns the spec. */
export function set<T>(spec: T, path: string, value: unknown): T {
  const keys = steps(path);
  let node = spec as unknown as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
  return spec;
}

/** Removes the value at a path, in place; returns the spec. */
export function unset<T>(spec: T, path: string): T {
  const keys = steps(path);
  let node = spec as unknown as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[keys[keys.length - 1]!];
  return spec;
}

/** The problems validateSpec throws for a spec; [] when it passes. Anything else than a SpecError fails the test. */
export function problemsOf(spec: unknown): readonly SpecProblem[] {
  try {
    validateSpec(spec);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
}
