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
import { ModelService, ServiceEndpoint } from "./k8s/model-service";
import { Monitoring } from "./k8s/monitoring";
import { TeamNamespace } from "./k8s/namespace";
import { TrainingJob } from "./k8s/training-job";
import { SpecError } from "./spec/errors";
import type { SpecProblem, ValidSpec, ValidWorkload } from "./spec/types";
import { validateSpec } from "./spec/validate";

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

  constructor(name: string, args: MlPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can be wrong with the input is found here, before any resource exists, and
    // reaches Pulumi as a RunError: the problems, no stack trace.
    const { spec, plan, secretValues } = checkInput(() => {
      const valid = validateSpec(args.spec);
      return { spec: valid, plan: planCapacity(valid, args.lockedPlan), secretValues: secretValuesByWorkload(valid, args.secrets ?? {}) };
    });
    super("ml-clusters:index:MlPlatform", name, {}, opts);
    this.spec = spec;
    this.capacityPlan = plan;

    const cluster = (args.cluster ?? createCluster)(`${name}-cluster`, { spec, plan }, { parent: this });
    this.cluster = cluster;
    this.kubeconfig = cluster.kubeconfig;

    const monitoring = spec.monitoring.enabled ? new Monitoring(`${name}-monitoring`, { contract: cluster }, { parent: this }) : undefined;
    const addons = new ClusterAddons(`${name}-addons`, { contract: cluster, services: spec.services, monitoring }, { parent: this });
    const namespaces = new Map(
      spec.namespaces.map((ns) => {
        const workloadIdentities = [...spec.services, ...spec.trainingJobs].some((w) => w.namespace === ns.name && w.access !== undefined);
        return [ns.name, new TeamNamespace(`${name}-ns-${ns.name}`, { contract: cluster, namespace: ns, monitoring, addons, workloadIdentities }, { parent: this })];
      }),
    );
    const placed = new Map(plan.workloads.map((w) => [w.name, w]));
    const poolsOf = (key: string) => {
      const w = placed.get(key);
      return { pool: w?.pool, ...(w?.fallbackPool !== undefined ? { fallbackPool: w.fallbackPool } : {}) };
    };

    const endpoints: Record<string, ServiceEndpoint> = {};
    for (const service of spec.services) {
      const ms = new ModelService(
        `${name}-svc-${service.namespace}-${service.name}`,
        { contract: cluster, service, ...poolsOf(service.key), addons, monitoring, secretValues: secretValues.get(service.key) },
        { parent: this, dependsOn: [namespaces.get(service.namespace)!] },
      );
      endpoints[service.key] = ms.endpoint;
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

    this.registerOutputs({ kubeconfig: this.kubeconfig, capacityPlan: plan, endpoints, grafanaUrl: this.grafanaUrl });
  }
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
