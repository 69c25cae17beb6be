import assert from "node:assert/strict";
import { FakeCluster } from "../../../components/cluster/fake";
import { TeamNamespace, TeamNamespaceArgs, checkNamespaceArgs } from "../../../components/k8s/namespace";
import { BadInputError } from "../../../components/bad-input";
import type { SpecProblem, ValidNamespace } from "../../../components/spec/types";
import { MockRun, input, ofType, one, render } from "../../helpers/mocks";
import { cpu, memory, validNamespace } from "../../helpers/builders";
import { POOLS, addons, monitoringRef } from "./fixtures";

const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function renderNamespace(ns: Partial<ValidNamespace> = {}, extra: Partial<Omit<TeamNamespaceArgs, "contract" | "namespace">> = {}): Promise<MockRun> {
  return render(() => {
    const contract = new FakeCluster("test", { pools: POOLS });
    new TeamNamespace("research", { contract, namespace: validNamespace(ns), ...extra });
  });
}

function policies(run: MockRun): Record<string, any> {
  return Object.fromEntries(ofType(run, POLICY).map((p) => [input(p, "metadata.name"), input(p, "spec")]));
}

describe("TeamNamespace", () => {
  it("enforces the baseline Pod Security level and warns and audits restricted", async () => {
    const ns = one(await renderNamespace(), "kubernetes:core/v1:Namespace");
    assert.equal(input(ns, "metadata.name"), "research");
    assert.deepEqual(input(ns, "metadata.labels"), {
      "app.kubernetes.io/part-of": "ml-clusters",
      "app.kubernetes.io/managed-by": "pulumi",
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
  });

  it("puts GPUs, and CPU and memory when declared, under quota", async () => {
    const run = await renderNamespace({ quota: { gpu: 24, cpu: cpu("160"), memory: memory("1536Gi") } });
    assert.deepEqual(input(one(run, "kubernetes:core/v1:ResourceQuota"), "spec.hard"), {
      "requests.nvidia.com/gpu": "24",
      "requests.cpu": "160",
      "requests.memory": "1536Gi",
    });
    const gpuOnly = await renderNamespace({ quota: { gpu: 0 } });
    assert.deepEqual(input(one(gpuOnly, "kubernetes:core/v1:ResourceQuota"), "spec.hard"), { "requests.nvidia.com/gpu": "0" });
    assert.equal(ofType(await renderNamespace(), "kubernetes:core/v1:ResourceQuota").length, 0);
  });

  it("gives containers that state nothing a small request and a memory limit", async () => {
    const limits = one(await renderNamespace(), "kubernetes:core/v1:LimitRange");
    assert.deepEqual(input(limits, "spec.limits"), [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "512Mi" } }]);
  });

  it("denies ingress from other namespaces and leaves egress open by default", async () => {
    assert.deepEqual(policies(await renderNamespace()), {
      "default-deny-ingress": { podSelector: {}, policyTypes: ["Ingress"] },
      "allow-same-namespace": { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
    });
  });

  it("lets Prometheus and the HTTP interceptor in when they are installed", async () => {
    const p = policies(await renderNamespace({}, { monitoring: monitoringRef(), addons: addons() }));
    const from = (ns: string) => [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }] }];
    assert.deepEqual(p["allow-from-monitoring"].ingress, from("monitoring"));
    assert.deepEqual(p["allow-from-http-interceptor"].ingress, from("keda"));
    const noHttp = policies(await renderNamespace({}, { addons: addons({ httpScaling: undefined }) }));
    assert.equal(noHttp["allow-from-http-interceptor"], undefined);
  });

  it("restricts egress to DNS, the namespace itself and the allowed networks when asked", async () => {
    const p = policies(await renderNamespace({ egress: { allowCidrs: ["10.0.0.0/8", "192.168.0.0/16"] } }));
    assert.deepEqual(p["restrict-egress"], {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { to: [{ podSelector: {} }] },
        { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "192.168.0.0/16" } }] },
      ],
    });
  });

  it("lets callers of a scale-to-zero service reach the HTTP interceptor's proxy port under restricted egress", async () => {
    const egress = { allowCidrs: ["10.0.0.0/8"] };
    const rules = policies(await renderNamespace({ egress }, { addons: addons() }))["restrict-egress"].egress;
    assert.deepEqual(rules[2], { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "keda" } } }], ports: [{ protocol: "TCP", port: 8080 }] });
    assert.deepEqual(rules[3], { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] });
    const noHttp = policies(await renderNamespace({ egress }, { addons: addons({ httpScaling: undefined }) }))["restrict-egress"].egress;
    assert.equal(noHttp.length, 3);
  });

  it("binds the team's groups to edit rights in this namespace only", async () => {
    const run = await renderNamespace({ groups: ["ml-research", "ml-oncall"] });
    const binding = one(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
    assert.equal(input(binding, "metadata.namespace"), "research");
    assert.deepEqual(input(binding, "roleRef"), { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" });
    assert.deepEqual(input(binding, "subjects"), [
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-research" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-oncall" },
    ]);
    assert.equal(ofType(run, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
    assert.equal(ofType(await renderNamespace(), "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").length, 0);
  });

  it("creates every object inside the namespace, after it", async () => {
    const run = await renderNamespace({ quota: { gpu: 4 }, groups: ["g"], egress: { allowCidrs: [] } });
    const ns = one(run, "kubernetes:core/v1:Namespace");
    for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("kubernetes:") && x !== ns)) {
      assert.equal(input(r, "metadata.namespace"), "research", r.name);
      assert.deepEqual(r.options.dependsOn, [ns.urn], r.name);
    }
  });

  it("rejects a namespace Kubernetes owns, a bad quota, empty groups and malformed CIDRs, all at once", () => {
    const problems: SpecProblem[] = [];
    checkNamespaceArgs(validNamespace({ name: "kube-system", quota: { gpu: 1.5 }, groups: [""], egress: { allowCidrs: ["10.0.0.0/33"] } }), problems);
    assert.deepEqual(problems, [
      { path: "namespace.name", message: '"kube-system" is a namespace Kubernetes owns; give the team a namespace of its own' },
      { path: "namespace.quota.gpu", message: "must be a whole number of GPUs, 0 or more, got 1.5" },
      { path: "namespace.groups[0]", message: "must name an identity-provider group, got an empty string" },
      { path: "namespace.egress.allowCidrs[0]", message: 'must be a CIDR block such as 10.0.0.0/8, got "10.0.0.0/33"' },
    ]);
  });

  it("throws before registering anything for a bad namespace", async () => {
    let error: unknown;
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      try {
        new TeamNamespace("research", { contract, namespace: validNamespace({ name: "Research" }) });
      } catch (e) {
        error = e;
      }
    });
    assert.ok(error instanceof BadInputError);
    assert.equal(error.message.split("\n")[0], 'TeamNamespace "Research": 1 problem(s)');
    assert.deepEqual(error.problems, [
      { path: "namespace.name", message: 'must be a DNS label (lower-case letters, digits and "-", starting and ending with a letter or digit), got "Research"' },
    ]);
    assert.deepEqual(run.resources.map((r) => r.type).sort(), ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"]);
  });
});
