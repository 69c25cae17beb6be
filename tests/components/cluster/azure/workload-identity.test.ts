import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type * as managedidentity from "@pulumi/azure-native/managedidentity";
import { AksCluster } from "../../../../components/cluster/azure";
import { BLOB_ACTIONS, BLOB_PATH_ATTRIBUTE, LIST_SUBOPERATION } from "../../../../components/cluster/azure/blob-condition";
import { IDENTITY_LOGICAL_NAME_MAX, boundedName } from "../../../../components/cluster/azure/workload-identity";
import type { WorkloadIdentityBinding, WorkloadIdentityRequest } from "../../../../components/cluster/contract";
import type { StorageLocation, ValidAccess } from "../../../../components/spec/types";
import { fakeGuid } from "../../../../cli/engine/answers/azure";
import { conditionAllows } from "../../../helpers/abac";
import { MockRun, RecordedResource, input, ofType, one, render } from "../../../helpers/mocks";
import { DATA_SUBSCRIPTION, args, containerLocation } from "./fixtures";

const UAI = "azure-native:managedidentity:UserAssignedIdentity";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const ROLE = "azure-native:authorization:RoleAssignment";
const ROLE_DEFINITION = "azure-native:authorization:RoleDefinition";
const WORKLOAD_TYPE = "test:index:Workload";
const CLUSTER_TYPE = "ml-clusters:cluster:AksCluster";

/** The ID the mock engine gives the cluster's custom role of that logical name (cli/engine/answers/azure.ts). */
function definitionId(subscription: string, logicalName: string): string {
  return `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${fakeGuid(`role-definition/${logicalName}`)}`;
}

const READER = definitionId(DATA_SUBSCRIPTION, `ml-blob-reader-${DATA_SUBSCRIPTION}`);
const WRITER = definitionId(DATA_SUBSCRIPTION, `ml-blob-writer-${DATA_SUBSCRIPTION}`);

function chatRequest(access: ValidAccess): WorkloadIdentityRequest {
  return { key: "research/chat", namespace: "research", serviceAccount: "chat", access };
}

interface Captured {
  binding?: WorkloadIdentityBinding;
}

/** A cluster and one workload (its own component, the parent) asking for an identity. */
function program(request: WorkloadIdentityRequest, captured: Captured = {}, workloadName = "ml-research-chat") {
  return () => {
    const cluster = new AksCluster("ml", args());
    const workload = new pulumi.ComponentResource(WORKLOAD_TYPE, "chat", {}, {});
    const binding = cluster.workloadIdentity(workloadName, request, workload);
    captured.binding = binding;
    const identity = binding.ready[0] as managedidentity.UserAssignedIdentity;
    return {
      issuer: cluster.oidcIssuerUrl,
      resourceGroup: cluster.resourceGroupName,
      identityName: identity.name,
      principalId: identity.principalId,
      clientId: identity.clientId,
      annotation: binding.serviceAccountAnnotations["azure.workload.identity/client-id"],
    };
  };
}

/** A cluster and several workloads, each its own component, asking for identities. */
function workloads(requests: Readonly<Record<string, ValidAccess>>) {
  return () => {
    const cluster = new AksCluster("ml", args());
    for (const [name, access] of Object.entries(requests)) {
      const workload = new pulumi.ComponentResource(WORKLOAD_TYPE, name, {}, {});
      cluster.workloadIdentity(`ml-research-${name}`, { key: `research/${name}`, namespace: "research", serviceAccount: name, access }, workload);
    }
  };
}

/** A container in a subscription other than the fixtures' data subscription. */
function containerIn(subscription: string, account: string, container: string, prefix = ""): StorageLocation {
  const bucket = `/subscriptions/${subscription}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${container}`;
  return { url: prefix === "" ? bucket : `${bucket}/${prefix}`, bucket, prefix, account, container };
}

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/** Role assignments made for the workload (children of its component). */
function workloadGrants(run: MockRun): RecordedResource[] {
  const parent = one(run, WORKLOAD_TYPE).urn;
  return ofType(run, ROLE).filter((r) => r.parent === parent);
}

const PATH = BLOB_PATH_ATTRIBUTE.slice("@Resource[".length, -1);

describe("AksCluster workload identity (mock engine)", () => {
  describe("a service reading weights under one prefix and writing to a whole container", () => {
    let run: MockRun;
    const captured: Captured = {};
    const weights = containerLocation("mlweights", "models", "llama/70b");
    const outputs = containerLocation("mlruns", "outputs");

    before(async () => {
      run = await render(program(chatRequest({ read: [weights], write: [outputs] }), captured));
    });

    it("makes one user-assigned identity in the cluster's resource group and region, under the workload", () => {
      const identity = one(run, UAI, "ml-research-chat-identity");
      assert.equal(input(identity, "resourceGroupName"), run.outputs.resourceGroup);
      assert.equal(input(identity, "location"), "eastus");
      assert.equal(identity.parent, one(run, WORKLOAD_TYPE).urn);
      assert.equal(ofType(run, UAI).length, 3, "the control plane's, the kubelet's and the workload's");
    });

    it("federates exactly the workload's ServiceAccount token from this cluster's issuer", () => {
      const credential = one(run, FIC, "ml-research-chat-federation");
      assert.deepEqual(
        { rg: input(credential, "resourceGroupName"), identity: input(credential, "resourceName"), issuer: input(credential, "issuer"), subject: input(credential, "subject"), audiences: input(credential, "audiences") },
        { rg: run.outputs.resourceGroup, identity: run.outputs.identityName, issuer: run.outputs.issuer, subject: "system:serviceaccount:research:chat", audiences: ["api://AzureADTokenExchange"] },
      );
      assert.match(String(run.outputs.issuer), /^https:\/\/eastus\.oic\.prod-aks\.azure\.com\//);
      assert.equal(credential.parent, one(run, WORKLOAD_TYPE).urn);
    });

    it("grants the cluster's custom blob reader on the weights container and writer on the outputs container, to the identity only", () => {
      const grants = workloadGrants(run).map((r) => ({
        name: r.name,
        scope: input(r, "scope"),
        role: input(r, "roleDefinitionId"),
        principalId: input(r, "principalId"),
        principalType: input(r, "principalType"),
        conditionVersion: input(r, "conditionVersion"),
      }));
      assert.match(String(run.outputs.principalId), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
      assert.deepEqual(grants, [
        { name: "ml-research-chat-read-mlweights-models", scope: weights.bucket, role: READER, principalId: run.outputs.principalId, principalType: "ServicePrincipal", conditionVersion: "2.0" },
        { name: "ml-research-chat-write-mlruns-outputs", scope: outputs.bucket, role: WRITER, principalId: run.outputs.principalId, principalType: "ServicePrincipal", conditionVersion: undefined },
      ]);
    });

    it("defines each custom role once under the cluster, in the containers' subscription and assignable only there, with exactly its actions", () => {
      const scope = `/subscriptions/${DATA_SUBSCRIPTION}`;
      const definition = (r: RecordedResource) => ({
        name: r.name,
        scope: input(r, "scope"),
        assignableScopes: input(r, "assignableScopes"),
        roleType: input(r, "roleType"),
        permissions: input(r, "permissions"),
        parent: r.parent,
      });
      const cluster = one(run, CLUSTER_TYPE).urn;
      const containerRead = "Microsoft.Storage/storageAccounts/blobServices/containers/read";
      assert.deepEqual(ofType(run, ROLE_DEFINITION).map(definition), [
        {
          name: `ml-blob-reader-${DATA_SUBSCRIPTION}`,
          scope,
          assignableScopes: [scope],
          roleType: "CustomRole",
          permissions: [{ actions: [containerRead], notActions: [], dataActions: [`${BLOBS}/read`], notDataActions: [] }],
          parent: cluster,
        },
        {
          name: `ml-blob-writer-${DATA_SUBSCRIPTION}`,
          scope,
          assignableScopes: [scope],
          roleType: "CustomRole",
          permissions: [
            {
              actions: [containerRead],
              notActions: [],
              dataActions: [`${BLOBS}/read`, `${BLOBS}/write`, `${BLOBS}/add/action`, `${BLOBS}/delete`, `${BLOBS}/move/action`],
              notDataActions: [],
            },
          ],
          parent: cluster,
        },
      ]);
      assert.match(String(input(one(run, ROLE_DEFINITION, `ml-blob-writer-${DATA_SUBSCRIPTION}`), "roleName")), /^ml-clusters ml blob writer [0-9a-f]{12}$/);
      assert.match(String(input(one(run, ROLE_DEFINITION, `ml-blob-reader-${DATA_SUBSCRIPTION}`), "roleName")), /^ml-clusters ml blob reader [0-9a-f]{12}$/);
    });

    it("limits the read grant to the declared prefix and leaves the whole-container write grant without a condition", () => {
      const [read, write] = workloadGrants(run);
      const condition = String(input(read!, "condition"));
      const get = (path: string) => conditionAllows(condition, { action: BLOB_ACTIONS.read, resource: { [PATH]: path } });
      assert.deepEqual(["llama/70b/model-00001.safetensors", "llama/70b-instruct/model.safetensors", "llama/8b/model.safetensors"].map(get), [true, false, false]);
      assert.equal(conditionAllows(condition, { action: BLOB_ACTIONS.read, subOperation: LIST_SUBOPERATION }), false);
      assert.equal(input(write!, "condition"), undefined);
    });

    it("binds through the client-id annotation and the webhook's pod label, ready once identity, credential and grants exist", () => {
      const binding = captured.binding!;
      assert.deepEqual(Object.keys(binding.serviceAccountAnnotations), ["azure.workload.identity/client-id"]);
      assert.equal(run.outputs.annotation, run.outputs.clientId);
      assert.deepEqual(binding.podLabels, { "azure.workload.identity/use": "true" });
      assert.equal(binding.ready.length, 4);
    });
  });

  it("puts several prefixes of one container into one assignment, in the container's own subscription", async () => {
    const run = await render(program(chatRequest({ read: [containerLocation("mldata", "corpus", "en"), containerLocation("mldata", "corpus", "de/news")], write: [] })));
    const [grant, ...rest] = workloadGrants(run);
    assert.equal(rest.length, 0);
    assert.equal(input(grant!, "roleDefinitionId"), READER);
    const condition = String(input(grant!, "condition"));
    const get = (path: string) => conditionAllows(condition, { action: BLOB_ACTIONS.read, resource: { [PATH]: path } });
    assert.deepEqual(["en/a", "de/news/b", "de/sport/c", "fr/d"].map(get), [true, true, false, false]);
  });

  it("makes the reader role only, and no writer role, for a workload that only reads", async () => {
    const run = await render(program(chatRequest({ read: [containerLocation("mldata", "corpus", "en")], write: [] })));
    assert.deepEqual(ofType(run, ROLE_DEFINITION).map((r) => r.name), [`ml-blob-reader-${DATA_SUBSCRIPTION}`]);
  });

  it("shares one writer role among the workloads of a subscription and defines another in a second subscription, each assignment naming its own", async () => {
    const other = "22222222-3333-4444-8555-666666666666";
    const run = await render(
      workloads({
        train: { read: [], write: [containerLocation("mlruns", "ckpt", "train")] },
        eval: { read: [], write: [containerLocation("mlruns", "ckpt", "eval"), containerIn(other, "mlreports", "reports")] },
      }),
    );
    assert.deepEqual(ofType(run, ROLE_DEFINITION).map((r) => [r.name, input(r, "assignableScopes")]), [
      [`ml-blob-writer-${DATA_SUBSCRIPTION}`, [`/subscriptions/${DATA_SUBSCRIPTION}`]],
      [`ml-blob-writer-${other}`, [`/subscriptions/${other}`]],
    ]);
    assert.deepEqual(
      ofType(run, ROLE).filter((r) => r.name.startsWith("ml-research-")).map((r) => [r.name, input(r, "roleDefinitionId")]),
      [
        ["ml-research-eval-write-mlreports-reports", definitionId(other, `ml-blob-writer-${other}`)],
        ["ml-research-eval-write-mlruns-ckpt", WRITER],
        ["ml-research-train-write-mlruns-ckpt", WRITER],
      ],
    );
  });

  it("throws for a container ID without a subscription, naming the workload, before registering its identity", async () => {
    const bad: StorageLocation = { url: "mlruns/ckpt", bucket: "mlruns/ckpt", prefix: "", account: "mlruns", container: "ckpt" };
    const errors: string[] = [];
    const cluster = () => {
      const c = new AksCluster("ml", args());
      const workload = new pulumi.ComponentResource(WORKLOAD_TYPE, "chat", {}, {});
      try {
        c.workloadIdentity("ml-research-chat", chatRequest({ read: [], write: [bad] }), workload);
      } catch (e) {
        errors.push(String((e as Error).message));
      }
    };
    const run = await render(cluster);
    assert.deepEqual(errors, ["research/chat: mlruns/ckpt is not a blob container's resource ID (/subscriptions/<id>/resourceGroups/...)"]);
    assert.deepEqual(ofType(run, UAI).map((r) => r.name).filter((n) => n.startsWith("ml-research")), []);
  });

  it("grants nothing for a customer-managed key: storage unwraps it with its own identity", async () => {
    const access = { read: [containerLocation("mldata", "corpus")], write: [] };
    const without = await render(program(chatRequest(access)));
    const withKey = await render(program(chatRequest({ ...access, kmsKey: "https://kv.vault.azure.net/keys/storage" })));
    assert.deepEqual(
      withKey.resources.map((r) => r.urn),
      without.resources.map((r) => r.urn),
    );
  });

  it("keeps the identity's and credential's names within Azure's limits for a long workload name", async () => {
    const long = `ml-${"research".repeat(8)}-${"chat".repeat(20)}`;
    const run = await render(program(chatRequest({ read: [containerLocation("mldata", "corpus")], write: [] }), {}, long));
    const names = [...ofType(run, UAI), ...ofType(run, FIC)].map((r) => r.name).filter((n) => n.startsWith("ml-research"));
    assert.equal(names.length, 2);
    for (const n of names) assert.ok(n.length <= IDENTITY_LOGICAL_NAME_MAX, n);
    assert.deepEqual(names.sort(), [boundedName(`${long}-federation`, IDENTITY_LOGICAL_NAME_MAX), boundedName(`${long}-identity`, IDENTITY_LOGICAL_NAME_MAX)].sort());
    assert.notEqual(names[0], names[1]);
  });

  it("renders in preview mode, before the cluster's issuer is known", async () => {
    const run = await render(program(chatRequest({ read: [containerLocation("mldata", "corpus", "en")], write: [] })), { preview: true });
    assert.equal(input(one(run, FIC, "ml-research-chat-federation"), "subject"), "system:serviceaccount:research:chat");
    assert.equal(workloadGrants(run).length, 1);
  });

  it("returns no RBAC subjects for members: they are granted through Azure RBAC", () => {
    const cluster = Object.create(AksCluster.prototype) as AksCluster;
    assert.deepEqual(cluster.memberSubjects("research", ["group:6f1c3a52-0d1e-4c1b-9a57-3c1e2b7d9f10"]), []);
  });
});
