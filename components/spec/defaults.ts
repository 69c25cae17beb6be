/**
 * Every default the platform spec fills in, each in one named constant with where its number
 * comes from. Each default is also a security or cost decision: review changes as such.
 */
import type { Cloud } from "../catalog/types";
import type { Exposure, GatewayExposure, SecurityProfile, TlsIssuer } from "./types";

/** Stack config namespace and key that hold the platform spec: `ml-clusters:platform` (shared/DESIGN.md). */
export const PLATFORM_CONFIG_NAMESPACE = "ml-clusters";
export const PLATFORM_CONFIG_NAME = "platform";
export const PLATFORM_CONFIG_KEY = `${PLATFORM_CONFIG_NAMESPACE}:${PLATFORM_CONFIG_NAME}`;

/**
 * Kubernetes minor version for new clusters, per cloud. 1.35 is in standard support on all three
 * through late 2026: EKS released it 2026-01-28 with standard support to 2027-03-27
 * (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, via endoflife.date/amazon-eks,
 * read 2026-10); GKE made 1.35 the Regular channel's default for cluster creation on 2026-09-17
 * (GKE release notes, read 2026-10); AKS made 1.35 generally available in its 2026-03-05 release
 * (github.com/Azure/AKS CHANGELOG) and supports each GA minor for 12 months
 * (learn.microsoft.com/azure/aks/supported-kubernetes-versions, read 2026-10).
 * Pinned per cloud so one cloud can move on without the others.
 */
export const DEFAULT_KUBERNETES_VERSION: { readonly [c in Cloud]: string } = Object.freeze({
  aws: "1.35",
  gcp: "1.35",
  azure: "1.35",
});

/**
 * Oldest minor still in standard (not extended, not paid) support as of 2026-10: EKS 1.34 (standard
 * support to 2026-12-02), GKE 1.34 (maintenance to 2026-10-01, then 1.35), AKS 1.34 (GA in the
 * 2026-01-04 release, 12 months of support). Sources as for DEFAULT_KUBERNETES_VERSION. Older
 * minors only warn.
 */
export const OLDEST_STANDARD_MINOR: { readonly [c in Cloud]: number } = Object.freeze({ aws: 34, gcp: 34, azure: 34 });

/** Newest minor known to exist as of 2026-10 (upstream 1.37, in GKE's Rapid channel). Newer only warns. */
export const NEWEST_KNOWN_MINOR = 37;

/** Protect the cluster and data volumes from deletion (reliability.md A13, D6). */
export const DEFAULT_PROTECT = true;

/** Prometheus and Grafana on by default: the capacity plan is only checkable with GPU metrics. */
export const DEFAULT_MONITORING_ENABLED = true;

/**
 * Address range of the network the package creates. 10.0.0.0/16 is the largest VPC block AWS
 * allows ("between /16 and /28", docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html,
 * read 2026-10) and leaves room for pod IPs with the AWS VPC CNI, which gives pods VPC addresses.
 */
export const DEFAULT_NETWORK_CIDR = "10.0.0.0/16";

/**
 * System pool size: two nodes so cluster add-ons (CoreDNS, the autoscaler, KEDA, Prometheus) keep
 * running while one node is replaced or upgraded; up to four when add-ons grow with the cluster.
 * The instance type default is per cloud in the catalogue (CLOUD_FACTS[cloud].defaultSystemInstanceType).
 */
export const DEFAULT_SYSTEM_MIN_NODES = 2;
export const DEFAULT_SYSTEM_MAX_NODES = 4;
/**
 * Upper bound on system nodes: add-ons, not workloads, run there. AKS allows 1..1000 nodes in a
 * system pool (terraform-azurerm-aks variables.tf, reliability.md §4); 100 is far above any need
 * and catches a typo like 1000.
 */
export const MAX_SYSTEM_NODES = 100;

/** Replicas of a service that does not say: one pod, no scaling. Cost stays what the spec shows. */
export const DEFAULT_REPLICAS = Object.freeze({ min: 1, max: 1 });

/** HPA target CPU utilisation when a service names no signal (shared/DESIGN.md, "Autoscaling"). */
export const DEFAULT_CPU_UTILIZATION = 70;

/**
 * Requests in flight per replica when a service at `replicas.min: 0` names no signal: the first
 * request wakes it, and one more replica comes per 100 concurrent requests. 100 is the default of
 * each request-driven scaler that scales to zero: the KEDA HTTP add-on's concurrency target
 * (HTTPScaledObject `scalingMetric.concurrency.targetValue`, kubebuilder default 100 in
 * kedacore/http-add-on v0.12.1 operator/apis/http/v1alpha1/httpscaledobject_types.go, the
 * version the chart pins) and Knative's `container-concurrency-target-default` (100,
 * knative.dev docs "Configuring targets", read 2026-11), the scaler behind KServe's serverless
 * mode, whose `scaleMetric: concurrency` scales on the same measure (kserve.github.io "Autoscale
 * InferenceService with Knative Autoscaler"). Model servers batch the requests in flight, so a
 * replica works through many at once rather than queueing them; a service whose replicas
 * saturate earlier sets its own number.
 */
export const DEFAULT_CONCURRENT_REQUESTS = 100;

/**
 * How long a model server may take to start before Kubernetes counts it as failed: 10 minutes,
 * room to pull a multi-GB serving image and load the weights of a ~10B-parameter model on a node
 * the autoscaler just added. Bigger models set `health.startupSeconds` (DESIGN's example: 900).
 */
export const DEFAULT_STARTUP_SECONDS = 600;
/** Bounds of `health.startupSeconds`: 4 hours covers loading the largest open models from object storage. */
export const MIN_STARTUP_SECONDS = 1;
export const MAX_STARTUP_SECONDS = 14_400;

/** Security profile and exposure when a workload does not say (types.ts documents both). */
export const DEFAULT_SECURITY: SecurityProfile = "baseline";
export const DEFAULT_EXPOSE: Exposure = "cluster";

/** Workers of a training job: one pod; more runs an indexed, distributed job. */
export const DEFAULT_WORKERS = 1;

/**
 * Retries of a failed training job. Kubernetes' own default is 6 (kubernetes.io/docs/concepts/
 * workloads/controllers/job/, read 2026-10); 3 here, because each retry of a multi-node GPU job
 * re-pays scheduling, image pulls and checkpoint restore on the most expensive nodes there are.
 */
export const DEFAULT_BACKOFF_LIMIT = 3;

/** Where a training job's checkpoint volume is mounted. */
export const DEFAULT_CHECKPOINT_MOUNT_PATH = "/checkpoints";

/** Pools and workloads are on-demand unless they ask for spot. */
export const DEFAULT_SPOT = false;

/**
 * Fewest replicas of a spot service: one reclaimed node must not take the whole service down
 * while the fallback pool scales up (minutes), so at least one more replica keeps serving.
 */
export const MIN_SPOT_REPLICAS = 2;

/**
 * Requests of a CPU-only workload that gives none: a small helper (tokenizer, gateway) that fits
 * several times on a default system node (4 vCPU, 16 GiB on every cloud's default). GPU workloads
 * must state cpu and memory: the planner sizes GPU nodes from them.
 */
export const DEFAULT_CPU_REQUEST = "500m";
export const DEFAULT_MEMORY_REQUEST = "1Gi";

/**
 * The gateway's load balancer is private unless the spec asks for a public one: a model endpoint
 * reachable from the internet is a decision to write down, not a default.
 */
export const DEFAULT_GATEWAY_EXPOSURE: GatewayExposure = "internal";

/**
 * Certificates come from a self-signed CA the platform creates (its certificate is a stack
 * output): it works on a private load balancer with no DNS and no account anywhere, where
 * Let's Encrypt cannot reach the gateway to check the domain.
 */
export const DEFAULT_TLS_ISSUER: TlsIssuer = "self-signed";
