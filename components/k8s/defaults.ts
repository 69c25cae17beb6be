/**
 * Every default the Kubernetes layer owns, each with where its number comes from. Each one is a
 * reliability or security decision: review a change as such.
 */
import { PLATFORM_NAMESPACES } from "../spec/system-namespaces";

/** `app.kubernetes.io/part-of` on everything the package creates. */
export const PART_OF = "ml-clusters";
/** `app.kubernetes.io/managed-by`: Pulumi applies these objects, not Helm or kubectl. */
export const MANAGED_BY = "pulumi";

// ---------------------------------------------------------------------------------------------
// Priorities

/**
 * PriorityClass values. Serving outranks training, so when GPUs are short the scheduler preempts
 * training pods (which the Job then recreates; podFailurePolicy ignores the disruption) rather
 * than leave an inference replica Pending. Training stays at 0, well above the cluster
 * autoscaler's expendable cutoff of -10: pods below `--expendable-pods-priority-cutoff` (default
 * -10) never trigger a scale-up (kubernetes/autoscaler cluster-autoscaler/FAQ.md, via
 * shared/reference/reliability.md §4.5, read 2026-11). User classes may go up to 1,000,000,000
 * (Kubernetes "Pod Priority and Preemption"), far above these.
 */
export const SERVING_PRIORITY_VALUE = 1000;
export const TRAINING_PRIORITY_VALUE = 0;
export const SERVING_PRIORITY_CLASS = "ml-clusters-serving";
export const TRAINING_PRIORITY_CLASS = "ml-clusters-training";

// ---------------------------------------------------------------------------------------------
// Waiting for a pod: what Pulumi's readiness wait and the Deployment's progress deadline allow
// (timeouts.ts adds them up)

/**
 * A GPU node from zero: the cluster autoscaler gives up on a node that has not registered with
 * allocatable GPUs after `--max-node-provision-time`, 15 minutes by default (CA FAQ, via
 * reliability.md §4.5, read 2026-11; AKS documents the same default for its autoscaler profile,
 * learn.microsoft.com ManagedClusterAutoScalerProfile.MaxNodeProvisionTime). Waiting longer for a
 * node is pointless.
 */
export const NODE_PROVISION_SECONDS = 900;
/**
 * Pulling a model-server image onto a fresh node. Estimate, not a published figure: CUDA serving
 * images are 5-20 GB compressed (vllm/vllm-openai is ~10 GB), and registries deliver 50-100 MB/s
 * to one node, so 2-7 minutes; 10 minutes leaves headroom.
 */
export const IMAGE_PULL_SECONDS = 600;
/**
 * Pulling the image of a service without a GPU. Estimate: without the CUDA libraries (several GB
 * on their own) such images are mostly under 2 GB, well under a minute at the rates above;
 * 5 minutes leaves room for a slow registry or a large CPU build of a serving engine.
 */
export const CPU_IMAGE_PULL_SECONDS = 300;
/**
 * Pods a rolling update replaces at once. With maxSurge 0 an update needs no GPU beyond the plan,
 * and with one pod down at a time a service loses at most one replica's capacity while it rolls;
 * the price is one rollout wave per replica, which the update timeout counts.
 */
export const ROLLOUT_MAX_UNAVAILABLE = 1;
/**
 * Longest `pulumi up` waits for one Deployment, whatever the estimate. pulumi-kubernetes does
 * not stop waiting when a rollout stalls: a Deployment's ProgressDeadlineExceeded condition is
 * only logged (provider/pkg/await/deployment.go, processDeploymentEvent, read 2026-11), so a
 * broken rollout (an image that cannot be pulled, a crash loop) holds the update and the stack's
 * lock for the whole timeout. Two hours lets a service at the defaults (10-minute image pull,
 * 10-minute model load) roll four replicas after a node scale-up; a longer rollout carries on in
 * the cluster after Pulumi has reported the timeout.
 */
export const MAX_DEPLOYMENT_WAIT_SECONDS = 7200;

// ---------------------------------------------------------------------------------------------
// Probes and shutdown (kube-score README_PROBES; kserve#5062: no initialDelaySeconds, a
// startupProbe covers model loading; liveness never identical to readiness)

/** Startup probe period; failureThreshold is ceil(startupSeconds / period). */
export const STARTUP_PROBE_PERIOD_SECONDS = 10;
/** Readiness: out of the endpoints after 3 failed checks 5 s apart (15 s). */
export const READINESS_PROBE = Object.freeze({ periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 5 });
/**
 * Liveness: a restart only after a minute of failures (6 x 10 s), four times the readiness
 * window, so a busy server first leaves the load balancer and is restarted only when it is stuck.
 */
export const LIVENESS_PROBE = Object.freeze({ periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 5 });
/**
 * preStop pause: endpoints are removed concurrently with SIGTERM, so traffic keeps arriving for
 * a few seconds (kube-proxy, cloud load balancer target deregistration). 15 s covers both.
 * Uses the native `sleep` action (KEP-3960: beta and on by default since 1.30, GA in 1.34), which
 * works in distroless images with no `sleep` binary.
 */
export const PRESTOP_SLEEP_SECONDS = 15;
/**
 * Longest request a replica finishes after SIGTERM: LLM responses stream for tens of seconds to
 * minutes. The grace period is preStop + this, so a scale-down does not cut answers mid-stream.
 */
export const DRAIN_SECONDS = 120;

// ---------------------------------------------------------------------------------------------
// Pods

/**
 * `/dev/shm` for PyTorch: the container default is 64 MB, and DataLoader workers and NCCL fail
 * with "Bus error ... insufficient shared memory (shm)" (pytorch/pytorch#16979,
 * meta-pytorch/torchx#428). A memory-backed emptyDir counts against the container's memory limit,
 * so it is capped at half the pod's memory, and at 16 GiB, which covers DataLoader prefetching and
 * NCCL's shared-memory transport on 8-GPU nodes.
 */
export const SHM_FRACTION_OF_MEMORY = 0.5;
export const SHM_MAX_BYTES = 16 * 1024 ** 3;

/**
 * User and group for `security: restricted` pods. kube-score's
 * `container-security-context-user-group-id` asks for IDs of 10000 or more, so they cannot clash
 * with host users (reliability.md §2.1, CKV_K8S_40).
 */
export const RESTRICTED_UID = 10001;
/** Writable home for `security: restricted` (read-only root): caches of HF, torch, vLLM live below it. */
export const RESTRICTED_HOME = "/home/ml";

// ---------------------------------------------------------------------------------------------
// Scaling

/**
 * HPA scale-down stabilisation: a GPU replica takes minutes to come back (node, image, model
 * load), so the HPA waits 10 minutes of lower load before removing one (Kubernetes' default is 5).
 */
export const HPA_SCALE_DOWN_STABILIZATION_SECONDS = 600;
/** KEDA HTTP add-on request-rate window and granularity: the add-on's own defaults (HTTPScaledObject CRD, v0.12). */
export const REQUEST_RATE_WINDOW = "1m";
export const REQUEST_RATE_GRANULARITY = "1s";

// ---------------------------------------------------------------------------------------------
// Training

/**
 * Grace period of training pods: time to write a checkpoint on SIGTERM when a node is drained or
 * a pod preempted. Two minutes, the warning AWS gives before reclaiming a Spot instance (EC2 docs,
 * "Spot Instance interruption notices"); GCP gives 30 s, so longer would not help on spot nodes.
 */
export const TRAINING_GRACE_SECONDS = 120;
/** torchrun's default rendezvous port (`--master-port`, PyTorch torch.distributed.run docs). */
export const TORCH_MASTER_PORT = 29500;
/**
 * Exit codes that fail a Job at once instead of burning retries: 2 (argparse usage error), 126
 * (command not executable) and 127 (command not found), from POSIX shell conventions. Retrying a
 * bad command line on a GPU node only costs money.
 */
export const NON_RETRIABLE_EXIT_CODES: readonly number[] = Object.freeze([2, 126, 127]);

// ---------------------------------------------------------------------------------------------
// Namespaces of the add-ons

// One source with the spec, which reserves these names so no team can claim them.
export const KEDA_NAMESPACE = PLATFORM_NAMESPACES.keda;
export const MONITORING_NAMESPACE = PLATFORM_NAMESPACES.monitoring;
export const GATEWAY_NAMESPACE = PLATFORM_NAMESPACES.gateway;
export const GATEWAY_CONTROLLER_NAMESPACE = PLATFORM_NAMESPACES["gateway controller"];
export const CERT_MANAGER_NAMESPACE = PLATFORM_NAMESPACES.certificate;

// ---------------------------------------------------------------------------------------------
// Monitoring

/** Scrape interval of model servers: kube-prometheus-stack's default `scrapeInterval` (30s). */
export const SERVICE_SCRAPE_INTERVAL = "30s";
/**
 * DCGM exporter scrape interval: the exporter's collection interval, 30 s (`--collect-interval`,
 * default 30000 ms, NVIDIA/dcgm-exporter `pkg/cmd/app.go` at 4.5.3-4.8.2). The chart's own
 * ServiceMonitor scrapes every 15 s (`serviceMonitor.interval`, same tag's values.yaml), which
 * reads each collected value twice and stores twice the samples for the same information.
 */
export const DCGM_SCRAPE_INTERVAL = "30s";
/**
 * Prometheus keeps 15 days (the chart default is 10): two weeks of GPU utilisation is what a
 * capacity review looks at. Sized on a 50 GiB volume with the requests of catalog/system-addons.ts, ample for a few
 * dozen GPU nodes at a 30 s interval.
 */
export const PROMETHEUS_RETENTION = "15d";
export const PROMETHEUS_STORAGE = "50Gi";

// ---------------------------------------------------------------------------------------------
// Team namespaces

/**
 * LimitRange defaults for containers that state no resources (a debug pod, a chart's helper): a
 * small request so they count against the quota and the scheduler can place them, and a memory
 * limit so one cannot take a node's memory. No default CPU limit: CPU throttling hurts latency
 * more than it protects (kube-score's `--ignore-container-cpu-limit` exists for this).
 */
export const CONTAINER_DEFAULT_REQUEST = Object.freeze({ cpu: "100m", memory: "128Mi" });
export const CONTAINER_DEFAULT_LIMIT = Object.freeze({ memory: "512Mi" });
/** The built-in ClusterRole a namespace's groups get, bound in that namespace only (Kubernetes "Using RBAC Authorization", user-facing roles). */
export const TEAM_CLUSTER_ROLE = "edit";
