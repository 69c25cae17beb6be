/**
 * Validates the Kubernetes objects a program declares against the upstream schemas: core kinds
 * with `kubernetes-models` (generated from the Kubernetes OpenAPI specs), Prometheus Operator,
 * KEDA, Gateway API and Envoy Gateway kinds with their `@kubernetes-models/*` packages,
 * and KEDA HTTP add-on's HTTPScaledObject, which no package models, with a transcription of its
 * CRD schema below. A kind with no schema fails loudly: nothing is declared unvalidated.
 *
 * The model packages are ESM-only, so they are loaded with `import()`.
 */
import { RecordedResource, unwrapSecrets } from "./mocks";

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [field: string]: unknown;
}

type Validator = (obj: KubeObject) => void;
type Model = new (data: any) => { validate(): void };

const models: Record<string, () => Promise<Model>> = {
  "v1/Namespace": async () => (await import("kubernetes-models/v1")).Namespace,
  "v1/Service": async () => (await import("kubernetes-models/v1")).Service,
  "v1/ServiceAccount": async () => (await import("kubernetes-models/v1")).ServiceAccount,
  "v1/Secret": async () => (await import("kubernetes-models/v1")).Secret,
  "v1/ConfigMap": async () => (await import("kubernetes-models/v1")).ConfigMap,
  "v1/ResourceQuota": async () => (await import("kubernetes-models/v1")).ResourceQuota,
  "v1/LimitRange": async () => (await import("kubernetes-models/v1")).LimitRange,
  "v1/PersistentVolumeClaim": async () => (await import("kubernetes-models/v1")).PersistentVolumeClaim,
  "apps/v1/Deployment": async () => (await import("kubernetes-models/apps/v1")).Deployment,
  "batch/v1/Job": async () => (await import("kubernetes-models/batch/v1")).Job,
  "autoscaling/v2/HorizontalPodAutoscaler": async () => (await import("kubernetes-models/autoscaling/v2")).HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": async () => (await import("kubernetes-models/policy/v1")).PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": async () => (await import("kubernetes-models/networking.k8s.io/v1")).NetworkPolicy,
  "rbac.authorization.k8s.io/v1/RoleBinding": async () => (await import("kubernetes-models/rbac.authorization.k8s.io/v1")).RoleBinding,
  "scheduling.k8s.io/v1/PriorityClass": async () => (await import("kubernetes-models/scheduling.k8s.io/v1")).PriorityClass,
  "monitoring.coreos.com/v1/ServiceMonitor": async () => (await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1")).ServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": async () => (await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1")).PrometheusRule,
  "keda.sh/v1alpha1/ScaledObject": async () => (await import("@kubernetes-models/keda/keda.sh/v1alpha1")).ScaledObject,
  // The gateway. The models lag the pinned versions (Gateway API v1.5.1 models for the v1.6.1
  // CRDs, whose HTTPRoute and ReferenceGrant standard schemas are equal apart from ReferenceGrant's
  // required spec; cert-manager v1.20.2 for v1.21.1; Envoy Gateway v1.7.3 for v1.9.0, without the
  // bounds 1.9 adds to rate-limit requests and extractFrom), reject no unknown field and check
  // none of the CRDs' CEL rules: tests assert these objects exactly as well.
  "gateway.networking.k8s.io/v1/GatewayClass": async () => (await import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1")).GatewayClass,
  "gateway.networking.k8s.io/v1/Gateway": async () => (await import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1")).Gateway,
  "gateway.networking.k8s.io/v1/HTTPRoute": async () => (await import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1")).HTTPRoute,
  "gateway.networking.k8s.io/v1/ReferenceGrant": async () => (await import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1")).ReferenceGrant,
  "gateway.envoyproxy.io/v1alpha1/EnvoyProxy": async () => (await import("@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1")).EnvoyProxy,
  "gateway.envoyproxy.io/v1alpha1/SecurityPolicy": async () => (await import("@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1")).SecurityPolicy,
  "gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy": async () => (await import("@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1")).BackendTrafficPolicy,
  "cert-manager.io/v1/Issuer": async () => (await import("@kubernetes-models/cert-manager/cert-manager.io/v1")).Issuer,
  "cert-manager.io/v1/Certificate": async () => (await import("@kubernetes-models/cert-manager/cert-manager.io/v1")).Certificate,
};

const custom: Record<string, Validator> = {
  "http.keda.sh/v1alpha1/HTTPScaledObject": validateHttpScaledObject,
};

/** Whether a recorded resource is a Kubernetes object the program applies (not a provider, a Helm release or a read). */
export function isKubernetesObject(r: RecordedResource): boolean {
  return r.custom && r.read !== true && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/");
}

/** The object as it would be applied: secrets unwrapped, apiVersion and kind as Kubernetes spells them. */
export function manifestOf(r: RecordedResource): KubeObject {
  const inputs = unwrapSecrets(r.inputs) as Record<string, unknown>;
  const [, groupVersion, kind] = r.type.split(":");
  const apiVersion = (inputs.apiVersion as string | undefined) ?? (groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion);
  return { ...inputs, apiVersion, kind: (inputs.kind as string | undefined) ?? kind } as KubeObject;
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ""}${obj.metadata?.name ?? "(unnamed)"}`;
}

/** Validates one object; throws with `<Kind> <namespace>/<name>: <what is wrong>`. */
export async function validateObject(obj: KubeObject): Promise<void> {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const check = custom[key];
  const load = models[key];
  if (check === undefined && load === undefined) {
    throw new Error(`${describe(obj)}: no schema for ${key}; add its model or CRD schema to tests/helpers/k8s-schema.ts`);
  }
  try {
    if (check !== undefined) check(obj);
    else {
      const Ctor = await load!();
      const model = new Ctor(JSON.parse(JSON.stringify(obj)));
      if ((model as unknown as KubeObject).apiVersion !== obj.apiVersion || (model as unknown as KubeObject).kind !== obj.kind) {
        throw new Error(`model is ${(model as unknown as KubeObject).apiVersion}/${(model as unknown as KubeObject).kind}, object says ${key}`);
      }
      model.validate();
    }
  } catch (e) {
    throw new Error(`${describe(obj)}: ${(e as Error).message}`);
  }
}

/** Validates every Kubernetes object of a run; returns `<Kind> <namespace>/<name>` of each, sorted. */
export async function validateAll(resources: readonly RecordedResource[]): Promise<string[]> {
  const done: string[] = [];
  for (const r of resources.filter(isKubernetesObject)) {
    const obj = manifestOf(r);
    await validateObject(obj);
    done.push(describe(obj));
  }
  return done.sort();
}

// ---------------------------------------------------------------------------------------------
// HTTPScaledObject (http.keda.sh/v1alpha1): the spec schema of the CRD as kedacore/http-add-on
// ships it (config/crd/bases/http.keda.sh_httpscaledobjects.yaml, read 2026-11). Unknown fields
// are errors here, although the API server would prune them silently: a pruned field is a bug.

type Schema =
  | { readonly type: "string"; readonly minLength?: number }
  | { readonly type: "integer"; readonly int32?: boolean }
  | { readonly type: "array"; readonly items: Schema }
  | { readonly type: "object"; readonly properties: Readonly<Record<string, Schema>>; readonly required?: readonly string[] };

const str: Schema = { type: "string" };
const int32: Schema = { type: "integer", int32: true };
const targetRef: Schema = {
  type: "object",
  properties: { apiVersion: str, kind: str, name: str, service: str, port: int32, portName: str },
  required: ["service"],
};
const HTTP_SCALED_OBJECT_SPEC: Schema = {
  type: "object",
  required: ["scaleTargetRef"],
  properties: {
    coldStartTimeoutFailoverRef: { type: "object", properties: { port: int32, portName: str, service: str, timeoutSeconds: int32 }, required: ["service"] },
    headers: { type: "array", items: { type: "object", properties: { name: { type: "string", minLength: 1 }, value: str }, required: ["name"] } },
    hosts: { type: "array", items: str },
    initialCooldownPeriod: int32,
    pathPrefixes: { type: "array", items: str },
    replicas: { type: "object", properties: { min: int32, max: int32 } },
    scaleTargetRef: targetRef,
    scaledownPeriod: int32,
    scalingMetric: {
      type: "object",
      properties: {
        concurrency: { type: "object", properties: { targetValue: { type: "integer" } } },
        requestRate: { type: "object", properties: { granularity: str, targetValue: { type: "integer" }, window: str } },
      },
    },
    targetPendingRequests: int32,
    timeouts: { type: "object", properties: { conditionWait: str, responseHeader: str } },
  },
};

function check(value: unknown, schema: Schema, path: string, errors: string[]): void {
  switch (schema.type) {
    case "string":
      if (typeof value !== "string") errors.push(`${path} must be string`);
      else if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path} must NOT have fewer than ${schema.minLength} characters`);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) errors.push(`${path} must be integer`);
      else if (schema.int32 && (value < -(2 ** 31) || value >= 2 ** 31)) errors.push(`${path} must fit in int32`);
      return;
    case "array":
      if (!Array.isArray(value)) errors.push(`${path} must be array`);
      else value.forEach((v, i) => check(v, schema.items, `${path}/${i}`, errors));
      return;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        errors.push(`${path} must be object`);
        return;
      }
      const o = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (o[r] === undefined) errors.push(`${path} must have required property '${r}'`);
      for (const [k, v] of Object.entries(o)) {
        const sub = schema.properties[k];
        if (sub === undefined) errors.push(`${path} must NOT have additional property '${k}'`);
        else if (v !== undefined) check(v, sub, `${path}/${k}`, errors);
      }
      return;
    }
  }
}

function validateHttpScaledObject(obj: KubeObject): void {
  const errors: string[] = [];
  if (typeof obj.metadata?.name !== "string" || obj.metadata.name === "") errors.push("data/metadata must have required property 'name'");
  if (typeof obj.metadata?.namespace !== "string" || obj.metadata.namespace === "") errors.push("data/metadata must have required property 'namespace' (HTTPScaledObject is namespaced)");
  const { apiVersion: _a, kind: _k, metadata: _m, spec, ...rest } = obj;
  for (const k of Object.keys(rest)) if (rest[k] !== undefined) errors.push(`data must NOT have additional property '${k}'`);
  if (spec === undefined) errors.push("data must have required property 'spec'");
  else {
    check(spec, HTTP_SCALED_OBJECT_SPEC, "data/spec", errors);
    // x-kubernetes-validations on scaleTargetRef and coldStartTimeoutFailoverRef: has(self.portName) != has(self.port)
    for (const ref of ["scaleTargetRef", "coldStartTimeoutFailoverRef"]) {
      const r = (spec as Record<string, Record<string, unknown> | undefined>)[ref];
      if (r !== undefined && (r.port === undefined) === (r.portName === undefined)) errors.push(`data/spec/${ref} must define either the 'portName' or the 'port'`);
    }
  }
  if (errors.length > 0) throw new Error(errors.join(", "));
}
