import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type * as managedidentity from "@pulumi/azure-native/managedidentity";
import { AksCluster } from "../../../../components/cluster/azure";
import { BLOB_ACTIONS, BLOB_PATH_ATTRIBUTE, LIST_SUBOPERATION } from "../../../../components/cluster/azure/blob-condition";
import { IDENTITY_LOGICAL_NAME_MAX, boundedName } from "../../../../components/cluster/azure/workload-identity";
import type { WorkloadIdentityBinding, WorkloadIdentityRequest } from "../../../../components/cluster/contract";
import type { ValidAccess } from "../../../../components/spec/types";
import { conditionAllows } from "../../../helpers/abac";
import { MockRun, RecordedResource, input, ofType, one, render } from "../../../helpers/mocks";
import { DATA_SUBSCRIPTION, args, containerLocation } from "./fixtures";

const UAI = "azure-native:managedidentity:UserAssignedIdentity";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const ROLE = "azure-native:authorization:RoleAssignment";
const WORKLOAD_TYPE = "test:index:Workload";

const READER = `/subscriptions/${DATA_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`;
const CONTRIBUTOR = `/subscriptions/${DATA_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`;

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

    it("grants Storage Blob Data Reader on the weights container and Contributor on the outputs container, to the identity only", () => {
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
        { name: "ml-research-chat-write-mlruns-outputs", scope: outputs.bucket, role: CONTRIBUTOR, principalId: run.outputs.principalId, principalType: "ServicePrincipal", conditionVersion: undefined },
      ]);
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
