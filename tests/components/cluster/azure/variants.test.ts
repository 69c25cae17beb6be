import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FAKE_AZURE_SUBSCRIPTION } from "../../../../cli/engine/answers/azure";
import { RecordedResource, input, isSecretValue, ofType, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { A100, Built, T4, args, plan, pool, program, spec } from "./fixtures";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const ROLE = "azure-native:authorization:RoleAssignment";

function plain(r: RecordedResource, path: string): any {
  return unwrapSecrets(input(r, path));
}

describe("AksCluster variants (mock engine)", () => {
  it("opens the API only to apiAccess networks and the cluster's own NAT egress IP", async () => {
    const run = await render(program(args({ spec: spec({ apiAccess: { allowedCidrs: ["203.0.113.0/24"] } }) })));
    const ip = one(run, "azure-native:network:PublicIPAddress");
    assert.equal(input(ip, "publicIPAllocationMethod"), "Static");
    const profile = input(one(run, CLUSTER), "apiServerAccessProfile");
    assert.equal(profile.enablePrivateCluster, false);
    assert.equal(profile.authorizedIPRanges.length, 2);
    assert.equal(profile.authorizedIPRanges[0], "203.0.113.0/24");
    assert.match(profile.authorizedIPRanges[1], /^20\.42\.\d+\.\d+\/32$/);
  });

  it("uses an existing resource group and subnet without creating a network", async () => {
    const subnetId = `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`;
    const run = await render(program(args({ resourceGroupName: "platform", spec: spec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: [subnetId] } }) })));
    assert.deepEqual(ofType(run, "azure-native:resources:ResourceGroup"), []);
    assert.deepEqual(run.resources.filter((r) => r.type.startsWith("azure-native:network:")), []);
    assert.equal(input(one(run, CLUSTER), "resourceGroupName"), "platform");
    assert.equal(input(one(run, CLUSTER), "networkProfile.outboundType"), "userAssignedNATGateway");
    assert.equal(plain(one(run, CLUSTER), "agentPoolProfiles")[0].vnetSubnetID, subnetId);
    for (const r of ofType(run, AGENT_POOL)) assert.equal(input(r, "vnetSubnetID"), subnetId);
    assert.equal(input(one(run, ROLE, "ml-network"), "scope"), `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub`);
  });

  it("follows spec.protect: an unprotected cluster keeps only the key retained", async () => {
    const run = await render(program(args({ spec: spec({ protect: false }) })));
    assert.equal(one(run, CLUSTER).options.protect, false);
    assert.deepEqual(
      [one(run, "azure-native:keyvault:Vault").options, one(run, "azure-native:keyvault:Key").options].map((o) => [o.protect, o.retainOnDelete]),
      [[false, false], [false, true]],
    );
  });

  it("drops KMS, logs and the device plugin when turned off or without GPU pools, and adds Container Insights when asked", async () => {
    const run = await render(program(args({ plan: plan([]), secretsEncryption: false, controlPlaneLogs: false, containerInsights: true })));
    assert.deepEqual(ofType(run, "azure-native:keyvault:Vault"), []);
    assert.deepEqual(ofType(run, "azure-native:monitor:DiagnosticSetting"), []);
    assert.deepEqual(ofType(run, "kubernetes:helm.sh/v3:Release"), []);
    assert.deepEqual(ofType(run, AGENT_POOL), []);
    assert.equal(input(one(run, CLUSTER), "securityProfile.azureKeyVaultKms"), undefined);
    const oms = input(one(run, CLUSTER), "addonProfiles.omsagent");
    assert.equal(oms.enabled, true);
    assert.equal(oms.config.useAADAuth, "true");
    assert.match(oms.config.logAnalyticsWorkspaceResourceID, /^ml-logs-/);
  });

  it("places pools in the zones given for them, sorted", async () => {
    const run = await render(program(args({ availabilityZones: { system: ["3", "1"], pools: { batch: ["2", "1"] } } })));
    assert.deepEqual(plain(one(run, CLUSTER), "agentPoolProfiles")[0].availabilityZones, ["1", "3"]);
    assert.deepEqual(input(one(run, AGENT_POOL, "ml-batch"), "availabilityZones"), ["1", "2"]);
    assert.equal(input(one(run, AGENT_POOL, "ml-a100-80gb-1"), "availabilityZones"), undefined);
  });

  it("renders in preview mode, with the kubeconfig still a secret", async () => {
    const built: Built = {};
    const run = await render(program(args(), built), { preview: true });
    assert.equal(ofType(run, AGENT_POOL).length, 2);
    assert.equal(await pulumi.isSecret(built.cluster!.kubeconfig), true);
    assert.ok(isSecretValue(one(run, "pulumi:providers:kubernetes").inputs.kubeconfig));
  });

  it("renders a plan with one pool per GPU model the catalogue offers in eastus", async () => {
    const pools = [pool("t4", T4, { min: 0, max: 1 }), pool("a100", A100, { min: 0, max: 1 }), pool("h100", "Standard_NC40ads_H100_v5", { min: 0, max: 1 })];
    const run = await render(program(args({ plan: plan(pools) })));
    assert.deepEqual(ofType(run, AGENT_POOL).map((r) => input(r, "vmSize")).sort(), [A100, "Standard_NC40ads_H100_v5", T4].sort());
  });
});
