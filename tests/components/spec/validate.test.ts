/**
 * The table of bad specs: each changes one thing of a valid spec and asserts every problem
 * validateSpec reports, with its exact path and message.
 */
import assert from "node:assert/strict";
import { azureSpec, awsSpec, gcpSpec, problemsOf, set, SpecObject, unset } from "./fixtures";
import type { SpecProblem } from "../../../components/spec/types";

const aws = (change: (s: SpecObject) => unknown) => (): SpecObject => {
  const s = awsSpec();
  change(s);
  return s;
};
const gcp = (change: (s: SpecObject) => unknown) => (): SpecObject => {
  const s = gcpSpec();
  change(s);
  return s;
};
const azure = (change: (s: SpecObject) => unknown) => (): SpecObject => {
  const s = azureSpec();
  change(s);
  return s;
};

interface BadSpec {
  readonly title: string;
  readonly spec: () => unknown;
  readonly problems: readonly SpecProblem[];
}

const BAD_SPECS: readonly BadSpec[] = [
  {
    title: "rejects CPU pool candidates that carry a GPU, are misspelt or belong to another cloud",
    spec: aws((s) => set(s, "cpuPools", [{ name: "batch", instanceTypes: ["g6.xlarge", "m7i.xlarg", "n2-standard-8"] }])),
    problems: [
      { path: "cpuPools[0].instanceTypes[0]", message: "g6.xlarge carries 1 × l4: a CPU pool takes CPU types only; move it to gpuPools" },
      { path: "cpuPools[0].instanceTypes[1]", message: "is not an aws CPU instance type in the catalogue, got \"m7i.xlarg\"; did you mean \"m7i.xlarge\"?" },
      { path: "cpuPools[0].instanceTypes[2]", message: "n2-standard-8 is a gcp shape, not an aws one (`ml-clusters catalog aws` lists them)" },
    ],
  },
  {
    title: "rejects a CPU pool named like a GPU pool",
    spec: aws((s) => { set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }]); set(s, "cpuPools", [{ name: "chat", instanceTypes: ["m7i.xlarge"] }]); }),
    problems: [
      { path: "cpuPools[0].name", message: "repeats gpuPools[0].name (\"chat\"); pool names are unique across gpuPools and cpuPools" },
    ],
  },
  {
    title: "rejects spot on a service with fewer than two replicas at base",
    spec: aws((s) => set(s, "services[0].spot", true)),
    problems: [
      { path: "services[0].spot", message: "needs replicas.min of at least 2, got 1: the cloud can reclaim a spot node at short notice, and with fewer replicas the service is down until the fallback pool has a node; raise replicas.min to 2 or remove spot" },
    ],
  },
  {
    title: "rejects a spot setting that is not a boolean",
    spec: aws((s) => set(s, "trainingJobs[0].spot", "yes")),
    problems: [
      { path: "trainingJobs[0].spot", message: "must be true or false, got the text \"yes\"" },
    ],
  },
  {
    title: "rejects an on-demand workload whose only declared pool for its GPU is a spot pool",
    spec: aws((s) => set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"], spot: true }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }])),
    problems: [
      { path: "services[0].spot", message: "is false, but the gpuPools entries that can hold this workload (chat) are spot pools, which take only workloads with spot: true; add an on-demand pool for it, or set spot: true on the workload" },
    ],
  },
  {
    title: "rejects a spot workload whose declared pools for its GPU are all on-demand",
    spec: aws((s) => { set(s, "trainingJobs[0].spot", true); set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }]); }),
    problems: [
      { path: "trainingJobs[0].spot", message: "is true, but the gpuPools entries that can hold this workload (train) are on-demand; add a pool with spot: true for it, or remove spot from the workload" },
    ],
  },
  {
    title: "rejects a spec that is a list",
    spec: () => [],
    problems: [
      { path: "", message: "the platform spec must be a mapping with name, cloud, region and the rest, got a list" },
    ],
  },
  {
    title: "rejects a spec that is null",
    spec: () => null,
    problems: [
      { path: "", message: "the platform spec must be a mapping with name, cloud, region and the rest, got null" },
    ],
  },
  {
    title: "rejects a spec that is plain text",
    spec: () => "name: ml",
    problems: [
      { path: "", message: "the platform spec must be a mapping with name, cloud, region and the rest, got the text \"name: ml\"" },
    ],
  },
  {
    title: "rejects an unknown top-level field and suggests the camelCase spelling",
    spec: aws((s) => set(s, "gpu_pools", [])),
    problems: [
      { path: "gpu_pools", message: "is not a field of the platform spec; did you mean \"gpuPools\"?" },
    ],
  },
  {
    title: "rejects an unknown top-level field with no close spelling and lists the fields",
    spec: aws((s) => set(s, "foo", 1)),
    problems: [
      { path: "foo", message: "is not a field of the platform spec (its fields: name, cloud, region, kubernetesVersion, protect, apiAccess, network, systemPool, gpuPools, cpuPools, namespaces, services, trainingJobs, monitoring, registries, googleGroupsForRbac, gateway); remove it or fix the spelling" },
    ],
  },
  {
    title: "rejects a spec without a name",
    spec: aws((s) => unset(s, "name")),
    problems: [
      { path: "name", message: "is required: a DNS label prefixing the cluster's resource names, e.g. \"ml-dev\"" },
    ],
  },
  {
    title: "rejects a name that is not a DNS label and suggests one",
    spec: aws((s) => set(s, "name", "ML_dev")),
    problems: [
      { path: "name", message: "must be a DNS label (lower-case letters, digits and \"-\", starting with a letter and ending with a letter or digit), got \"ML_dev\"; try \"ml-dev\"" },
    ],
  },
  {
    title: "rejects a name longer than 32 characters",
    spec: aws((s) => set(s, "name", "a".repeat(33))),
    problems: [
      { path: "name", message: "must be at most 32 characters (GKE cluster names are at most 40 and resource names get an 8-character suffix), got 33: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"" },
    ],
  },
  {
    title: "rejects a name that starts with a digit",
    spec: aws((s) => set(s, "name", "1ml")),
    problems: [
      { path: "name", message: "must be a DNS label (lower-case letters, digits and \"-\", starting with a letter and ending with a letter or digit), got \"1ml\"; try \"ml\"" },
    ],
  },
  {
    title: "rejects a managed-service name as cloud and suggests the cloud",
    spec: aws((s) => set(s, "cloud", "eks")),
    problems: [
      { path: "cloud", message: "must be aws, gcp or azure, got the text \"eks\"; did you mean \"aws\"?" },
    ],
  },
  {
    title: "rejects a spec without a cloud",
    spec: aws((s) => unset(s, "cloud")),
    problems: [
      { path: "cloud", message: "is required: aws, gcp or azure" },
    ],
  },
  {
    title: "rejects a cloud that is a number",
    spec: aws((s) => set(s, "cloud", 42)),
    problems: [
      { path: "cloud", message: "must be aws, gcp or azure, got the number 42" },
    ],
  },
  {
    title: "rejects a region of another cloud and says whose it is",
    spec: aws((s) => set(s, "region", "us-central1")),
    problems: [
      { path: "region", message: "us-central1 is a gcp region, not an aws one; set cloud: gcp, or use an aws region (aws regions include us-east-1, us-east-2, us-west-1, us-west-2 and 30 more)" },
    ],
  },
  {
    title: "rejects a mistyped region with a did-you-mean",
    spec: aws((s) => set(s, "region", "us-east-7")),
    problems: [
      { path: "region", message: "is not an aws region, got \"us-east-7\"; did you mean \"us-east-1\"?" },
    ],
  },
  {
    title: "rejects kubernetesVersion written as a YAML number",
    spec: aws((s) => set(s, "kubernetesVersion", 1.3)),
    problems: [
      { path: "kubernetesVersion", message: "must be quoted text like \"1.35\", got the number 1.3 (YAML reads 1.30 as 1.3); write kubernetesVersion: \"1.30\"" },
    ],
  },
  {
    title: "rejects a kubernetesVersion with a patch number",
    spec: aws((s) => set(s, "kubernetesVersion", "1.35.2")),
    problems: [
      { path: "kubernetesVersion", message: "must name the minor version only, got \"1.35.2\"; write \"1.35\" (the cloud applies patch releases)" },
    ],
  },
  {
    title: "rejects a kubernetesVersion that is not a version",
    spec: aws((s) => set(s, "kubernetesVersion", "latest")),
    problems: [
      { path: "kubernetesVersion", message: "must be a Kubernetes minor version like \"1.35\", got the text \"latest\"" },
    ],
  },
  {
    title: "rejects protect given as text",
    spec: aws((s) => set(s, "protect", "yes")),
    problems: [
      { path: "protect", message: "must be true or false, got the text \"yes\"" },
    ],
  },
  {
    title: "rejects 0.0.0.0/0 in apiAccess",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", ["0.0.0.0/0"])),
    problems: [
      { path: "apiAccess.allowedCidrs[0]", message: "opens the API endpoint to the whole internet, got \"0.0.0.0/0\"; list the networks that run pulumi and kubectl (CIS 5.4.1), or remove apiAccess for a private endpoint" },
    ],
  },
  {
    title: "rejects ::/0 in apiAccess",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", ["::/0"])),
    problems: [
      { path: "apiAccess.allowedCidrs[0]", message: "opens the API endpoint to the whole internet, got \"::/0\"; list the networks that run pulumi and kubectl (CIS 5.4.1), or remove apiAccess for a private endpoint" },
    ],
  },
  {
    title: "rejects an empty apiAccess allow-list",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", [])),
    problems: [
      { path: "apiAccess.allowedCidrs", message: "must not be empty: list the networks allowed to reach the public API endpoint, or remove apiAccess to keep the endpoint private" },
    ],
  },
  {
    title: "rejects a CIDR with host bits set",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", ["10.0.0.1/8"])),
    problems: [
      { path: "apiAccess.allowedCidrs[0]", message: "has host bits set, got \"10.0.0.1/8\"; the network is \"10.0.0.0/8\"" },
    ],
  },
  {
    title: "rejects an address that is not IPv4 or IPv6",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", ["300.1.1.0/24"])),
    problems: [
      { path: "apiAccess.allowedCidrs[0]", message: "must be a CIDR block like \"10.0.0.0/16\" or \"2001:db8::/32\", got \"300.1.1.0/24\"" },
    ],
  },
  {
    title: "rejects a repeated CIDR",
    spec: aws((s) => set(s, "apiAccess.allowedCidrs", ["203.0.113.0/24", "203.0.113.0/24"])),
    problems: [
      { path: "apiAccess.allowedCidrs[1]", message: "repeats apiAccess.allowedCidrs[0] (\"203.0.113.0/24\"); list each network once" },
    ],
  },
  {
    title: "rejects an AWS network larger than /16",
    spec: aws((s) => set(s, "network.cidr", "10.0.0.0/8")),
    problems: [
      { path: "network.cidr", message: "must be an IPv4 block from /16 to /24 (AWS VPCs are at most /16), got \"10.0.0.0/8\"" },
    ],
  },
  {
    title: "rejects a network with both a CIDR and existing subnets",
    spec: aws((s) => set(s, "network", { cidr: "10.1.0.0/16", existingSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] })),
    problems: [
      { path: "network.cidr", message: "cannot be set with existingSubnetIds: the package either creates a network with this range or uses your subnets; keep one" },
    ],
  },
  {
    title: "rejects malformed AWS subnet IDs and a single subnet",
    spec: aws((s) => set(s, "network.existingSubnetIds", ["subnet-123"])),
    problems: [
      { path: "network.existingSubnetIds[0]", message: "must be an aws subnet ID like \"subnet-0123456789abcdef0\", got \"subnet-123\"" },
      { path: "network.existingSubnetIds", message: "must list from 2 to 16 subnets (EKS needs private subnets in at least two availability zones), got 1" },
    ],
  },
  {
    title: "rejects a GPU instance type for the system pool",
    spec: aws((s) => set(s, "systemPool.instanceType", "g6.xlarge")),
    problems: [
      { path: "systemPool.instanceType", message: "is a GPU shape (1 × l4), got \"g6.xlarge\"; the system pool runs add-ons on CPU nodes: choose one of m6i.large, m6i.xlarge, m6i.2xlarge, m7i.large, m7i.xlarge, m7i.2xlarge" },
    ],
  },
  {
    title: "rejects a mistyped system instance type with a did-you-mean",
    spec: aws((s) => set(s, "systemPool.instanceType", "m6i.xlarg")),
    problems: [
      { path: "systemPool.instanceType", message: "is not a system instance type of aws, got \"m6i.xlarg\"; did you mean \"m6i.xlarge\"? (system types: m6i.large, m6i.xlarge, m6i.2xlarge, m7i.large, m7i.xlarge, m7i.2xlarge)" },
    ],
  },
  {
    title: "rejects a system pool with no nodes",
    spec: aws((s) => set(s, "systemPool.minNodes", 0)),
    problems: [
      { path: "systemPool.minNodes", message: "must be a whole number from 1 to 100, got 0" },
    ],
  },
  {
    title: "rejects a system pool whose minimum exceeds its maximum",
    spec: aws((s) => set(s, "systemPool", { minNodes: 5, maxNodes: 3 })),
    problems: [
      { path: "systemPool.minNodes", message: "must not exceed maxNodes (3), got 5; lower minNodes or raise maxNodes" },
    ],
  },
  {
    title: "rejects a pool candidate that carries another GPU model",
    spec: aws((s) => set(s, "gpuPools", [{ name: "train", gpu: "a100-80gb", instanceTypes: ["g6.xlarge"] }, { name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }])),
    problems: [
      { path: "gpuPools[0].instanceTypes[0]", message: "g6.xlarge carries l4, not the pool's a100-80gb; a100-80gb shapes: p4de.24xlarge" },
    ],
  },
  {
    title: "rejects a pool candidate without GPUs",
    spec: aws((s) => set(s, "gpuPools", [{ name: "train", gpu: "a100-80gb", instanceTypes: ["m6i.xlarge"] }, { name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }])),
    problems: [
      { path: "gpuPools[0].instanceTypes[0]", message: "m6i.xlarge has no GPU (it is a system pool type); a100-80gb shapes: p4de.24xlarge" },
    ],
  },
  {
    title: "rejects a pool candidate of another cloud",
    spec: aws((s) => set(s, "gpuPools", [{ name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }, { name: "chat", gpu: "l4", instanceTypes: ["g2-standard-4"] }])),
    problems: [
      { path: "gpuPools[1].instanceTypes[0]", message: "g2-standard-4 is a gcp shape, not an aws one; l4 shapes: g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge, g6.12xlarge, g6.16xlarge, g6.24xlarge, g6.48xlarge" },
    ],
  },
  {
    title: "rejects a pool model and candidate not offered in the region",
    spec: aws((s) => { set(s, "region", "us-east-2"); unset(s, "trainingJobs"); set(s, "gpuPools", [{ name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }, { name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }]); }),
    problems: [
      { path: "gpuPools[0].gpu", message: "a100-80gb is not offered in us-east-2 on aws; it is in us-east-1, us-west-2; GPUs offered in us-east-2: t4, v100, a10g, l4, l40s, a100-40gb, h100, h200, b200" },
      { path: "gpuPools[0].instanceTypes[0]", message: "p4de.24xlarge is not offered in us-east-2; it is in us-east-1, us-west-2" },
    ],
  },
  {
    title: "rejects two pools with the same name",
    spec: aws((s) => set(s, "gpuPools", [{ name: "gpu", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }, { name: "gpu", gpu: "l4", instanceTypes: ["g6.xlarge"] }])),
    problems: [
      { path: "gpuPools[1].name", message: "repeats gpuPools[0].name (\"gpu\"); pool names are unique" },
    ],
  },
  {
    title: "rejects a GPU workload no pool can carry",
    spec: aws((s) => set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }])),
    problems: [
      { path: "trainingJobs[0].gpu.model", message: "asks for a100-80gb, but no gpuPools entry carries it (pools carry: l4); add a pool for it or remove gpuPools to let the planner derive them" },
    ],
  },
  {
    title: "rejects a GPU count above every node of the matching pools",
    spec: aws((s) => { set(s, "services[0].gpu.count", 4); set(s, "namespaces[0].quota.gpu", 40); set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge", "g6.2xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }]); }),
    problems: [
      { path: "services[0].gpu.count", message: "must be at most 1, the most GPUs on one node of the pools that fit it (chat), got 4; add a larger candidate instance type to a pool" },
    ],
  },
  {
    title: "rejects gpuPools that is not a list",
    spec: aws((s) => set(s, "gpuPools", { name: "chat" })),
    problems: [
      { path: "gpuPools", message: "must be a list of pools ({ name, gpu, instanceTypes }), got a mapping or a value; remove it to let the planner derive the pools" },
    ],
  },
  {
    title: "rejects a pool name that is not a DNS label",
    spec: aws((s) => set(s, "gpuPools", [{ name: "Chat_Pool", gpu: "l4", instanceTypes: ["g6.xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }])),
    problems: [
      { path: "gpuPools[0].name", message: "must be a DNS label (lower-case letters, digits and \"-\", starting with a letter and ending with a letter or digit), got \"Chat_Pool\"; try \"chat-pool\"" },
    ],
  },
  {
    title: "rejects kube-system as a team namespace",
    spec: aws((s) => (s.namespaces as SpecObject[]).push({ name: "kube-system" })),
    problems: [
      { path: "namespaces[1].name", message: "is reserved (it is one of Kubernetes' own namespaces), got \"kube-system\"; name the team's namespace, e.g. \"research\"" },
    ],
  },
  {
    title: "rejects a namespace declared twice",
    spec: aws((s) => (s.namespaces as SpecObject[]).push({ name: "research" })),
    problems: [
      { path: "namespaces[1].name", message: "repeats namespaces[0].name (\"research\"); declare each namespace once" },
    ],
  },
  {
    title: "rejects the monitoring namespace the package installs into",
    spec: aws((s) => (s.namespaces as SpecObject[]).push({ name: "monitoring" })),
    problems: [
      { path: "namespaces[1].name", message: "is reserved (ml-clusters installs its monitoring add-ons there), got \"monitoring\"; name the team's namespace, e.g. \"research\"" },
    ],
  },
  {
    title: "rejects a namespace with the kube- prefix",
    spec: aws((s) => (s.namespaces as SpecObject[]).push({ name: "kube-team" })),
    problems: [
      { path: "namespaces[1].name", message: "is reserved (names starting with \"kube-\" are reserved for Kubernetes system namespaces), got \"kube-team\"; name the team's namespace, e.g. \"research\"" },
    ],
  },
  {
    title: "rejects GKE's managed Prometheus namespace on gcp",
    spec: gcp((s) => (s.namespaces as SpecObject[]).push({ name: "gmp-system" })),
    problems: [
      { path: "namespaces[1].name", message: "is reserved (gcp manages it for the cluster), got \"gmp-system\"; name the team's namespace, e.g. \"research\"" },
    ],
  },
  {
    title: "rejects a GPU quota below the namespace's peak demand",
    spec: aws((s) => set(s, "namespaces[0].quota.gpu", 4)),
    problems: [
      { path: "namespaces[0].quota.gpu", message: "must cover the namespace's peak demand, 20 GPUs (research/chat 4 replicas × 1, research/finetune 2 workers × 8), got 4 GPUs; raise it to at least 20 GPUs or lower replicas.max or workers" },
    ],
  },
  {
    title: "rejects a CPU quota below the namespace's peak demand",
    spec: aws((s) => set(s, "namespaces[0].quota.cpu", "100")),
    problems: [
      { path: "namespaces[0].quota.cpu", message: "must cover the namespace's peak demand, cpu 108 (research/chat 4 replicas × 3, research/finetune 2 workers × 48), got cpu 100; raise it to at least cpu 108 or lower replicas.max or workers" },
    ],
  },
  {
    title: "rejects a memory quota below the namespace's peak demand",
    spec: aws((s) => set(s, "namespaces[0].quota.memory", "1Ti")),
    problems: [
      { path: "namespaces[0].quota.memory", message: "must cover the namespace's peak demand, memory 1248Gi (research/chat 4 replicas × 12Gi, research/finetune 2 workers × 600Gi), got memory 1Ti; raise it to at least memory 1248Gi or lower replicas.max or workers" },
    ],
  },
  {
    title: "rejects a negative GPU quota",
    spec: aws((s) => set(s, "namespaces[0].quota.gpu", -1)),
    problems: [
      { path: "namespaces[0].quota.gpu", message: "must be a whole number of at least 0, got -1" },
    ],
  },
  {
    title: "rejects an egress CIDR with a prefix above 32",
    spec: aws((s) => set(s, "namespaces[0].egress", { allowCidrs: ["10.0.0.0/33"] })),
    problems: [
      { path: "namespaces[0].egress.allowCidrs[0]", message: "must be a CIDR block like \"10.0.0.0/16\" or \"2001:db8::/32\", got \"10.0.0.0/33\"" },
    ],
  },
  {
    title: "rejects a group listed twice",
    spec: aws((s) => set(s, "namespaces[0].groups", ["ml", "ml"])),
    problems: [
      { path: "namespaces[0].groups[1]", message: "repeats groups[0] (\"ml\"); list each group once" },
    ],
  },
  {
    title: "rejects an unknown service field and suggests the right one",
    spec: aws((s) => set(s, "services[0].replica", { min: 1, max: 2 })),
    problems: [
      { path: "services[0].replica", message: "is not a field of a service; did you mean \"replicas\"?" },
    ],
  },
  {
    title: "rejects a service name with upper case",
    spec: aws((s) => set(s, "services[0].name", "Chat")),
    problems: [
      { path: "services[0].name", message: "must be a DNS label (lower-case letters, digits and \"-\", starting with a letter and ending with a letter or digit), got \"Chat\"; try \"chat\"" },
    ],
  },
  {
    title: "rejects a service name longer than 53 characters",
    spec: aws((s) => set(s, "services[0].name", "c".repeat(54))),
    problems: [
      { path: "services[0].name", message: "must be at most 53 characters so the objects named after it (\"<name>-<suffix>\") stay within 63, got 54: \"cccccccccccccccccccccccccccccccccccccccccccccccccccccc\"" },
    ],
  },
  {
    title: "rejects an undeclared namespace with a did-you-mean",
    spec: aws((s) => set(s, "services[0].namespace", "reserch")),
    problems: [
      { path: "services[0].namespace", message: "is not declared under namespaces, got \"reserch\"; did you mean \"research\"?" },
    ],
  },
  {
    title: "rejects a workload in the default namespace",
    spec: aws((s) => set(s, "services[0].namespace", "default")),
    problems: [
      { path: "services[0].namespace", message: "is reserved (it is one of Kubernetes' own namespaces), got \"default\"; put the workload in a team namespace declared under namespaces" },
    ],
  },
  {
    title: "rejects an untagged image",
    spec: aws((s) => set(s, "services[0].image", "vllm/vllm-openai")),
    problems: [
      { path: "services[0].image", message: "must be pinned to a tag or digest, got \"vllm/vllm-openai\" (no tag pulls \":latest\"); add a version tag like \":1.2\" or a digest \"@sha256:...\"" },
    ],
  },
  {
    title: "rejects an image tagged latest",
    spec: aws((s) => set(s, "services[0].image", "vllm/vllm-openai:latest")),
    problems: [
      { path: "services[0].image", message: "must not use the tag \"latest\", which changes under a running workload, got \"vllm/vllm-openai:latest\"; use a version tag or a digest \"@sha256:...\"" },
    ],
  },
  {
    title: "rejects an image whose only colon is a registry port",
    spec: aws((s) => set(s, "services[0].image", "registry.example.com:5000/vllm")),
    problems: [
      { path: "services[0].image", message: "must be pinned to a tag or digest, got \"registry.example.com:5000/vllm\" (no tag pulls \":latest\"); add a version tag like \":1.2\" or a digest \"@sha256:...\"" },
    ],
  },
  {
    title: "rejects an image reference with upper case in the repository",
    spec: aws((s) => set(s, "services[0].image", "Vllm/vllm:1")),
    problems: [
      { path: "services[0].image", message: "must be an image reference like \"registry.example.com/team/app:1.2\" or \"app@sha256:<64 hex>\", got \"Vllm/vllm:1\"; repository names are lower-case" },
    ],
  },
  {
    title: "rejects a port above 65535",
    spec: aws((s) => set(s, "services[0].port", 70000)),
    problems: [
      { path: "services[0].port", message: "must be a whole number from 1 to 65535, got 70000" },
    ],
  },
  {
    title: "rejects a port given as text",
    spec: aws((s) => set(s, "services[0].port", "8000")),
    problems: [
      { path: "services[0].port", message: "must be a whole number from 1 to 65535, got the text \"8000\"" },
    ],
  },
  {
    title: "rejects a fractional GPU count",
    spec: aws((s) => set(s, "services[0].gpu.count", 1.5)),
    problems: [
      { path: "services[0].gpu.count", message: "must be a whole number from 1 to 8 (the most l4 GPUs on one aws node in us-east-1), got 1.5" },
    ],
  },
  {
    title: "rejects a GPU count above the largest node of the model",
    spec: aws((s) => set(s, "services[0].gpu.count", 16)),
    problems: [
      { path: "services[0].gpu.count", message: "must be a whole number from 1 to 8 (the most l4 GPUs on one aws node in us-east-1), got 16" },
    ],
  },
  {
    title: "rejects an unknown GPU model with a did-you-mean",
    spec: aws((s) => set(s, "services[0].gpu.model", "l5")),
    problems: [
      { path: "services[0].gpu.model", message: "is not a GPU model this package knows, got \"l5\"; did you mean \"l4\"? (known models: t4, v100, a10g, a10, l4, l40s, a100-40gb, a100-80gb, h100, h100-nvl, h200, b200)" },
    ],
  },
  {
    title: "rejects a truncated GPU model name, suggesting the model it starts",
    spec: aws((s) => set(s, "services[0].gpu.model", "l40")),
    problems: [
      { path: "services[0].gpu.model", message: "is not a GPU model this package knows, got \"l40\"; did you mean \"l40s\"? (known models: t4, v100, a10g, a10, l4, l40s, a100-40gb, a100-80gb, h100, h100-nvl, h200, b200)" },
    ],
  },
  {
    title: "rejects a GPU model the cloud does not offer and says where it is offered",
    spec: aws((s) => set(s, "services[0].gpu.model", "a10")),
    problems: [
      { path: "services[0].gpu.model", message: "a10 is not offered on aws, only on azure; choose another model or cloud" },
    ],
  },
  {
    title: "rejects the Azure-only H100 NVL on AWS",
    spec: aws((s) => set(s, "services[0].gpu.model", "h100-nvl")),
    problems: [
      { path: "services[0].gpu.model", message: "h100-nvl is not offered on aws, only on azure; choose another model or cloud" },
    ],
  },
  {
    title: "rejects a GPU request without model or minMemoryGiB",
    spec: aws((s) => set(s, "services[0].gpu", { count: 1 })),
    problems: [
      { path: "services[0].gpu", message: "needs a model or minMemoryGiB: name the GPU (model: l4) or the least memory per GPU the workload needs (minMemoryGiB: 24)" },
    ],
  },
  {
    title: "rejects a model with less memory than minMemoryGiB",
    spec: aws((s) => set(s, "services[0].gpu.minMemoryGiB", 40)),
    problems: [
      { path: "services[0].gpu.model", message: "l4 has 24 GiB per GPU, below minMemoryGiB 40; pick a model with at least 40 GiB (a100-40gb, l40s, a100-80gb, h100, h200, b200), or give only one of model and minMemoryGiB" },
    ],
  },
  {
    title: "rejects a memory floor no GPU in the region meets",
    spec: aws((s) => set(s, "services[0].gpu", { minMemoryGiB: 200, count: 1 })),
    problems: [
      { path: "services[0].gpu.minMemoryGiB", message: "no GPU offered in us-east-1 on aws has 200 GiB or more, got 200; the most there is b200 with 180 GiB" },
    ],
  },
  {
    title: "rejects a GPU service without cpu",
    spec: aws((s) => unset(s, "services[0].cpu")),
    problems: [
      { path: "services[0].cpu", message: "is required: CPU cores per pod, e.g. 4 or \"3500m\"; GPU workloads state it because the planner sizes GPU nodes from it" },
    ],
  },
  {
    title: "rejects GB as a memory unit and suggests Gi",
    spec: aws((s) => set(s, "services[0].memory", "12GB")),
    problems: [
      { path: "services[0].memory", message: "must be a memory quantity, a size like \"16Gi\" (GiB), \"512Mi\" (MiB) or a number of bytes, got \"12GB\"; did you mean \"12Gi\"?" },
    ],
  },
  {
    title: "rejects memory in thousandths of a byte",
    spec: aws((s) => set(s, "services[0].memory", "500m")),
    problems: [
      { path: "services[0].memory", message: "uses \"m\" (thousandths of a byte), got \"500m\"; write \"500Mi\" for mebibytes" },
    ],
  },
  {
    title: "rejects a memory request of a few bytes",
    spec: aws((s) => set(s, "services[0].memory", 512)),
    problems: [
      { path: "services[0].memory", message: "is 512 bytes, below the 6Mi a container needs to start; a bare number is bytes: did you mean \"512Mi\"?" },
    ],
  },
  {
    title: "rejects CPU finer than a millicore",
    spec: aws((s) => set(s, "services[0].cpu", "0.0001")),
    problems: [
      { path: "services[0].cpu", message: "is finer than 1m (a thousandth of a core), the smallest CPU step Kubernetes accepts, got \"0.0001\"; use \"1m\"" },
    ],
  },
  {
    title: "rejects negative CPU",
    spec: aws((s) => set(s, "services[0].cpu", -1)),
    problems: [
      { path: "services[0].cpu", message: "must not be negative, got -1" },
    ],
  },
  {
    title: "rejects replicas.min above replicas.max",
    spec: aws((s) => set(s, "services[0].replicas", { min: 3, max: 2 })),
    problems: [
      { path: "services[0].replicas.min", message: "must not exceed replicas.max (2), got 3; lower min or raise max" },
    ],
  },
  {
    title: "rejects replicas.max of 0",
    spec: aws((s) => set(s, "services[0].replicas", { min: 0, max: 0 })),
    problems: [
      { path: "services[0].replicas.max", message: "must be a whole number from 1 to 1000, got 0" },
    ],
  },
  {
    title: "rejects two autoscaling signals",
    spec: aws((s) => set(s, "services[0].autoscaling", { cpuUtilization: 70, gpuUtilization: 80 })),
    problems: [
      { path: "services[0].autoscaling", message: "sets 2 signals (cpuUtilization and gpuUtilization), allowed is one; keep the one that tracks the service's load" },
    ],
  },
  {
    title: "rejects a KV-cache signal on an engine without a KV-cache gauge, naming the signals it has",
    spec: aws((s) => { set(s, "services[0].engine", "tgi"); set(s, "services[0].autoscaling", { kvCacheUtilization: 80 }); }),
    problems: [
      { path: "services[0].autoscaling.kvCacheUtilization", message: 'is not exported by engine "tgi", which scales on requestsPerSecond, queueLength, cpuUtilization or gpuUtilization' },
    ],
  },
  {
    title: "rejects a queue signal on the generic engine, asking for the server's engine",
    spec: aws((s) => set(s, "services[0].autoscaling", { queueLength: 4 })),
    problems: [
      {
        path: "services[0].autoscaling.queueLength",
        message: 'is not exported by engine "generic", which scales on requestsPerSecond, cpuUtilization or gpuUtilization; name the server\'s engine (vllm, sglang, tgi, triton or tei) to scale on its queue',
      },
    ],
  },
  {
    title: "rejects queue scaling for a service that scales to zero",
    spec: aws((s) => { set(s, "services[0].engine", "vllm"); set(s, "services[0].replicas", { min: 0, max: 2 }); set(s, "services[0].autoscaling", { queueLength: 4 }); }),
    problems: [
      { path: "services[0].autoscaling.queueLength", message: "cannot wake a service from replicas.min 0: with no pod running there is no engine queue to measure; use concurrentRequests or requestsPerSecond (KEDA's HTTP add-on sees requests while no pod runs), leave autoscaling out for 100 requests in flight per replica, or set replicas.min to 1" },
    ],
  },
  {
    title: "rejects KV-cache scaling for a service that scales to zero",
    spec: aws((s) => { set(s, "services[0].engine", "sglang"); set(s, "services[0].replicas", { min: 0, max: 2 }); set(s, "services[0].autoscaling", { kvCacheUtilization: 80 }); }),
    problems: [
      { path: "services[0].autoscaling.kvCacheUtilization", message: "cannot wake a service from replicas.min 0: with no pod running there is no KV cache to measure; use concurrentRequests or requestsPerSecond (KEDA's HTTP add-on sees requests while no pod runs), leave autoscaling out for 100 requests in flight per replica, or set replicas.min to 1" },
    ],
  },
  {
    title: "rejects an unknown engine, a release that is no version, and queue and KV targets out of range",
    spec: aws((s) => { set(s, "services[0].engine", "vlm"); set(s, "services[0].engineVersion", "nightly"); set(s, "services[0].autoscaling", { queueLength: 0, kvCacheUtilization: 101 }); }),
    problems: [
      { path: "services[0].engine", message: 'must be "vllm", "sglang", "tgi", "triton", "tei" or "generic", got the text "vlm"; did you mean "vllm"?' },
      { path: "services[0].engineVersion", message: 'must be a release number such as "0.9.2" or "v0.9.2", got "nightly"' },
      { path: "services[0].autoscaling.queueLength", message: "must be waiting requests per replica, a number above 0 and at most 1000000, got 0" },
      { path: "services[0].autoscaling.kvCacheUtilization", message: "must be a whole number from 1 to 100, got 101" },
      { path: "services[0].autoscaling", message: "sets 2 signals (queueLength and kvCacheUtilization), allowed is one; keep the one that tracks the service's load" },
    ],
  },
  {
    title: "rejects CPU scaling for a service that scales to zero",
    spec: aws((s) => { set(s, "services[0].replicas.min", 0); set(s, "services[0].autoscaling", { cpuUtilization: 70 }); }),
    problems: [
      { path: "services[0].autoscaling.cpuUtilization", message: "cannot wake a service from replicas.min 0: with no pod running there is no CPU to measure; use concurrentRequests or requestsPerSecond (KEDA's HTTP add-on sees requests while no pod runs), leave autoscaling out for 100 requests in flight per replica, or set replicas.min to 1" },
    ],
  },
  {
    title: "rejects requests in flight as the signal of a service that never scales to zero",
    spec: aws((s) => set(s, "services[0].autoscaling", { concurrentRequests: 8 })),
    problems: [
      { path: "services[0].autoscaling.concurrentRequests", message: "is counted by KEDA's HTTP interceptor, which fronts only services at replicas.min 0, and replicas.min is 1; use requestsPerSecond, or set replicas.min to 0" },
    ],
  },
  {
    title: "rejects a fraction of a request in flight",
    spec: aws((s) => { set(s, "services[0].replicas.min", 0); set(s, "services[0].autoscaling", { concurrentRequests: 2.5 }); }),
    problems: [
      { path: "services[0].autoscaling.concurrentRequests", message: "must be a whole number from 1 to 100000, got 2.5" },
    ],
  },
  {
    title: "rejects a CPU utilisation above 100",
    spec: aws((s) => set(s, "services[0].autoscaling", { cpuUtilization: 150 })),
    problems: [
      { path: "services[0].autoscaling.cpuUtilization", message: "must be a whole number from 1 to 100, got 150" },
    ],
  },
  {
    title: "rejects a health path without a leading slash",
    spec: aws((s) => set(s, "services[0].health", { path: "health" })),
    problems: [
      { path: "services[0].health.path", message: "must be an HTTP path starting with \"/\" and without spaces, got \"health\"; try \"/health\"" },
    ],
  },
  {
    title: "rejects a startupSeconds of 0",
    spec: aws((s) => set(s, "services[0].health", { startupSeconds: 0 })),
    problems: [
      { path: "services[0].health.startupSeconds", message: "must be a whole number from 1 to 14400, got 0" },
    ],
  },
  {
    title: "rejects an env name that is not a C identifier",
    spec: aws((s) => set(s, "services[0].env", { "my-var": "x" })),
    problems: [
      { path: "services[0].env[\"my-var\"]", message: "is not a valid variable name (letters, digits and \"_\", not starting with a digit), got \"my-var\"; try \"MY_VAR\"" },
    ],
  },
  {
    title: "rejects a numeric env value",
    spec: aws((s) => set(s, "services[0].env", { PORT: 8000 })),
    problems: [
      { path: "services[0].env.PORT", message: "must be text, got the number 8000; quote it: \"8000\"" },
    ],
  },
  {
    title: "rejects a secretEnv value that is not a config key",
    spec: aws((s) => set(s, "services[0].secretEnv", { HF_TOKEN: "hf token" })),
    problems: [
      { path: "services[0].secretEnv.HF_TOKEN", message: "must name a secret in stack config (like \"hfToken\" or \"ml-clusters:hfToken\"), got \"hf token\"" },
    ],
  },
  {
    title: "rejects a variable set in both env and secretEnv",
    spec: aws((s) => { set(s, "services[0].env", { HF_TOKEN: "x" }); set(s, "services[0].secretEnv", { HF_TOKEN: "hfToken" }); }),
    problems: [
      { path: "services[0].secretEnv.HF_TOKEN", message: "is also set in env; a variable comes from one place: remove it from env or from secretEnv" },
    ],
  },
  {
    title: "rejects an unknown security profile",
    spec: aws((s) => set(s, "services[0].security", "privileged")),
    problems: [
      { path: "services[0].security", message: "must be \"baseline\" or \"restricted\", got the text \"privileged\"" },
    ],
  },
  {
    title: "rejects an unknown exposure with a did-you-mean",
    spec: aws((s) => set(s, "services[0].expose", "external")),
    problems: [
      { path: "services[0].expose", message: "must be \"cluster\", \"internal\", \"public\" or \"gateway\", got the text \"external\"; did you mean \"internal\"?" },
    ],
  },
  {
    title: "rejects a load balancer in front of a service that scales to zero",
    spec: aws((s) => set(set(set(s, "services[0].replicas", { min: 0, max: 2 }), "services[0].autoscaling", { requestsPerSecond: 5 }), "services[0].expose", "internal")),
    problems: [
      {
        path: "services[0].expose",
        message: "\"internal\" gives a load balancer that would send traffic to zero pods and never wake them: at replicas.min 0 requests must enter through the KEDA HTTP interceptor; use expose \"gateway\" (its route goes through the interceptor) or \"cluster\", or set replicas.min to 1",
      },
    ],
  },
  {
    title: "rejects zero workers",
    spec: aws((s) => set(s, "trainingJobs[0].workers", 0)),
    problems: [
      { path: "trainingJobs[0].workers", message: "must be a whole number from 1 to 1000, got 0" },
    ],
  },
  {
    title: "rejects a job name that leaves no room for the indexed pod hostnames",
    spec: aws((s) => { set(s, "trainingJobs[0].workers", 11); set(s, "trainingJobs[0].name", "j".repeat(52)); set(s, "namespaces[0].quota.gpu", 200); set(s, "namespaces[0].quota.cpu", 1000); set(s, "namespaces[0].quota.memory", "10Ti"); }),
    problems: [
      { path: "trainingJobs[0].name", message: "must be at most 51 characters so the pod hostnames \"<name>-<hash8>-<index>\" stay within 63, got 52: \"jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\"" },
    ],
  },
  {
    title: "rejects a checkpoint size that is not a quantity",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.size", "lots")),
    problems: [
      { path: "trainingJobs[0].checkpoint.size", message: "must be a memory quantity, a size like \"16Gi\" (GiB), \"512Mi\" (MiB) or a number of bytes, got \"lots\"" },
    ],
  },
  {
    title: "rejects a checkpoint size without a unit, which Kubernetes would read as bytes",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.size", 100)),
    problems: [
      { path: "trainingJobs[0].checkpoint.size", message: 'must be a size with a unit such as "200Gi", got 100, which Kubernetes reads as 100 byte(s); write e.g. "100Gi"' },
    ],
  },
  {
    title: "rejects a checkpoint size in exponent notation, which has no unit",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.size", "2e11")),
    problems: [
      { path: "trainingJobs[0].checkpoint.size", message: 'must be a size with a unit such as "200Gi", got "2e11", which Kubernetes reads as 200000000000 byte(s); write e.g. "200G"' },
    ],
  },
  {
    title: "rejects a checkpoint volume under 1Gi",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.size", "512Mi")),
    problems: [
      { path: "trainingJobs[0].checkpoint.size", message: 'must be at least 1Gi, got "512Mi"; no cloud disk is smaller, and a checkpoint needs gigabytes: ask for e.g. "100Gi"' },
    ],
  },
  {
    title: "rejects a checkpoint mounted under /dev",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.mountPath", "/dev/ckpt")),
    problems: [
      { path: "trainingJobs[0].checkpoint.mountPath", message: "must not be /dev or under it: the volume would hide files the container needs, got \"/dev/ckpt\"; use e.g. \"/checkpoints\"" },
    ],
  },
  {
    title: "rejects a relative checkpoint mount path",
    spec: aws((s) => set(s, "trainingJobs[0].checkpoint.mountPath", "ckpt")),
    problems: [
      { path: "trainingJobs[0].checkpoint.mountPath", message: "must be an absolute path without \".\", \"..\", \":\" or spaces, got \"ckpt\"; e.g. \"/checkpoints\"" },
    ],
  },
  {
    title: "rejects a negative backoffLimit",
    spec: aws((s) => set(s, "trainingJobs[0].backoffLimit", -1)),
    problems: [
      { path: "trainingJobs[0].backoffLimit", message: "must be a whole number from 0 to 100, got -1" },
    ],
  },
  {
    title: "rejects an activeDeadlineSeconds of 0",
    spec: aws((s) => set(s, "trainingJobs[0].activeDeadlineSeconds", 0)),
    problems: [
      { path: "trainingJobs[0].activeDeadlineSeconds", message: "must be a whole number of at least 1, got 0" },
    ],
  },
  {
    title: "rejects a training job named like a service of the same namespace",
    spec: aws((s) => set(s, "trainingJobs[0].name", "chat")),
    problems: [
      { path: "trainingJobs[0].name", message: "repeats services[0].name (\"chat\") in namespace research; names are unique per namespace across services and trainingJobs" },
    ],
  },
  {
    title: "rejects services given as a mapping",
    spec: aws((s) => set(s, "services", { name: "chat" })),
    problems: [
      { path: "services", message: "must be a list of services (each item starts with \"- \"), got a mapping" },
    ],
  },
  {
    title: "rejects an empty command",
    spec: aws((s) => set(s, "trainingJobs[0].command", [])),
    problems: [
      { path: "trainingJobs[0].command", message: "must not be empty: remove command to use the image's entrypoint, or give the program to run" },
    ],
  },
  {
    title: "rejects a training job model not offered in the region",
    spec: aws((s) => set(s, "region", "us-east-2")),
    problems: [
      { path: "trainingJobs[0].gpu.model", message: "a100-80gb is not offered in us-east-2 on aws; it is in us-east-1, us-west-2; GPUs offered in us-east-2: t4, v100, a10g, l4, l40s, a100-40gb, h100, h200, b200" },
    ],
  },
  {
    title: "rejects monitoring.enabled given as text",
    spec: aws((s) => set(s, "monitoring", { enabled: "yes" })),
    problems: [
      { path: "monitoring.enabled", message: "must be true or false, got the text \"yes\"" },
    ],
  },
  {
    title: "rejects more GPUs than GCP's largest A100 machine carries",
    spec: gcp((s) => set(s, "services[0].gpu.count", 17)),
    problems: [
      { path: "services[0].gpu.count", message: "must be a whole number from 1 to 16 (the most a100-40gb GPUs on one gcp node in us-central1), got 17" },
    ],
  },
  {
    title: "rejects more than one existing subnet on Azure",
    spec: azure((s) => set(s, "network.existingSubnetIds", ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/b"])),
    problems: [
      { path: "network.existingSubnetIds", message: "must list exactly 1 subnet (the AKS node pools share one subnet), got 2" },
    ],
  },
  {
    title: "rejects a GCP subnetwork of another region",
    spec: gcp((s) => set(s, "network.existingSubnetIds", ["projects/my-project/regions/europe-west4/subnetworks/gpu"])),
    problems: [
      { path: "network.existingSubnetIds[0]", message: "is in region europe-west4, but the cluster is in us-central1; use a subnetwork of us-central1" },
    ],
  },
  {
    title: "rejects AWS's A10G on Azure",
    spec: azure((s) => set(s, "services[0].gpu.model", "a10g")),
    problems: [
      { path: "services[0].gpu.model", message: "a10g is not offered on azure, only on aws; choose another model or cloud" },
    ],
  },
  {
    title: "rejects an Azure VM size outside the system types",
    spec: azure((s) => set(s, "systemPool.instanceType", "Standard_D4_v5")),
    problems: [
      { path: "systemPool.instanceType", message: "is not a system instance type of azure, got \"Standard_D4_v5\"; did you mean \"Standard_D4s_v5\"? (system types: Standard_D2s_v5, Standard_D4s_v5, Standard_D8s_v5, Standard_D4ds_v5, Standard_D8ds_v5)" },
    ],
  },
  {
    title: "rejects a command written as one line, splitting it into the words the program receives",
    spec: aws((s) => set(s, "services[0].command", "vllm serve --port 8000")),
    problems: [
      { path: "services[0].command", message: 'must be a list of text, got the text "vllm serve --port 8000"; write one item per word: ["vllm", "serve", "--port", "8000"]' },
    ],
  },
  {
    title: "rejects args written as one quoted shell line without guessing how to split it",
    spec: aws((s) => set(s, "services[0].args", "-c 'echo hi'")),
    problems: [
      { path: "services[0].args", message: "must be a list of text, got the text \"-c 'echo hi'\"; write it as a list with one item per word, as the program receives them" },
    ],
  },
  {
    title: "rejects a single instance type not written as a list",
    spec: aws((s) => set(s, "gpuPools", [{ name: "inference", gpu: "l4", instanceTypes: "g6.xlarge" }])),
    problems: [
      { path: "gpuPools[0].instanceTypes", message: 'must be a list of text, got the text "g6.xlarge"; write ["g6.xlarge"]' },
    ],
  },
  {
    title: "rejects values that YAML 1.1 tags made into dates, bytes, sets and ordered maps, naming the tag to drop",
    spec: aws((s) => {
      set(s, "name", new Uint8Array([104, 105]));
      set(s, "region", new Date(0));
      set(s, "namespaces", new Set(["research"]));
      set(s, "services[0].gpu", new Map<string, unknown>([["model", "l4"], ["count", 1]]));
    }),
    problems: [
      { path: "name", message: "must be text, got binary data (a !!binary tag); drop the tag and write plain YAML" },
      { path: "region", message: "must be text, got a date (a !!timestamp tag); drop the tag and write plain YAML" },
      { path: "namespaces", message: 'must be a list of namespaces (each item starts with "- "), got a set (a !!set tag); drop the tag and write plain YAML' },
      { path: "services[0].gpu", message: "must be a mapping (a GPU request), got an ordered map (a !!omap tag); drop the tag and write plain YAML" },
      { path: "services[0].namespace", message: 'is not declared under namespaces, got "research"; declare it: namespaces: [{ name: research }]' },
      { path: "trainingJobs[0].namespace", message: 'is not declared under namespaces, got "research"; declare it: namespaces: [{ name: research }]' },
    ],
  },
];

describe("validateSpec on bad specs", () => {
  it("starts from base specs that are valid", () => {
    assert.deepEqual(problemsOf(awsSpec()), []);
    assert.deepEqual(problemsOf(gcpSpec()), []);
    assert.deepEqual(problemsOf(azureSpec()), []);
  });

  it("has at least 50 bad specs, each with a distinct title", () => {
    assert.ok(BAD_SPECS.length >= 50, `only ${BAD_SPECS.length} bad specs`);
    assert.equal(new Set(BAD_SPECS.map((c) => c.title)).size, BAD_SPECS.length);
  });

  for (const c of BAD_SPECS) {
    it(c.title, () => {
      assert.deepEqual(problemsOf(c.spec()), c.problems);
    });
  }
});
