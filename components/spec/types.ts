/**
 * The platform spec: what users write (PlatformSpec) and what validation hands on (ValidSpec).
 * Field names are a contract with users' stack files (shared/DESIGN.md): add, never rename.
 */
import type { Cloud, GpuModel } from "../catalog/types";

/** A Kubernetes quantity as written: `"16Gi"`, `"500m"`, `4`. */
export type QuantityInput = string | number;

export type SecurityProfile = "baseline" | "restricted";
/** `gateway`: through the platform's one Gateway (the `gateway` section), at the service's path. */
export type Exposure = "cluster" | "internal" | "public" | "gateway";
export type GatewayExposure = "internal" | "public";
export type TlsIssuer = "self-signed" | "letsencrypt" | "secret";

/**
 * The platform's one HTTPS gateway (Gateway API, Envoy Gateway), in front of every service with
 * `expose: gateway`, behind one cloud load balancer.
 */
export interface GatewaySpec {
  /** @default "internal": a private load balancer */
  readonly exposure?: GatewayExposure;
  /** The one host name of the platform's HTTPS endpoint. */
  readonly hostname: string;
  readonly tls?: GatewayTlsSpec;
  /** @default - no authentication (a warning when public) */
  readonly auth?: GatewayAuthSpec;
}

export interface GatewayTlsSpec {
  /** @default "self-signed" */
  readonly issuer?: TlsIssuer;
  /** `issuer: secret`: the TLS Secret the user provides, in the gateway's namespace. */
  readonly secretName?: string;
  /** `issuer: letsencrypt`: the ACME account's email. */
  readonly email?: string;
}

/** Either API keys or JWT, not both. */
export interface GatewayAuthSpec {
  /** A secret stack config key holding a mapping of client name to API key. */
  readonly apiKeys?: string;
  readonly jwt?: { readonly issuer: string; readonly jwksUri: string };
}

export interface RateLimitSpec {
  /** Requests per minute, per gateway replica. */
  readonly requestsPerMinute: number;
}

export interface CanarySpec {
  /** The canary's image; everything else is the service's. */
  readonly image: string;
  /** Percent of the route's requests, 1-99. */
  readonly weight: number;
}

export interface GpuRequestSpec {
  /** A GPU model or alias (`l4`, `a100-80gb`). Either this or `minMemoryGiB`. */
  readonly model?: string;
  /** The planner picks a model with at least this much memory per GPU. */
  readonly minMemoryGiB?: number;
  /** GPUs per pod. */
  readonly count: number;
}

export interface ReplicasSpec {
  readonly min: number;
  readonly max: number;
}

/**
 * One scaling signal. With `replicas.min: 0` only requests can wake a service: `requestsPerSecond`
 * or `concurrentRequests`, both counted by KEDA's HTTP add-on while no pod runs.
 */
export interface AutoscalingSpec {
  /** @default 70 when nothing else is set and `replicas.min >= 1` */
  readonly cpuUtilization?: number;
  readonly gpuUtilization?: number;
  readonly requestsPerSecond?: number;
  /**
   * Requests in flight per replica, counted at the KEDA HTTP interceptor: `replicas.min: 0` only.
   * @default 100 when nothing else is set and `replicas.min` is 0 (DEFAULT_CONCURRENT_REQUESTS)
   */
  readonly concurrentRequests?: number;
  /** Requests waiting in the engine's queue, per replica (the engine's own gauge; see catalog/engines.ts). */
  readonly queueLength?: number;
  /** KV-cache use of the engine, in percent (vllm and sglang only). */
  readonly kvCacheUtilization?: number;
}

/**
 * The model server a service runs: it sets default probe paths, where its metrics are scraped and
 * the series behind requestsPerSecond, queueLength and kvCacheUtilization (catalog/engines.ts).
 * `generic`: a TCP probe, `/metrics` on the port, `http_requests_total`.
 */
export type ServingEngine = "vllm" | "sglang" | "tgi" | "triton" | "tei" | "generic";

export interface HealthSpec {
  /** HTTP path for readiness and liveness. @default - a TCP check on the port */
  readonly path?: string;
  /** How long model loading may take before the pod counts as failed. @default 600 */
  readonly startupSeconds?: number;
}

export interface ServiceSpec {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly port: number;
  readonly gpu?: GpuRequestSpec;
  readonly cpu?: QuantityInput;
  readonly memory?: QuantityInput;
  readonly replicas?: ReplicasSpec;
  /** @default - `{ cpuUtilization: 70 }`, or `{ concurrentRequests: 100 }` at `replicas.min: 0` */
  readonly autoscaling?: AutoscalingSpec;
  readonly health?: HealthSpec;
  /** @default "generic" */
  readonly engine?: ServingEngine;
  /**
   * The engine's release, where series names changed between releases (vLLM's KV-cache gauge).
   * @default - the version in the image tag, else the newest release's names
   */
  readonly engineVersion?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variable -> key of a secret in stack config. */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** @default "baseline" */
  readonly security?: SecurityProfile;
  /** @default "cluster" */
  readonly expose?: Exposure;
  /**
   * Run on spot capacity with an on-demand fallback pool; needs `replicas.min` of at least 2.
   * @default false
   */
  readonly spot?: boolean;
  /** Object storage the service reads or writes, through its own cloud identity. @default - no cloud identity */
  readonly access?: AccessSpec;
  /** `expose: gateway`: the path prefix on the gateway, stripped before the service. @default "/<namespace>/<name>" */
  readonly path?: string;
  /** `expose: gateway`: a local rate limit per gateway replica. @default - none */
  readonly rateLimit?: RateLimitSpec;
  /** `expose: gateway`: a second Deployment of another image taking `weight` percent. @default - none */
  readonly canary?: CanarySpec;
}

/**
 * Object storage a workload reads or writes, in the spec's cloud. Each entry names a bucket or a
 * prefix in it: `s3://bucket/prefix` (AWS), `gs://bucket/prefix` (GCP), or on Azure the blob
 * container's ARM resource ID, optionally followed by a prefix
 * (`/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>[/<prefix>]`).
 * The workload gets its own ServiceAccount and a cloud identity bound to exactly it.
 */
export interface AccessSpec {
  /** @default - none */
  readonly read?: readonly string[];
  /** Read and write (overwrite and delete too: checkpoints are rewritten). @default - none */
  readonly write?: readonly string[];
  /**
   * The customer-managed key the buckets are encrypted with (AWS: a KMS key ARN): the identity
   * gets decrypt, and for writes encrypt, on that key only. GCS and Azure Storage use the key
   * through their own service identity, so there it grants nothing. @default - none
   */
  readonly kmsKey?: string;
}

export interface CheckpointSpec {
  readonly size: QuantityInput;
  /** @default "/checkpoints" */
  readonly mountPath?: string;
}

export interface TrainingJobSpec {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly gpu?: GpuRequestSpec;
  readonly cpu?: QuantityInput;
  readonly memory?: QuantityInput;
  /** @default 1; more than one runs an indexed, distributed job */
  readonly workers?: number;
  readonly checkpoint?: CheckpointSpec;
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** @default 3 */
  readonly backoffLimit?: number;
  /** @default - no deadline */
  readonly activeDeadlineSeconds?: number;
  /** @default "baseline" */
  readonly security?: SecurityProfile;
  /** Run on spot capacity with an on-demand fallback pool (checkpoint to resume). @default false */
  readonly spot?: boolean;
  /** Object storage the job reads data from and writes checkpoints to. @default - no cloud identity */
  readonly access?: AccessSpec;
}

export interface QuotaSpec {
  readonly gpu?: number;
  readonly cpu?: QuantityInput;
  readonly memory?: QuantityInput;
}

export interface NamespaceSpec {
  readonly name: string;
  readonly quota?: QuotaSpec;
  /** Identity-provider groups that get edit rights in this namespace only. */
  readonly groups?: readonly string[];
  /**
   * Cloud principals who get edit rights in this namespace only, and what they need to fetch
   * credentials: IAM role or user ARNs (AWS); `group:`, `user:` or `serviceAccount:` emails (GCP;
   * groups need `googleGroupsForRbac`); Entra group or user object IDs (Azure). @default - none
   */
  readonly members?: readonly string[];
  /** @default - egress open */
  readonly egress?: { readonly allowCidrs: readonly string[] };
}

export interface GpuPoolSpec {
  readonly name: string;
  readonly gpu: string;
  /** Candidates: the plan picks one of them for the pool. */
  readonly instanceTypes: readonly string[];
  /** Takes only workloads with `spot: true`. @default false */
  readonly spot?: boolean;
}

/** A CPU node pool declared by hand, like `gpuPools` without a GPU. */
export interface CpuPoolSpec {
  readonly name: string;
  /** Candidates: the plan picks one of them for the pool. */
  readonly instanceTypes: readonly string[];
  /** Takes only workloads with `spot: true`. @default false */
  readonly spot?: boolean;
}

export interface SystemPoolSpec {
  /** @default - the cloud's default system instance type (catalog); once planned, the lock's */
  readonly instanceType?: string;
  /** @default - the nodes the platform's add-ons need (at least 2), from the plan */
  readonly minNodes?: number;
  /** @default - twice the nodes the add-ons need, at least 4, from the plan */
  readonly maxNodes?: number;
}

/**
 * The system pool as written, defaults filled in. The planner sizes the node counts the spec
 * leaves out from the add-ons the platform runs there (capacity/system-pool.ts); `declared` says
 * which fields the spec wrote.
 */
export interface ValidSystemPool {
  readonly instanceType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** @default - every field declared, as a hand-built spec states its pool */
  readonly declared?: { readonly instanceType: boolean; readonly minNodes: boolean; readonly maxNodes: boolean };
}

export interface ApiAccessSpec {
  /**
   * Networks allowed to reach the API endpoint: public addresses open the public endpoint to them.
   * Private and shared ranges (RFC 1918, RFC 6598) never reach a public endpoint: EKS and AKS refuse
   * them, GKE lets them in through the private endpoint (a VPN's range).
   */
  readonly allowedCidrs: readonly string[];
}

export interface NetworkSpec {
  /** Address range of a network the package creates. @default "10.0.0.0/16" */
  readonly cidr?: string;
  /**
   * Use existing subnets instead of creating a network: AWS private subnet IDs (one per zone),
   * a GCP subnetwork self link, or an Azure subnet resource ID.
   */
  readonly existingSubnetIds?: readonly string[];
}

export interface MonitoringSpec {
  /** @default true */
  readonly enabled?: boolean;
}

export interface PlatformSpec {
  readonly name: string;
  readonly cloud: Cloud;
  readonly region: string;
  /** @default - a current default per cloud */
  readonly kubernetesVersion?: string;
  /** @default true */
  readonly protect?: boolean;
  /** @default - private API endpoint only */
  readonly apiAccess?: ApiAccessSpec;
  readonly network?: NetworkSpec;
  readonly systemPool?: SystemPoolSpec;
  readonly gpuPools?: readonly GpuPoolSpec[];
  /** @default - the planner derives CPU pools from the CPU workloads */
  readonly cpuPools?: readonly CpuPoolSpec[];
  readonly namespaces?: readonly NamespaceSpec[];
  readonly services?: readonly ServiceSpec[];
  readonly trainingJobs?: readonly TrainingJobSpec[];
  readonly monitoring?: MonitoringSpec;
  /**
   * Private registries the platform's images come from; the nodes get pull rights on them:
   * `<account>.dkr.ecr.<region>.amazonaws.com` (AWS), `<location>-docker.pkg.dev/<project>/<repository>`
   * (GCP), or the registry's ARM resource ID (Azure). @default - none
   */
  readonly registries?: readonly string[];
  /**
   * GKE only: the `gke-security-groups@<domain>` group that enables Google Groups for RBAC, so
   * `group:` members of a namespace are honoured. @default - none
   */
  readonly googleGroupsForRbac?: string;
  /** The platform's HTTPS gateway; needed by any service with `expose: gateway`. @default - none */
  readonly gateway?: GatewaySpec;
}

// ---------------------------------------------------------------------------------------------
// The validated, defaulted form. Quantities are parsed once here; names are canonical.

/** A parsed quantity: the canonical text for manifests and the number for arithmetic. */
export interface CpuQuantity {
  readonly text: string;
  readonly millis: number;
}
export interface MemoryQuantity {
  readonly text: string;
  readonly bytes: number;
}

export interface ValidGpuRequest {
  /** Absent when the spec gave `minMemoryGiB`: the planner chooses. */
  readonly model?: GpuModel;
  /** The model as the spec wrote it, when that was an alias (`a100`, `nvidia-l4`). */
  readonly asWritten?: string;
  readonly minMemoryGiB?: number;
  readonly count: number;
}

interface ValidWorkloadBase {
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`, the workload's key in plans and reports. */
  readonly key: string;
  /** The path of the workload in the spec (`services[2]`), for errors. */
  readonly path: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly gpu?: ValidGpuRequest;
  readonly cpu: CpuQuantity;
  readonly memory: MemoryQuantity;
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: Readonly<Record<string, string>>;
  readonly security: SecurityProfile;
  /** Planned onto a spot pool with an on-demand fallback pool. */
  readonly spot: boolean;
  /** Absent: the workload has no cloud identity. */
  readonly access?: ValidAccess;
}

/** The gateway, defaults filled in. */
export interface ValidGateway {
  readonly exposure: GatewayExposure;
  readonly hostname: string;
  readonly tls: { readonly issuer: TlsIssuer; readonly secretName?: string; readonly email?: string };
  readonly auth?: { readonly apiKeys?: string; readonly jwt?: { readonly issuer: string; readonly jwksUri: string } };
}

/** A gateway-exposed service's route: its path, and what the route applies. */
export interface ValidGatewayRoute {
  /** The path prefix, starting with "/", without a trailing "/". */
  readonly path: string;
  readonly rateLimit?: RateLimitSpec;
  /** The canary's image, weight and replicas (at least 1, at most the service's max scaled by the weight, rounded up). */
  readonly canary?: { readonly image: string; readonly weight: number; readonly replicas: { readonly min: number; readonly max: number } };
}

export interface ValidService extends ValidWorkloadBase {
  readonly kind: "service";
  readonly port: number;
  readonly replicas: ReplicasSpec;
  /** Exactly one signal is set after defaulting. */
  readonly autoscaling: AutoscalingSpec;
  readonly health: { readonly path?: string; readonly startupSeconds: number };
  readonly engine: ServingEngine;
  /** As written, when given: overrides the image tag's version for the engine's series names. */
  readonly engineVersion?: string;
  readonly expose: Exposure;
  /** Present exactly when `expose` is "gateway". */
  readonly route?: ValidGatewayRoute;
}

/**
 * One `access` entry, parsed. `bucket` is the S3 or GCS bucket, or on Azure the container's ARM
 * resource ID (the role assignment's scope); `prefix` is the object prefix inside it as written,
 * without a leading slash, "" for all of it.
 */
export interface StorageLocation {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  /** Azure: the storage account and container names from the ARM ID. */
  readonly account?: string;
  readonly container?: string;
}

export interface ValidAccess {
  readonly read: readonly StorageLocation[];
  readonly write: readonly StorageLocation[];
  readonly kmsKey?: string;
}

/**
 * A `registries` entry, parsed. `imagePrefix` is what an image reference from it starts with
 * (`123456789012.dkr.ecr.us-east-1.amazonaws.com/`, `us-docker.pkg.dev/proj/repo/`,
 * `myacr.azurecr.io/`).
 */
export interface ValidRegistry {
  readonly written: string;
  readonly imagePrefix: string;
  /** AWS: the registry's account and region. */
  readonly account?: string;
  readonly region?: string;
  /** GCP: the repository's project, location and name. */
  readonly project?: string;
  readonly location?: string;
  readonly repository?: string;
  /** Azure: the registry's ARM resource ID and name. */
  readonly resourceId?: string;
  readonly name?: string;
}

export interface ValidTrainingJob extends ValidWorkloadBase {
  readonly kind: "trainingJob";
  readonly workers: number;
  readonly checkpoint?: { readonly size: MemoryQuantity; readonly mountPath: string };
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds?: number;
}

export type ValidWorkload = ValidService | ValidTrainingJob;

export interface ValidNamespace {
  readonly name: string;
  readonly quota?: { readonly gpu?: number; readonly cpu?: CpuQuantity; readonly memory?: MemoryQuantity };
  readonly groups: readonly string[];
  /** Cloud principals with edit rights here, in the spec's cloud's format. @default - none */
  readonly members?: readonly string[];
  readonly egress?: { readonly allowCidrs: readonly string[] };
}

export interface ValidGpuPool {
  readonly name: string;
  readonly gpu: GpuModel;
  readonly instanceTypes: readonly string[];
  readonly spot: boolean;
}

export interface ValidCpuPool {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly spot: boolean;
}

export interface ValidSpec {
  readonly name: string;
  readonly cloud: Cloud;
  readonly region: string;
  readonly kubernetesVersion: string;
  readonly protect: boolean;
  readonly apiAccess?: ApiAccessSpec;
  readonly network: { readonly cidr: string; readonly existingSubnetIds?: readonly string[] };
  readonly systemPool: ValidSystemPool;
  /** Absent when the planner derives the pools. */
  readonly gpuPools?: readonly ValidGpuPool[];
  /** Absent when the planner derives the CPU pools. */
  readonly cpuPools?: readonly ValidCpuPool[];
  readonly namespaces: readonly ValidNamespace[];
  readonly services: readonly ValidService[];
  readonly trainingJobs: readonly ValidTrainingJob[];
  readonly monitoring: { readonly enabled: boolean };
  /** @default - none */
  readonly registries?: readonly ValidRegistry[];
  readonly googleGroupsForRbac?: string;
  readonly gateway?: ValidGateway;
  /** Legal but surprising choices, for the user to read. */
  readonly warnings: readonly SpecProblem[];
}

export interface SpecProblem {
  /** Where in the spec: `services[2].gpu.count`; `""` for the whole spec. */
  readonly path: string;
  readonly message: string;
}
