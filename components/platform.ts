/**
 * MlPlatform: one platform spec in, a whole GPU platform out. Validates the spec, plans capacity
 * against the stack's lock, builds the cluster for the spec's cloud, then the add-ons, team
 * namespaces, monitoring, model services and training jobs, each on the pool the plan gave it.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInput } from "./bad-input";
import { planCapacity } from "./capacity/plan";
import type { CapacityPlan } from "./capacity/types";
import { createCluster, ClusterFactory } from "./cluster/create";
import type { ClusterContract } from "./cluster/contract";
import { ClusterAddons } from "./k8s/addons";
import { gpuPricesOfPlan } from "./k8s/alerts";
import { Gateway } from "./k8s/gateway";
import { ModelService, ServiceEndpoint } from "./k8s/model-service";
import { Monitoring } from "./k8s/monitoring";
import { TeamNamespace } from "./k8s/namespace";
import { TrainingJob } from "./k8s/training-job";
import { SpecError } from "./spec/errors";
import type { SpecProblem, ValidSpec, ValidWorkload } from "./spec/types";
import { validateSpec } from "./spec/validate";
import { apiKeysConfigKey, checkApiKeyValues } from "./spec/rules/api-keys";

export interface MlPlatformArgs {
  /** The platform spec as written (YAML/JSON data or a typed PlatformSpec); validated here. */
  readonly spec: unknown;
  /**
   * The stack's locked plan (`stacks/capacity.<env>.json`): pools keep their name and instance
   * type while their demand fits, so a harmless change never replaces a node pool.
   * @default - no lock: the cheapest plan for the spec as it is
   */
  readonly lockedPlan?: CapacityPlan;
  /**
   * Values of the secret config keys that `secretEnv` names, by key (e.g. from
   * `config.requireSecret(key)`). They end up in Kubernetes Secrets, never in a pod spec.
   * @default - none (required when a workload has secretEnv)
   */
  readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The value of the secret config key `gateway.auth.apiKeys` names: client name -> API key, or
   * its JSON text (as Pulumi hands structured config to a program). Checked here, before any
   * resource; it reaches the cluster only as one Kubernetes Secret, wrapped as a Pulumi secret.
   * @default - none (required when `gateway.auth.apiKeys` is set)
   */
  readonly apiKeys?: string | Readonly<Record<string, string>>;
  /**
   * Builds the cluster. @default createCluster: EKS, GKE or AKS by `spec.cloud`. Tests and
   * platforms with their own cluster pass a factory returning any ClusterContract.
   */
  readonly cluster?: ClusterFactory;
}

export class MlPlatform extends pulumi.ComponentResource {
  /** The validated, defaulted spec. */
  readonly spec: ValidSpec;
  /** The capacity plan the node pools were built from (plain data, shown before anything is created). */
  readonly capacityPlan: CapacityPlan;
  readonly cluster: ClusterContract;
  /** Kubeconfig of the cluster: a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /**
   * How to call each model service in the cluster, by `namespace/name`: its URL, and for a
   * scale-to-zero service the Host header the KEDA HTTP interceptor routes by.
   */
  readonly endpoints: Readonly<Record<string, ServiceEndpoint>>;
  /** In-cluster URL of Grafana, when monitoring is on. */
  readonly grafanaUrl?: string;
  /** Grafana's generated admin password (a secret), when monitoring is on. */
  readonly grafanaAdminPassword?: pulumi.Output<string>;
  /** The gateway's external URL (`https://<hostname>`), when the spec has a gateway. */
  readonly gatewayUrl?: string;
  /** Each gateway-exposed service's URL through the gateway, by `namespace/name`. */
  readonly gatewayUrls: Readonly<Record<string, string>>;
  /** The self-signed gateway's CA certificate (PEM), for clients to trust; `tls.issuer: self-signed` only. */
  readonly gatewayCaCertificate?: pulumi.Output<string>;

  constructor(name: string, args: MlPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can be wrong with the input is found here, before any resource exists, and
    // reaches Pulumi as a RunError: the problems, no stack trace.
    const { spec, plan, secretValues, apiKeys } = checkInput(() => {
      const valid = validateSpec(args.spec);
      const plan = planCapacity(valid, args.lockedPlan);
      // Secret values and API keys are checked together, so every missing value shows at once.
      const keys = apiKeysOf(valid, args.apiKeys);
      let values: ReturnType<typeof secretValuesByWorkload> | undefined;
      const problems: SpecProblem[] = [...keys.problems];
      try {
        values = secretValuesByWorkload(valid, args.secrets ?? {});
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        problems.unshift(...e.problems);
      }
      if (problems.length > 0) throw new SpecError(problems);
      return { spec: valid, plan, secretValues: values!, apiKeys: keys.keys };
    });
    super("ml-clusters:index:MlPlatform", name, {}, opts);
    this.spec = spec;
    this.capacityPlan = plan;

    const cluster = (args.cluster ?? createCluster)(`${name}-cluster`, { spec, plan }, { parent: this });
    this.cluster = cluster;
    this.kubeconfig = cluster.kubeconfig;

    const monitoring = spec.monitoring.enabled ? new Monitoring(`${name}-monitoring`, { contract: cluster, gpuPricePerHour: gpuPricesOfPlan(plan) }, { parent: this }) : undefined;
    const addons = new ClusterAddons(`${name}-addons`, { contract: cluster, services: spec.services, monitoring }, { parent: this });
    const namespaces = new Map(
      spec.namespaces.map((ns) => {
        const workloadIdentities = [...spec.services, ...spec.trainingJobs].some((w) => w.namespace === ns.name && w.access !== undefined);
        return [ns.name, new TeamNamespace(`${name}-ns-${ns.name}`, { contract: cluster, namespace: ns, monitoring, addons, workloadIdentities }, { parent: this })];
      }),
    );
    const gatewayServices = spec.services.filter((s) => s.expose === "gateway");
    const gateway =
      spec.gateway !== undefined
        ? new Gateway(
            `${name}-gateway`,
            {
              contract: cluster,
              gateway: spec.gateway,
              ...(apiKeys !== undefined ? { apiKeys: pulumi.secret(apiKeys) } : {}),
              routeNamespaces: [...new Set(gatewayServices.map((s) => s.namespace))].sort(),
            },
            { parent: this },
          )
        : undefined;
    const placed = new Map(plan.workloads.map((w) => [w.name, w]));
    const poolsOf = (key: string) => {
      const w = placed.get(key);
      return { pool: w?.pool, ...(w?.fallbackPool !== undefined ? { fallbackPool: w.fallbackPool } : {}) };
    };

    const endpoints: Record<string, ServiceEndpoint> = {};
    const gatewayUrls: Record<string, string> = {};
    for (const service of spec.services) {
      const ms = new ModelService(
        `${name}-svc-${service.namespace}-${service.name}`,
        {
          contract: cluster,
          service,
          ...poolsOf(service.key),
          addons,
          monitoring,
          secretValues: secretValues.get(service.key),
          ...(service.expose === "gateway" && gateway !== undefined ? { gateway } : {}),
        },
        { parent: this, dependsOn: [namespaces.get(service.namespace)!] },
      );
      endpoints[service.key] = ms.endpoint;
      if (ms.gatewayUrl !== undefined) gatewayUrls[service.key] = ms.gatewayUrl;
    }
    for (const job of spec.trainingJobs) {
      new TrainingJob(
        `${name}-job-${job.namespace}-${job.name}`,
        { contract: cluster, job, ...poolsOf(job.key), addons, secretValues: secretValues.get(job.key), protect: spec.protect },
        { parent: this, dependsOn: [namespaces.get(job.namespace)!] },
      );
    }
    this.endpoints = endpoints;
    this.grafanaUrl = monitoring?.grafanaUrl;
    this.grafanaAdminPassword = monitoring?.grafanaAdminPassword;
    this.gatewayUrl = gateway?.url;
    this.gatewayUrls = gatewayUrls;
    this.gatewayCaCertificate = gateway?.caCertificate;

    this.registerOutputs({ kubeconfig: this.kubeconfig, capacityPlan: plan, endpoints, grafanaUrl: this.grafanaUrl, gatewayUrl: this.gatewayUrl, gatewayUrls });
  }
}

/** The API keys the spec's gateway names, checked; none when it names none. */
function apiKeysOf(spec: ValidSpec, given: MlPlatformArgs["apiKeys"]): { keys?: Readonly<Record<string, string>>; problems: readonly SpecProblem[] } {
  const key = apiKeysConfigKey(spec);
  if (key === undefined) return { problems: [] };
  return checkApiKeyValues(given, key);
}

/** The stack config keys that the spec's `secretEnv` entries name, sorted. */
export function secretConfigKeys(spec: ValidSpec): string[] {
  const keys = new Set([...spec.services, ...spec.trainingJobs].flatMap((w) => Object.values(w.secretEnv)));
  return [...keys].sort();
}

/**
 * For each workload, its secret values by environment variable, from the secrets by config key.
 * A key with no value is a spec problem at the workload's `secretEnv` entry.
 */
function secretValuesByWorkload(
  spec: ValidSpec,
  secrets: Readonly<Record<string, pulumi.Input<string>>>,
): Map<string, Record<string, pulumi.Input<string>>> {
  const problems: SpecProblem[] = [];
  const out = new Map<string, Record<string, pulumi.Input<string>>>();
  const workloads: ValidWorkload[] = [...spec.services, ...spec.trainingJobs];
  for (const w of workloads) {
    const values: Record<string, pulumi.Input<string>> = {};
    for (const [envVar, key] of Object.entries(w.secretEnv)) {
      const value = secrets[key];
      if (value === undefined) {
        problems.push({
          path: `${w.path}.secretEnv.${envVar}`,
          message: `names the secret "${key}", which has no value; set it with \`pulumi config set --secret ${key} <value>\``,
        });
      } else {
        values[envVar] = pulumi.secret(value);
      }
    }
    if (Object.keys(values).length > 0) out.set(w.key, values);
  }
  if (problems.length > 0) throw new SpecError(problems);
  return out;
}
