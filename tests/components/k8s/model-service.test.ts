import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { ModelService, ModelServiceArgs } from "../../../components/k8s/model-service";
import type { ValidService } from "../../../components/spec/types";
import { MockRun, input, isSecretValue, ofType, one, render, unwrapSecrets } from "../../helpers/mocks";
import { POOLS, addons, monitoringRef, service } from "./fixtures";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const HTTPSO = "kubernetes:http.keda.sh/v1alpha1:HTTPScaledObject";
const SERVICE = "kubernetes:core/v1:Service";

type Extra = Partial<Omit<ModelServiceArgs, "contract" | "service">>;

function renderService(overrides: Partial<ValidService> = {}, extra: Extra = {}, preview = false): Promise<MockRun> {
  return render(
    () => {
      const contract = new FakeCluster("test", { pools: POOLS, extraTaints: [{ key: "dedicated", value: "ml", effect: "NoSchedule" }] });
      new ModelService("chat", { contract, service: service(overrides), pool: "l4-1", addons: addons(), ...extra });
    },
    { preview },
  );
}

function podSpecOf(run: MockRun): any {
  return input(one(run, DEPLOYMENT), "spec.template.spec");
}

describe("ModelService", () => {
  it("lands only on its planned pool and tolerates every taint of that pool", async () => {
    const pod = podSpecOf(await renderService());
    assert.deepEqual(pod.nodeSelector, { "ml-clusters.io/pool": "l4-1" });
    assert.deepEqual(pod.tolerations, [
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
      { key: "dedicated", operator: "Exists", effect: "NoSchedule" },
    ]);
    assert.equal(pod.priorityClassName, "ml-clusters-serving");
  });

  it("runs a service without GPUs on the system pool at default priority, so it never preempts the add-ons", async () => {
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      new ModelService("proxy", { contract, service: service({ name: "proxy", gpu: undefined }), addons: addons() });
    });
    const pod = podSpecOf(run);
    assert.deepEqual(pod.nodeSelector, { "ml-clusters.io/pool": "system" });
    assert.deepEqual(pod.tolerations, [{ key: "CriticalAddonsOnly", operator: "Exists" }]);
    assert.equal(pod.priorityClassName, undefined);
    assert.deepEqual(pod.containers[0].resources, { requests: { cpu: "3", memory: "12Gi" }, limits: { memory: "12Gi" } });
  });

  it("requests exactly the spec's CPU, memory and GPUs, with memory and GPU limits equal to the requests", async () => {
    const [container] = podSpecOf(await renderService({ gpu: { model: "l4", count: 1 } })).containers;
    assert.deepEqual(container.resources, {
      requests: { cpu: "3", memory: "12Gi", "nvidia.com/gpu": "1" },
      limits: { memory: "12Gi", "nvidia.com/gpu": "1" },
    });
  });

  it("leaves the replica count to its HPA, and Pulumi ignores it", async () => {
    const run = await renderService();
    const deployment = one(run, DEPLOYMENT);
    assert.equal(input(deployment, "spec.replicas"), undefined);
    assert.deepEqual(deployment.options.ignoreChanges, ["spec.replicas"]);
    const hpa = one(run, HPA);
    assert.deepEqual(input(hpa, "spec.scaleTargetRef"), { apiVersion: "apps/v1", kind: "Deployment", name: "chat" });
    assert.equal(input(hpa, "spec.minReplicas"), 1);
    assert.equal(input(hpa, "spec.maxReplicas"), 4);
    assert.deepEqual(input(hpa, "spec.metrics"), [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }]);
    assert.equal(input(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds"), 600);
    assert.equal(ofType(run, HTTPSO).length, 0);
  });

  it("scales on GPU utilisation or request rate as pods metrics from the adapter", async () => {
    const gpu = one(await renderService({ autoscaling: { gpuUtilization: 80 } }), HPA);
    assert.deepEqual(input(gpu, "spec.metrics"), [{ type: "Pods", pods: { metric: { name: "gpu_utilization" }, target: { type: "AverageValue", averageValue: "80" } } }]);
    const rps = one(await renderService({ autoscaling: { requestsPerSecond: 12 } }), HPA);
    assert.deepEqual(input(rps, "spec.metrics"), [
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "12" } } },
    ]);
  });

  it("scales from zero with a KEDA HTTPScaledObject instead of an HPA, created at zero replicas", async () => {
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      const keda = new pulumi.ComponentResource("test:index:Keda", "keda-http", {});
      const a = addons();
      new ModelService("chat", {
        contract,
        service: service({ replicas: { min: 0, max: 3 }, autoscaling: { requestsPerSecond: 4 } }),
        pool: "l4-1",
        addons: { ...a, httpScaling: { ...a.httpScaling!, ready: [keda] } },
      });
    });
    assert.equal(ofType(run, HPA).length, 0);
    const so = one(run, HTTPSO);
    assert.deepEqual(input(so, "spec"), {
      hosts: ["chat-proxy.research", "chat-proxy.research.svc", "chat-proxy.research.svc.cluster.local"],
      pathPrefixes: ["/"],
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "chat", service: "chat", port: 8000 },
      replicas: { min: 0, max: 3 },
      scalingMetric: { requestRate: { targetValue: 4, window: "1m", granularity: "1s" } },
    });
    assert.deepEqual(so.options.dependsOn, [one(run, DEPLOYMENT).urn, one(run, "test:index:Keda").urn].sort());
    const deployment = one(run, DEPLOYMENT);
    assert.equal(input(deployment, "spec.replicas"), 0);
    assert.deepEqual(deployment.options.ignoreChanges, ["spec.replicas"]);
    const proxy = one(run, SERVICE, "chat-proxy");
    assert.deepEqual(input(proxy, "spec"), { type: "ExternalName", externalName: "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local" });
  });

  it("gives a scale-to-zero service the interceptor's address and the Host header its route matches as its endpoint", async () => {
    let ms!: ModelService;
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      ms = new ModelService("chat", { contract, service: service({ replicas: { min: 0, max: 2 }, autoscaling: { concurrentRequests: 100 } }), pool: "l4-1", addons: addons() });
    });
    assert.deepEqual(ms.endpoint, { url: "http://keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local:8080", host: "chat-proxy.research" });
    assert.ok(input(one(run, HTTPSO), "spec.hosts").includes(ms.endpoint.host), "the exported host is one the route matches");
    assert.deepEqual(input(one(run, HTTPSO), "spec.pathPrefixes"), ["/"], "and every path of it");
  });

  it("gives a service that never scales to zero its own Service's URL as its endpoint, with no Host header", async () => {
    let ms!: ModelService;
    await render(() => {
      ms = new ModelService("chat", { contract: new FakeCluster("test", { pools: POOLS }), service: service(), pool: "l4-1", addons: addons() });
    });
    assert.deepEqual(ms.endpoint, { url: "http://chat.research.svc.cluster.local:8000" });
  });

  it("never routes the bare <name>-proxy host, which a service of the same name in another namespace would share", async () => {
    const hosts: string[][] = [];
    for (const namespace of ["research", "serving"]) {
      const run = await renderService({ namespace, replicas: { min: 0, max: 1 }, autoscaling: { concurrentRequests: 10 } });
      hosts.push(input(one(run, HTTPSO), "spec.hosts"));
    }
    assert.deepEqual(hosts[0]!.filter((h) => hosts[1]!.includes(h)), []);
  });

  it("scales a service from zero on requests in flight per replica, the add-on's concurrency metric", async () => {
    const run = await renderService({ replicas: { min: 0, max: 2 }, autoscaling: { concurrentRequests: 100 } });
    assert.deepEqual(input(one(run, HTTPSO), "spec.scalingMetric"), { concurrency: { targetValue: 100 } });
  });

  it("never declares both scalers, for any replica bounds", async () => {
    for (const min of [0, 1, 2]) {
      const run = await renderService({ replicas: { min, max: 5 }, autoscaling: min === 0 ? { requestsPerSecond: 2 } : { cpuUtilization: 60 } });
      assert.deepEqual([ofType(run, HPA).length, ofType(run, HTTPSO).length], min === 0 ? [0, 1] : [1, 0]);
    }
  });

  it("waits as long as a GPU node from zero, the image pull and model loading take, within the 2-hour bound", async () => {
    const run = await renderService({ health: { path: "/health", startupSeconds: 900 } });
    const deployment = one(run, DEPLOYMENT);
    // update: 900 + 4 x (135 + 600 + 900) s = 124 min, over the bound.
    assert.deepEqual(deployment.options.customTimeouts, { create: "40m", update: "120m" });
    assert.equal(input(deployment, "spec.progressDeadlineSeconds"), 135 + 900 + 600 + 900);
    const [container] = podSpecOf(run).containers;
    assert.equal(container.startupProbe.failureThreshold * container.startupProbe.periodSeconds, 900);
    assert.equal(container.startupProbe.httpGet.path, "/health");
    assert.notDeepEqual(container.livenessProbe, container.readinessProbe);
  });

  it("rolls out without a spare GPU, spreads softly and drains before stopping", async () => {
    const run = await renderService();
    const deployment = one(run, DEPLOYMENT);
    assert.deepEqual(input(deployment, "spec.strategy"), { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    const pod = podSpecOf(run);
    assert.deepEqual(
      pod.topologySpreadConstraints.map((c: any) => c.whenUnsatisfiable),
      ["ScheduleAnyway", "ScheduleAnyway"],
    );
    assert.deepEqual(pod.containers[0].lifecycle, { preStop: { sleep: { seconds: 15 } } });
    assert.equal(pod.terminationGracePeriodSeconds, 135);
    assert.deepEqual(pod.volumes[0], { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "6144Mi" } });
  });

  it("labels every object with the recommended labels and selects a subset of its template labels", async () => {
    const run = await renderService();
    const deployment = one(run, DEPLOYMENT);
    const template: Record<string, string> = input(deployment, "spec.template.metadata.labels");
    assert.deepEqual(template, {
      "app.kubernetes.io/name": "chat",
      "app.kubernetes.io/instance": "chat",
      "app.kubernetes.io/component": "model-server",
      "app.kubernetes.io/part-of": "ml-clusters",
      "app.kubernetes.io/managed-by": "pulumi",
    });
    for (const [k, v] of Object.entries(input(deployment, "spec.selector.matchLabels"))) assert.equal((template as Record<string, string>)[k], v);
    for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) assert.deepEqual(input(r, "metadata.labels"), template, r.name);
  });

  it("is reachable in the cluster only, unless exposed, and then internally unless asked for public", async () => {
    const cluster = one(await renderService(), SERVICE);
    assert.equal(input(cluster, "spec.type"), "ClusterIP");
    assert.deepEqual(input(cluster, "spec.ports"), [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }]);
    const internal = await renderService({ expose: "internal" });
    assert.equal(input(one(internal, SERVICE), "spec.type"), "LoadBalancer");
    assert.deepEqual(input(one(internal, SERVICE), "metadata.annotations"), { "fake.ml-clusters.io/load-balancer": "internal" });
    const pub = await renderService({ expose: "public" });
    assert.deepEqual(input(one(pub, SERVICE), "metadata.annotations"), { "fake.ml-clusters.io/load-balancer": "public" });
    for (const run of [internal, pub]) for (const s of ofType(run, SERVICE)) assert.notEqual(input(s, "spec.type"), "NodePort");
  });

  describe("the allow-lb NetworkPolicy", () => {
    const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
    const onPort = (cidrs: string[]) => [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 8000 }] }];

    it("admits an internal load balancer from the sources the cluster reports, on the service port only", async () => {
      const run = await renderService({ expose: "internal" });
      const policy = one(run, POLICY);
      assert.equal(input(policy, "metadata.name"), "chat-allow-lb");
      assert.deepEqual(input(policy, "spec.podSelector"), { matchLabels: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat" } });
      assert.deepEqual(input(policy, "spec.policyTypes"), ["Ingress"]);
      assert.deepEqual(input(policy, "spec.ingress"), onPort(["10.0.0.0/16"]));
    });

    it("falls back to the private address space when the cluster reports no sources", async () => {
      const run = await render(() => {
        const contract = new FakeCluster("test", { pools: POOLS, internalLoadBalancerSourceRanges: null });
        new ModelService("chat", { contract, service: service({ expose: "internal" }), pool: "l4-1", addons: addons() });
      });
      assert.deepEqual(input(one(run, POLICY), "spec.ingress"), onPort(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]));
    });

    it("admits the internet on the service port for a public load balancer, which is what public asks for", async () => {
      assert.deepEqual(input(one(await renderService({ expose: "public" }), POLICY), "spec.ingress"), onPort(["0.0.0.0/0"]));
    });

    it("creates no policy for a service that stays in the cluster", async () => {
      assert.deepEqual(ofType(await renderService(), POLICY), []);
    });
  });

  it("runs under its own ServiceAccount without an API token, locked down", async () => {
    const run = await renderService();
    const account = one(run, "kubernetes:core/v1:ServiceAccount");
    assert.equal(input(account, "metadata.name"), "chat");
    assert.equal(input(account, "automountServiceAccountToken"), false);
    const pod = podSpecOf(run);
    assert.equal(pod.serviceAccountName, "chat");
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.enableServiceLinks, false);
    assert.deepEqual(pod.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
    assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
  });

  it("runs a restricted service as non-root on a read-only root with writable caches", async () => {
    const run = await renderService({ security: "restricted", env: { HF_HOME: "/models" } });
    const pod = podSpecOf(run);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.runAsUser, 10001);
    assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(
      pod.volumes.map((v: any) => v.name),
      ["dshm", "tmp", "home"],
    );
    assert.deepEqual(pod.containers[0].env, [
      { name: "HOME", value: "/home/ml" },
      { name: "XDG_CACHE_HOME", value: "/home/ml/.cache" },
      { name: "HF_HOME", value: "/models" },
    ]);
    assert.equal(input(one(run, DEPLOYMENT), "spec.template.metadata.annotations")["cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes"], "tmp,home");
  });

  it("keeps secretEnv values in a Secret the pod references, never in the Deployment", async () => {
    const token = "hf_SECRET_VALUE_123";
    const run = await renderService({ secretEnv: { HF_TOKEN: "hfToken" } }, { secretValues: { HF_TOKEN: pulumi.secret(token) } });
    const secret = one(run, "kubernetes:core/v1:Secret");
    assert.equal(input(secret, "type"), "Opaque");
    assert.equal(input(secret, "metadata.name"), "chat-env");
    assert.ok(isSecretValue(secret.inputs.stringData));
    assert.deepEqual(unwrapSecrets(secret.inputs.stringData), { HF_TOKEN: token });
    const deployment = one(run, DEPLOYMENT);
    assert.deepEqual(input(deployment, "spec.template.spec.containers")[0].env.at(-1), {
      name: "HF_TOKEN",
      valueFrom: { secretKeyRef: { name: "chat-env", key: "HF_TOKEN" } },
    });
    for (const r of run.resources.filter((x) => x !== secret)) assert.ok(!JSON.stringify(unwrapSecrets(r.inputs)).includes(token), `${r.name} holds the secret`);
  });

  it("allows one replica down at a time and never lets a crash-looping pod block a drain", async () => {
    const pdb = one(await renderService(), "kubernetes:policy/v1:PodDisruptionBudget");
    assert.deepEqual(input(pdb, "spec"), {
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
      selector: { matchLabels: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat" } },
    });
  });

  it("declares a scrape target only when monitoring is on, after the ServiceMonitor CRD", async () => {
    const SM = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
    assert.equal(ofType(await renderService(), SM).length, 0);
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      const crds = new pulumi.ComponentResource("test:index:Crds", "prometheus-operator-crds", {});
      new ModelService("chat", { contract, service: service(), pool: "l4-1", addons: addons(), monitoring: { ...monitoringRef(), ready: [crds] } });
    });
    assert.deepEqual(input(one(run, SM), "spec.endpoints"), [{ port: "http", path: "/metrics", interval: "30s" }]);
    assert.deepEqual(input(one(run, SM), "spec.namespaceSelector"), { matchNames: ["research"] });
    assert.deepEqual(input(one(run, SM), "spec.selector.matchLabels"), { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat" });
    assert.ok(one(run, SM).options.dependsOn?.includes(one(run, "test:index:Crds").urn));
  });

  it("gives every object the cluster's provider, deletes it with the cluster and waits for the caller's dependencies", async () => {
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      const before = new pulumi.ComponentResource("test:index:Before", "before", {});
      new ModelService("chat", { contract, service: service(), pool: "l4-1", addons: addons() }, { dependsOn: [before] });
    });
    const provider = one(run, "pulumi:providers:kubernetes");
    const cluster = one(run, "ml-clusters:cluster:FakeCluster");
    const before = one(run, "test:index:Before");
    for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
      assert.equal(r.provider, provider.urn, r.name);
      assert.equal(r.options.deletedWith, cluster.urn, r.name);
      assert.ok(r.options.dependsOn?.includes(before.urn), r.name);
    }
  });
});
