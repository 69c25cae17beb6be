import assert from "node:assert/strict";
import { isKubernetesObject, manifestOf, validateAll, validateObject } from "../../helpers/k8s-schema";
import { kubernetesWithoutProvider, render } from "../../helpers/mocks";
import { platformProgram } from "./fixtures";

describe("Kubernetes objects of the layer", () => {
  it("all validate against the upstream schemas", async () => {
    const run = await render(platformProgram);
    const validated = await validateAll(run.resources);
    assert.deepEqual(validated, [
      "ConfigMap monitoring/ml-clusters-gpu-dashboard",
      "Deployment research/chat",
      "Deployment research/public",
      "Deployment research/zero",
      "HTTPScaledObject research/zero",
      "HorizontalPodAutoscaler research/chat",
      "HorizontalPodAutoscaler research/public",
      `Job research/${manifestOf(run.resources.find((r) => r.name === "finetune-job")!).metadata!.name}`,
      `Job research/${manifestOf(run.resources.find((r) => r.name === "pretrain-job")!).metadata!.name}`,
      "LimitRange research/team-defaults",
      "Namespace keda",
      "Namespace monitoring",
      "Namespace research",
      "NetworkPolicy research/allow-from-http-interceptor",
      "NetworkPolicy research/allow-from-monitoring",
      "NetworkPolicy research/allow-same-namespace",
      "NetworkPolicy research/default-deny-ingress",
      "NetworkPolicy research/public-allow-lb",
      "NetworkPolicy research/restrict-egress",
      "PersistentVolumeClaim research/finetune-ckpt",
      "PersistentVolumeClaim research/pretrain-ckpt",
      "PodDisruptionBudget research/chat",
      "PodDisruptionBudget research/public",
      "PodDisruptionBudget research/zero",
      "PriorityClass ml-clusters-serving",
      "PriorityClass ml-clusters-training",
      "PrometheusRule monitoring/ml-clusters-alerts",
      "ResourceQuota monitoring/critical-pods",
      "ResourceQuota research/team-quota",
      "RoleBinding research/team-edit",
      "Secret monitoring/grafana-admin",
      "Secret research/public-env",
      "Service research/chat",
      "Service research/pretrain-workers",
      "Service research/public",
      "Service research/zero",
      "Service research/zero-proxy",
      "ServiceAccount research/chat",
      "ServiceAccount research/finetune",
      "ServiceAccount research/pretrain",
      "ServiceAccount research/public",
      "ServiceAccount research/zero",
      "ServiceMonitor monitoring/dcgm-exporter",
      "ServiceMonitor research/chat",
      "ServiceMonitor research/public",
      "ServiceMonitor research/zero",
    ]);
  });

  it("are all named explicitly, namespaced where the kind is, and applied through the cluster's provider", async () => {
    const run = await render(platformProgram);
    const clusterScoped = new Set(["Namespace", "PriorityClass"]);
    for (const r of run.resources.filter(isKubernetesObject)) {
      const obj = manifestOf(r);
      assert.ok(obj.metadata?.name, `${r.name} has no metadata.name`);
      assert.equal(obj.metadata?.namespace === undefined, clusterScoped.has(obj.kind), `${r.name} namespace`);
    }
    assert.deepEqual(kubernetesWithoutProvider(run), []);
  });

  it("render in preview mode too, with no object left to the default provider", async () => {
    const preview = await render(platformProgram, { preview: true });
    const up = await render(platformProgram);
    assert.deepEqual(kubernetesWithoutProvider(preview), []);
    assert.deepEqual(
      preview.resources.map((r) => r.urn),
      up.resources.map((r) => r.urn),
    );
  });
});

describe("the schema helper", () => {
  it("rejects a Deployment whose memory is not a quantity, naming the object and the field", async () => {
    const bad = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x", namespace: "team" },
      spec: { selector: {}, template: { spec: { containers: [{ name: "c", image: "i:1", resources: { limits: { memory: "12 Gi" } } }] } } },
    };
    await assert.rejects(validateObject(bad), /^Error: Deployment team\/x: .*data\/spec\/template\/spec\/containers\/0\/resources\/limits\/memory must match format "quantity"/);
  });

  it("rejects an HTTPScaledObject with no port to route to and an unknown field", async () => {
    const bad = {
      apiVersion: "http.keda.sh/v1alpha1",
      kind: "HTTPScaledObject",
      metadata: { name: "x", namespace: "team" },
      spec: { scaleTargetRef: { name: "x", service: "x" }, replica: { min: 0 } },
    };
    await assert.rejects(
      validateObject(bad),
      new Error("HTTPScaledObject team/x: data/spec must NOT have additional property 'replica', data/spec/scaleTargetRef must define either the 'portName' or the 'port'"),
    );
  });

  it("throws for a kind it has no schema for", async () => {
    await assert.rejects(
      validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }),
      new Error("Widget w: no schema for example.com/v1/Widget; add its model or CRD schema to tests/helpers/k8s-schema.ts"),
    );
  });
});
