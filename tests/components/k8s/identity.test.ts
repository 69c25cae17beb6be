import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterContract, WorkloadIdentityRequest } from "../../../components/cluster/contract";
import { FAKE_IDENTITY_ANNOTATION, FAKE_IDENTITY_LABEL, FakeCluster } from "../../../components/cluster/fake";
import { ModelService } from "../../../components/k8s/model-service";
import { TeamNamespace } from "../../../components/k8s/namespace";
import { TrainingJob } from "../../../components/k8s/training-job";
import type { ValidAccess } from "../../../components/spec/types";
import { validNamespace } from "../../helpers/builders";
import { MockRun, input, one, ofType, render } from "../../helpers/mocks";
import { POOLS, addons, service, trainingJob } from "./fixtures";

const ACCESS: ValidAccess = {
  read: [{ url: "s3://datasets/llama", bucket: "datasets", prefix: "llama" }],
  write: [{ url: "s3://checkpoints/chat", bucket: "checkpoints", prefix: "chat" }],
};

/** A cloud grant stand-in: a custom resource the pods must wait for. */
class Grant extends pulumi.CustomResource {
  constructor(name: string, opts: pulumi.CustomResourceOptions) {
    super("test:index:Grant", name, {}, opts);
  }
}

/** A FakeCluster that records what it was asked and hands back a resource to wait for. */
function recordingCluster(asked: WorkloadIdentityRequest[]): FakeCluster {
  const cluster = new FakeCluster("test", { pools: POOLS });
  const base = cluster.workloadIdentity.bind(cluster);
  cluster.workloadIdentity = (name: string, request: WorkloadIdentityRequest, parent?: pulumi.Resource) => {
    asked.push(request);
    const grant = new Grant(`${name}-grant`, { parent });
    return { ...base(name, request), ready: [grant] };
  };
  return cluster;
}

describe("workload identity in the Kubernetes layer", () => {
  it("binds a service's own ServiceAccount to the identity the cluster makes, labels its pods and waits for the grants", async () => {
    const asked: WorkloadIdentityRequest[] = [];
    const run = await render(() => {
      new ModelService("chat", { contract: recordingCluster(asked), service: service({ access: ACCESS }), pool: "l4-1", addons: addons() });
    });
    assert.deepEqual(asked, [{ key: "research/chat", namespace: "research", serviceAccount: "chat", access: ACCESS }]);
    const account = one(run, "kubernetes:core/v1:ServiceAccount");
    assert.equal(input(account, "metadata.name"), "chat");
    assert.deepEqual(input(account, "metadata.annotations"), { [FAKE_IDENTITY_ANNOTATION]: "fake:research:chat;read=s3://datasets/llama;write=s3://checkpoints/chat" });
    const deployment = one(run, "kubernetes:apps/v1:Deployment");
    assert.equal(input(deployment, "spec.template.metadata.labels")[FAKE_IDENTITY_LABEL], "true");
    assert.equal(input(deployment, "spec.template.spec.serviceAccountName"), "chat");
    assert.ok(deployment.options.dependsOn?.includes(one(run, "test:index:Grant").urn), "pods start after the grants");
  });

  it("binds a training job's ServiceAccount and starts the Job after the grants", async () => {
    const asked: WorkloadIdentityRequest[] = [];
    const run = await render(() => {
      new TrainingJob("finetune", { contract: recordingCluster(asked), job: trainingJob({ access: ACCESS }), pool: "a100-1", addons: addons() });
    });
    const account = one(run, "kubernetes:core/v1:ServiceAccount");
    assert.deepEqual(asked.map((r) => [r.key, r.serviceAccount]), [["research/finetune", input(account, "metadata.name")]]);
    const job = one(run, "kubernetes:batch/v1:Job");
    assert.equal(input(job, "spec.template.metadata.labels")[FAKE_IDENTITY_LABEL], "true");
    assert.ok(job.options.dependsOn?.includes(one(run, "test:index:Grant").urn));
  });

  it("gives a workload without access no identity: no annotation, no label, nothing asked", async () => {
    const asked: WorkloadIdentityRequest[] = [];
    const run = await render(() => {
      new ModelService("chat", { contract: recordingCluster(asked), service: service(), pool: "l4-1", addons: addons() });
    });
    assert.deepEqual(asked, []);
    assert.equal(input(one(run, "kubernetes:core/v1:ServiceAccount"), "metadata.annotations"), undefined);
    assert.equal(input(one(run, "kubernetes:apps/v1:Deployment"), "spec.template.metadata.labels")[FAKE_IDENTITY_LABEL], undefined);
    assert.equal(ofType(run, "test:index:Grant").length, 0);
  });

  it("rejects access on a cluster whose contract gives no identity, before registering anything", async () => {
    let registered: MockRun | undefined;
    await assert.rejects(async () => {
      registered = await render(() => {
        const cluster = new FakeCluster("test", { pools: POOLS });
        const contract: ClusterContract = { ...cluster, pools: cluster.pools, cpuPools: cluster.cpuPools, workloadIdentity: undefined };
        new ModelService("chat", { contract, service: service({ access: ACCESS }), pool: "l4-1", addons: addons() });
      });
    }, /access: research\/chat asks for object storage access, but this cluster gives workloads no cloud identity/);
    assert.equal(registered, undefined);
  });
});

describe("identity endpoints under restricted egress", () => {
  const endpoints = [{ cidr: "169.254.170.23/32", ports: [80] }];
  async function egressRules(workloadIdentities: boolean): Promise<unknown[]> {
    const run = await render(() => {
      const cluster = new FakeCluster("test", { pools: POOLS });
      const contract: ClusterContract = { ...cluster, pools: cluster.pools, identityEndpoints: endpoints };
      new TeamNamespace("research", { contract, namespace: validNamespace({ egress: { allowCidrs: ["10.0.0.0/8"] } }), workloadIdentities });
    });
    const policy = ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((p) => input(p, "metadata.name") === "restrict-egress")!;
    return input(policy, "spec.egress");
  }

  it("admits where the cluster's identities fetch credentials when a workload of the namespace has one", async () => {
    const rules = await egressRules(true);
    assert.deepEqual(rules.at(-2), { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] });
    assert.deepEqual(rules.at(-1), { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] });
  });

  it("admits no credential endpoint when no workload of the namespace has an identity", async () => {
    const rules = (await egressRules(false)) as { to?: { ipBlock?: { cidr: string } }[] }[];
    assert.deepEqual(
      rules.flatMap((r) => (r.to ?? []).flatMap((t) => (t.ipBlock !== undefined ? [t.ipBlock.cidr] : []))),
      ["10.0.0.0/8"],
    );
  });
});

describe("namespace members in the Kubernetes layer", () => {
  it("binds the subjects the cluster names for the members to edit in the namespace, next to the groups", async () => {
    const run = await render(() => {
      new TeamNamespace("research", { contract: new FakeCluster("test", { pools: POOLS }), namespace: validNamespace({ groups: ["ml-research"], members: ["alice", "bob"] }) });
    });
    const binding = one(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
    assert.deepEqual(input(binding, "subjects"), [
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-research" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "bob" },
    ]);
    assert.equal(input(binding, "roleRef.name"), "edit");
  });

  it("binds nothing when the cluster grants the members itself and there are no groups", async () => {
    const run = await render(() => {
      const cluster = new FakeCluster("test", { pools: POOLS });
      cluster.memberSubjects = () => [];
      new TeamNamespace("research", { contract: cluster, namespace: validNamespace({ members: ["3f2504e0-4f89-11d3-9a0c-0305e82c3301"] }) });
    });
    assert.equal(ofType(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").length, 0);
  });

  it("rejects members on a cluster whose contract cannot let them in", async () => {
    await assert.rejects(
      render(() => {
        const cluster = new FakeCluster("test", { pools: POOLS });
        const contract: ClusterContract = { ...cluster, pools: cluster.pools, memberSubjects: undefined };
        new TeamNamespace("research", { contract, namespace: validNamespace({ members: ["alice"] }) });
      }),
      /namespace\.members: this cluster cannot give cloud principals a way in/,
    );
  });
});
