import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BadInputError } from "../../../../components/bad-input";
import { EksCluster, EksClusterArgs, checkIdentity, podIdentityTrustPolicy, registryWarnings, workloadRoleName, workloadStoragePolicy } from "../../../../components/cluster/aws";
import type { WorkloadIdentityBinding, WorkloadIdentityRequest } from "../../../../components/cluster/contract";
import type { ValidAccess, ValidRegistry } from "../../../../components/spec/types";
import { FAKE_AWS_ACCOUNT } from "../../../../cli/engine/answers/aws";
import { stableSuffix } from "../../../../cli/engine/answers/types";
import { MockRun, render } from "../../../helpers/mocks";
import { deployerMemberWarning } from "../../../../components/cluster/aws/identity";
import { validNamespace, validService, validTrainingJob } from "../../../helpers/builders";
import { eksArgs, ofType, one, REGION, valueOf } from "./fixtures";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CHAT_ACCESS: ValidAccess = { read: [{ url: "s3://models/llama", bucket: "models", prefix: "llama" }], write: [], kmsKey: KEY };
const TRAIN_ACCESS: ValidAccess = {
  read: [{ url: "s3://datasets/imagenet/", bucket: "datasets", prefix: "imagenet/" }],
  write: [{ url: "s3://ckpt/runs/finetune", bucket: "ckpt", prefix: "runs/finetune" }],
};
const CHAT: WorkloadIdentityRequest = { key: "research/chat", namespace: "research", serviceAccount: "chat", access: CHAT_ACCESS };
const TRAIN: WorkloadIdentityRequest = { key: "research/finetune", namespace: "research", serviceAccount: "finetune-worker", access: TRAIN_ACCESS };
/** What the fake engine answers for the identity running Pulumi. */
const DEPLOYER = `arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`;
const ALICE = "arn:aws:iam::123456789012:role/alice";
const BOB = "arn:aws:iam::123456789012:user/bob";

interface IdentityRender {
  readonly run: MockRun;
  readonly cluster: EksCluster;
  readonly bindings: Record<string, WorkloadIdentityBinding>;
  /** URN of each workload's stand-in parent component. */
  readonly parents: Record<string, string>;
}

/** Renders EksCluster "ml" and asks it for an identity per request, each under its own parent as the Kubernetes layer would. */
async function renderIdentities(args: EksClusterArgs, requests: Readonly<Record<string, WorkloadIdentityRequest>>): Promise<IdentityRender> {
  let cluster: EksCluster | undefined;
  const bindings: Record<string, WorkloadIdentityBinding> = {};
  const parentResources: Record<string, pulumi.ComponentResource> = {};
  const run = await render(() => {
    cluster = new EksCluster("ml", args);
    for (const [name, request] of Object.entries(requests)) {
      parentResources[name] = new pulumi.ComponentResource("test:index:Workload", name);
      bindings[name] = cluster.workloadIdentity(name, request, parentResources[name]);
    }
    return {};
  });
  const parents: Record<string, string> = {};
  for (const [name, p] of Object.entries(parentResources)) parents[name] = await valueOf(p.urn);
  return { run, cluster: cluster!, bindings, parents };
}

/** The error a program throws while it is rendered. */
async function renderError(program: () => void): Promise<unknown> {
  let thrown: unknown;
  await render(() => {
    try {
      program();
    } catch (e) {
      thrown = e;
    }
  });
  return thrown;
}

describe("EksCluster workload identity", () => {
  let r: IdentityRender;
  before(async () => {
    r = await renderIdentities(eksArgs(), { "research-chat": CHAT, "research-finetune": TRAIN });
  });

  it("makes a role only Pod Identity can assume, for exactly this cluster, namespace and ServiceAccount", () => {
    const role = one(r.run, "aws:iam/role:Role", "research-chat-role");
    assert.equal(role.inputs.name, workloadRoleName("ml-dev", REGION, "research/chat"));
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), JSON.parse(podIdentityTrustPolicy("ml-dev", "research", "chat")));
    assert.equal(role.inputs.description, "Pod Identity of research/chat in ml-dev");
    assert.deepEqual(role.inputs.tags, { "ml-clusters.io/cluster": "ml-dev", "managed-by": "pulumi", "ml-clusters.io/workload": "research/chat" });
    assert.equal(role.parent, r.parents["research-chat"]);
  });

  it("grants the workload's storage inline, on its role, with the account's partition", () => {
    const policy = one(r.run, "aws:iam/rolePolicy:RolePolicy", "research-finetune-storage");
    assert.equal(policy.inputs.role, workloadRoleName("ml-dev", REGION, "research/finetune"));
    assert.equal(policy.inputs.name, "ml-clusters-storage");
    assert.deepEqual(JSON.parse(policy.inputs.policy), workloadStoragePolicy("aws", TRAIN_ACCESS));
    assert.equal(policy.parent, r.parents["research-finetune"]);
  });

  it("associates the role with exactly the workload's ServiceAccount in its namespace of this cluster", () => {
    const association = one(r.run, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "research-chat-pod-identity");
    assert.deepEqual(
      { clusterName: association.inputs.clusterName, namespace: association.inputs.namespace, serviceAccount: association.inputs.serviceAccount, region: association.inputs.region },
      { clusterName: "ml-dev", namespace: "research", serviceAccount: "chat", region: REGION },
    );
    assert.equal(association.inputs.roleArn, `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/${workloadRoleName("ml-dev", REGION, "research/chat")}`);
    assert.equal(association.inputs.disableSessionTags, undefined, "the trust policy needs the session tags");
    assert.equal(association.parent, r.parents["research-chat"]);
  });

  it("makes one association per workload and none for any other ServiceAccount", () => {
    const associations = ofType(r.run, "aws:eks/podIdentityAssociation:PodIdentityAssociation");
    // The autoscaler's own association is the cluster's; the rest are the workloads'.
    assert.deepEqual(associations.map((a) => `${a.inputs.namespace}/${a.inputs.serviceAccount}`).sort(), ["kube-system/cluster-autoscaler", "research/chat", "research/finetune-worker"]);
  });

  it("asks for no annotation or pod label and makes pods wait for the role, its policy and the association", async () => {
    const b = r.bindings["research-chat"]!;
    assert.deepEqual(b.serviceAccountAnnotations, {});
    assert.deepEqual(b.podLabels, {});
    const urns = await Promise.all(b.ready.map((res) => valueOf(res.urn)));
    assert.deepEqual(urns, [
      one(r.run, "aws:iam/role:Role", "research-chat-role").urn,
      one(r.run, "aws:iam/rolePolicy:RolePolicy", "research-chat-storage").urn,
      one(r.run, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "research-chat-pod-identity").urn,
    ]);
  });

  it("puts the identity on the AWS provider EksCluster was given, though its parent is the workload's", async () => {
    let cluster: EksCluster | undefined;
    const run = await render(() => {
      const provider = new aws.Provider("workloads-account", { region: "us-east-1" });
      cluster = new EksCluster("ml", eksArgs(), { providers: { aws: provider } });
      cluster.workloadIdentity("research-chat", CHAT, new pulumi.ComponentResource("test:index:Workload", "research-chat"));
      return {};
    });
    const provider = one(run, "pulumi:providers:aws", "workloads-account").urn;
    for (const [type, name] of [
      ["aws:iam/role:Role", "research-chat-role"],
      ["aws:iam/rolePolicy:RolePolicy", "research-chat-storage"],
      ["aws:eks/podIdentityAssociation:PodIdentityAssociation", "research-chat-pod-identity"],
    ] as const) {
      assert.equal(one(run, type, name).provider, provider, name);
    }
    assert.ok(cluster);
  });

  it("throws for access EKS cannot grant, naming the workload", async () => {
    const thrown = await renderError(() => {
      const cluster = new EksCluster("ml", eksArgs());
      cluster.workloadIdentity("research-chat", { ...CHAT, access: { ...CHAT_ACCESS, kmsKey: "alias/models" } }, cluster);
    });
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(thrown.problems.map((p) => p.path), ["research/chat.access.kmsKey"]);
  });
});

describe("EksCluster namespace members", () => {
  const namespaces = [validNamespace({ name: "research", members: [ALICE, BOB] }), validNamespace({ name: "vision", members: [ALICE] }), validNamespace({ name: "ops" })];
  let run: MockRun;
  let cluster: EksCluster;
  before(async () => {
    ({ run, cluster } = await renderIdentities(eksArgs({}, { namespaces }), {}));
  });

  it("gives each member one STANDARD access entry with the group of each of its namespaces", () => {
    const members = ofType(run, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.startsWith("ml-member-"));
    assert.deepEqual(
      members.map((e) => ({ principalArn: e.inputs.principalArn, type: e.inputs.type, kubernetesGroups: e.inputs.kubernetesGroups, clusterName: e.inputs.clusterName })),
      [
        { principalArn: ALICE, type: "STANDARD", kubernetesGroups: ["ml-clusters:research:edit", "ml-clusters:vision:edit"], clusterName: "ml-dev" },
        { principalArn: BOB, type: "STANDARD", kubernetesGroups: ["ml-clusters:research:edit"], clusterName: "ml-dev" },
      ],
    );
  });

  it("associates no access policy with a member and leaves the deployer's admin entry alone", () => {
    const associations = ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    assert.deepEqual(associations.map((a) => a.inputs.principalArn), [DEPLOYER]);
    assert.deepEqual(one(run, "aws:eks/accessEntry:AccessEntry", "ml-admin-0").inputs.kubernetesGroups, undefined);
  });

  it("answers the namespace's group as the RoleBinding subject, and none for a namespace without members", () => {
    assert.deepEqual(cluster.memberSubjects("vision", [ALICE]), [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-clusters:vision:edit" }]);
    assert.deepEqual(cluster.memberSubjects("ops", []), []);
  });

  it("throws for members the spec does not give that namespace", () => {
    assert.throws(() => cluster.memberSubjects("vision", [BOB]), /bug: members arn:aws:iam::123456789012:user\/bob of namespace "vision" are not in the spec EksCluster "ml" was built from/);
  });

  it("warns, once the caller is known, that the identity running Pulumi cannot also be a member", async () => {
    const warnings: string[] = [];
    const original = pulumi.log.warn;
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = (msg: string) => {
      warnings.push(msg);
      return Promise.resolve();
    };
    try {
      await renderIdentities(eksArgs({}, { namespaces: [validNamespace({ name: "research", members: [BOB, DEPLOYER] })] }), {});
    } finally {
      (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
    }
    assert.deepEqual(warnings, [deployerMemberWarning("namespaces[0].members[1]", DEPLOYER)]);
    assert.match(warnings[0]!, /is the identity running Pulumi, which already has cluster-admin through its own access entry, and EKS allows one access entry per principal/);
  });

  it("rejects a member named in adminPrincipalArns before anything is registered", async () => {
    const thrown = await renderError(() => new EksCluster("ml", eksArgs({ adminPrincipalArns: [ALICE] }, { namespaces })));
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(thrown.problems.map((p) => p.path), ["namespaces[0].members[0]", "namespaces[1].members[0]"]);
  });
});

describe("EksCluster registries", () => {
  const registry = (account: string, region: string): ValidRegistry => ({ written: `${account}.dkr.ecr.${region}.amazonaws.com`, imagePrefix: `${account}.dkr.ecr.${region}.amazonaws.com/`, account, region });
  const NODE_ROLE_ARN = `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/ml-node-${stableSuffix("ml-node")}`;
  let warnings: string[];
  let original: typeof pulumi.log.warn;
  beforeEach(() => {
    warnings = [];
    original = pulumi.log.warn;
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = (msg: string) => {
      warnings.push(msg);
      return Promise.resolve();
    };
  });
  afterEach(() => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
  });

  it("keeps the node role's pull-only policy, which covers every registry of its own account", async () => {
    const { run } = await renderIdentities(eksArgs({}, { registries: [registry(FAKE_AWS_ACCOUNT, "eu-west-1")] }), {});
    assert.deepEqual(
      ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.role === `ml-node-${stableSuffix("ml-node")}`)
        .map((a) => a.inputs.policyArn)
        .sort(),
      ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"],
    );
    assert.deepEqual(warnings, []);
  });

  it("warns with the repository policy for a registry in another account, naming the node role", async () => {
    const registries = [registry(FAKE_AWS_ACCOUNT, REGION), registry("210987654321", "us-west-2")];
    await renderIdentities(eksArgs({}, { registries }), {});
    assert.deepEqual(warnings, registryWarnings(registries, FAKE_AWS_ACCOUNT, NODE_ROLE_ARN));
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]!.includes(`"AWS": "${NODE_ROLE_ARN}"`));
  });
});

describe("EKS identity validation", () => {
  it("accepts workloads with access and members who are roles or users", () => {
    const spec = {
      namespaces: [validNamespace({ members: [ALICE, BOB] })],
      services: [validService({ access: CHAT_ACCESS })],
      trainingJobs: [validTrainingJob({ access: TRAIN_ACCESS, path: "trainingJobs[0]" })],
    };
    assert.deepEqual(checkIdentity(eksArgs({}, spec)), []);
  });

  it("rejects a workload's access EKS cannot grant at the workload's path", () => {
    const spec = { trainingJobs: [validTrainingJob({ path: "trainingJobs[0]", access: { ...TRAIN_ACCESS, kmsKey: "alias/ckpt" } })] };
    assert.deepEqual(checkIdentity(eksArgs({}, spec)).map((p) => p.path), ["trainingJobs[0].access.kmsKey"]);
  });

  it("rejects a role session, a non-IAM ARN, a service-linked role and an admin as members", () => {
    const members = [
      "arn:aws:sts::123456789012:assumed-role/alice/session-1",
      "arn:aws:s3:::bucket",
      "arn:aws:iam::123456789012:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
      ALICE,
    ];
    assert.deepEqual(checkIdentity(eksArgs({ adminPrincipalArns: [ALICE] }, { namespaces: [validNamespace({ members })] })), [
      {
        path: "namespaces[0].members[0]",
        message: '"arn:aws:sts::123456789012:assumed-role/alice/session-1" is a role session, not a principal; use the role\'s ARN, arn:aws:iam::123456789012:role/alice (with its path, if it has one)',
      },
      { path: "namespaces[0].members[1]", message: '"arn:aws:s3:::bucket" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/ml-research' },
      {
        path: "namespaces[0].members[2]",
        message:
          '"arn:aws:iam::123456789012:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS" is a service-linked role, which EKS access entries do not accept; name a role or user a person signs in as',
      },
      {
        path: "namespaces[0].members[3]",
        message:
          '"arn:aws:iam::123456789012:role/alice" is in adminPrincipalArns, so it already has cluster-admin through its own access entry, and EKS allows one entry per principal; remove it from members',
      },
    ]);
  });
});
