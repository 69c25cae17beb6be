import assert from "node:assert/strict";
import { AksCluster } from "../../../../components/cluster/azure";
import { parseAksMember } from "../../../../components/cluster/azure/access-grants";
import { FAKE_AZURE_SUBSCRIPTION } from "../../../../cli/engine/answers/azure";
import { validNamespace } from "../../../helpers/builders";
import { MockRun, input, ofType, one, render } from "../../../helpers/mocks";
import { DATA_SUBSCRIPTION, acr, args, spec } from "./fixtures";

const ROLE = "azure-native:authorization:RoleAssignment";
const CLUSTER = "azure-native:containerservice:ManagedCluster";

const ACR_PULL = `/subscriptions/${DATA_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;
const RBAC_WRITER = `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb`;
const CLUSTER_USER = `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4abbcc35-e782-43d8-92c5-2d3f1bd2253f`;

const TEAM = "6f1c3a52-0d1e-4c1b-9a57-3c1e2b7d9f10";
const ALICE = "0b8e2d44-5a7c-4e0f-8d21-9c4b7a1e3f55";

/** The role assignments of one role definition, as plain facts. */
function assignments(run: MockRun, role: string) {
  return ofType(run, ROLE)
    .filter((r) => input(r, "roleDefinitionId") === role)
    .map((r) => ({ name: r.name, scope: input(r, "scope"), principalId: input(r, "principalId"), principalType: input(r, "principalType") }));
}

describe("AksCluster registry and member grants (mock engine)", () => {
  let run: MockRun;
  let clusterId: string;
  let kubeletPrincipal: string;

  before(async () => {
    const a = args({
      spec: spec({
        registries: [acr("mlimages"), acr("vendorimages")],
        namespaces: [
          validNamespace({ name: "research", members: [`group:${TEAM}`, `user:${ALICE.toUpperCase()}`] }),
          validNamespace({ name: "vision", members: [`group:${TEAM}`] }),
        ],
      }),
    });
    run = await render(() => {
      const c = new AksCluster("ml", a);
      return { clusterId: c.clusterId, kubelet: c.kubeletIdentity.principalId };
    });
    clusterId = String(run.outputs.clusterId);
    kubeletPrincipal = String(run.outputs.kubelet);
  });

  it("grants AcrPull on each listed registry to the kubelet identity, with the role named in the registry's subscription", () => {
    assert.match(kubeletPrincipal, /^[0-9a-f]{8}-/);
    assert.deepEqual(assignments(run, ACR_PULL), [
      { name: "ml-acr-pull-mlimages", scope: acr("mlimages").resourceId, principalId: kubeletPrincipal, principalType: "ServicePrincipal" },
      { name: "ml-acr-pull-vendorimages", scope: acr("vendorimages").resourceId, principalId: kubeletPrincipal, principalType: "ServicePrincipal" },
    ]);
  });

  it("grants AKS RBAC Writer to each member at exactly its namespace's scope, with the member's kind", () => {
    assert.ok(clusterId.length > 0);
    assert.deepEqual(assignments(run, RBAC_WRITER), [
      { name: `ml-research-writer-${ALICE}`, scope: `${clusterId}/namespaces/research`, principalId: ALICE, principalType: "User" },
      { name: `ml-research-writer-${TEAM}`, scope: `${clusterId}/namespaces/research`, principalId: TEAM, principalType: "Group" },
      { name: `ml-vision-writer-${TEAM}`, scope: `${clusterId}/namespaces/vision`, principalId: TEAM, principalType: "Group" },
    ]);
  });

  it("grants the Cluster User role on the cluster once per distinct member, so get-credentials works", () => {
    assert.deepEqual(assignments(run, CLUSTER_USER), [
      { name: `ml-cluster-user-${ALICE}`, scope: clusterId, principalId: ALICE, principalType: "User" },
      { name: `ml-cluster-user-${TEAM}`, scope: clusterId, principalId: TEAM, principalType: "Group" },
    ]);
  });

  it("deletes member grants with the cluster and keeps registry grants to their own delete", () => {
    const cluster = one(run, CLUSTER).urn;
    const deletedWith = (role: string) => ofType(run, ROLE).filter((r) => input(r, "roleDefinitionId") === role).map((r) => r.options.deletedWith);
    assert.deepEqual([...deletedWith(RBAC_WRITER), ...deletedWith(CLUSTER_USER)], [cluster, cluster, cluster, cluster, cluster]);
    assert.deepEqual(deletedWith(ACR_PULL), [undefined, undefined]);
  });

  it("runs with Azure RBAC for Kubernetes on, which the namespace-scoped roles need", () => {
    assert.equal(input(one(run, CLUSTER), "aadProfile.enableAzureRBAC"), true);
  });

  it("adds no grants for a spec without registries or members", async () => {
    const plainRun = await render(() => new AksCluster("ml", args()));
    for (const role of [ACR_PULL, RBAC_WRITER, CLUSTER_USER]) assert.deepEqual(assignments(plainRun, role), [], role);
  });
});

describe("AKS member entries", () => {
  it("reads the kind and the lowercased object ID of user and group entries", () => {
    assert.deepEqual(parseAksMember(`group:${TEAM}`), { principalType: "Group", objectId: TEAM });
    assert.deepEqual(parseAksMember(`User:${ALICE.toUpperCase()}`), { principalType: "User", objectId: ALICE });
  });

  it("rejects a bare object ID, another kind, and a malformed ID", () => {
    for (const m of [TEAM, `serviceAccount:${TEAM}`, "group:team@example.com", `group:${TEAM}x`]) assert.equal(parseAksMember(m), undefined, m);
  });
});
