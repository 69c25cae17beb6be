import assert from "node:assert/strict";
import { derivedVaultName } from "../../../../components/cluster/azure/encryption";
import { FAKE_AZURE_OBJECT, FAKE_AZURE_SUBSCRIPTION } from "../../../../cli/engine/answers/azure";
import { MockRun, RecordedResource, input, ofType, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { args, program } from "./fixtures";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const ROLE = "azure-native:authorization:RoleAssignment";

function plain(r: RecordedResource, path: string): any {
  return unwrapSecrets(input(r, path));
}

describe("AksCluster secure defaults (mock engine)", () => {
  let run: MockRun;

  before(async () => {
    run = await render(program(args()));
  });

  const cluster = () => one(run, CLUSTER);

  it("makes the API server private when the spec gives no apiAccess", () => {
    assert.deepEqual(input(cluster(), "apiServerAccessProfile"), { enablePrivateCluster: true, privateDNSZone: "system" });
  });

  it("authenticates through Entra ID with Azure RBAC and no local accounts", () => {
    assert.deepEqual(plain(cluster(), "aadProfile"), { managed: true, enableAzureRBAC: true, tenantID: "00000000-0000-4000-8000-000000000002" });
    assert.equal(input(cluster(), "disableLocalAccounts"), true);
    assert.equal(input(cluster(), "enableRBAC"), true);
  });

  it("grants the deploying identity AKS RBAC Cluster Admin on the cluster", () => {
    const admin = one(run, ROLE, "ml-deployer-admin");
    assert.equal(input(admin, "principalId"), FAKE_AZURE_OBJECT);
    assert.equal(input(admin, "roleDefinitionId"), `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b`);
    assert.match(String(input(admin, "scope")), /^ml-aks-/);
  });

  it("turns on the OIDC issuer and workload identity", () => {
    assert.deepEqual(input(cluster(), "oidcIssuerProfile"), { enabled: true });
    assert.deepEqual(input(cluster(), "securityProfile.workloadIdentity"), { enabled: true });
  });

  it("encrypts Secrets with a Key Vault key held in a purge-protected, RBAC-only vault", () => {
    const key = one(run, "azure-native:keyvault:Key");
    const vault = one(run, "azure-native:keyvault:Vault");
    const vaultName = derivedVaultName(FAKE_AZURE_SUBSCRIPTION, String(input(cluster(), "resourceGroupName")), "ml");
    assert.equal(input(vault, "vaultName"), vaultName);
    assert.equal(input(key, "vaultName"), vaultName);
    const kms = input(cluster(), "securityProfile.azureKeyVaultKms");
    assert.deepEqual(Object.keys(kms).sort(), ["enabled", "keyId", "keyVaultNetworkAccess"]);
    assert.equal(kms.enabled, true);
    assert.equal(kms.keyVaultNetworkAccess, "Public");
    // The versioned key ID: AKS KMS rejects an unversioned one.
    assert.match(kms.keyId, new RegExp(`^https://${vaultName}\\.vault\\.azure\\.net/keys/ml-kms-key[0-9a-f]{7}/[0-9a-f]{14}$`));
    assert.equal(input(vault, "properties.enablePurgeProtection"), true);
    assert.equal(input(vault, "properties.enableRbacAuthorization"), true);
    assert.equal(input(vault, "properties.softDeleteRetentionInDays"), 90);
    assert.deepEqual(input(key, "properties"), { kty: "RSA", keySize: 2048, keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] });
    const crypto = one(run, ROLE, "ml-kms-crypto");
    assert.match(String(input(crypto, "roleDefinitionId")), /12338af0-0e69-4776-bea7-57ae8d297424$/);
    assert.equal(input(crypto, "principalType"), "ServicePrincipal");
  });

  it("enforces network policy with Azure CNI Overlay powered by Cilium", () => {
    assert.deepEqual(input(cluster(), "networkProfile"), {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.96.0.0/16",
      dnsServiceIP: "10.96.0.10",
      outboundType: "userAssignedNATGateway",
      loadBalancerSku: "standard",
    });
  });

  it("gives nodes no public IPs and no SSH, and sends egress through the package's NAT gateway only", () => {
    const system = plain(cluster(), "agentPoolProfiles")[0];
    assert.equal(system.enableNodePublicIP, false);
    assert.deepEqual(system.securityProfile, { sshAccess: "Disabled" });
    for (const r of ofType(run, AGENT_POOL)) {
      assert.equal(input(r, "enableNodePublicIP"), false);
      assert.deepEqual(input(r, "securityProfile"), { sshAccess: "Disabled" });
    }
    const subnet = one(run, "azure-native:network:Subnet");
    assert.equal(input(subnet, "defaultOutboundAccess"), false);
    assert.equal(input(subnet, "addressPrefix"), "10.0.0.0/17");
    assert.match(String(input(subnet, "natGateway.id")), /^ml-nat-/);
  });

  it("encrypts node disks at host on every pool", () => {
    assert.equal(plain(cluster(), "agentPoolProfiles")[0].enableEncryptionAtHost, true);
    for (const r of ofType(run, AGENT_POOL)) assert.equal(input(r, "enableEncryptionAtHost"), true);
  });

  it("runs the control plane and the kubelet as separate user-assigned identities", () => {
    const ids = ofType(run, "azure-native:managedidentity:UserAssignedIdentity").map((r) => r.name);
    assert.deepEqual(ids.sort(), ["ml-control-plane", "ml-kubelet"]);
    assert.equal(input(cluster(), "identity.type"), "UserAssigned");
    assert.deepEqual(Object.keys(input(cluster(), "identityProfile")), ["kubeletidentity"]);
    assert.match(String(input(one(run, ROLE, "ml-kubelet-operator"), "roleDefinitionId")), /f1a07417-d97a-45cb-824c-7a7467783830$/);
    assert.match(String(input(one(run, ROLE, "ml-network"), "roleDefinitionId")), /4d97b98b-1d4f-4787-a291-c67834d212e7$/);
    // Scoped to the VNet: a private cluster links its private DNS zone there.
    assert.match(String(input(one(run, ROLE, "ml-network"), "scope")), /^ml-vnet-/);
    assert.equal(input(one(run, ROLE, "ml-network"), "principalType"), "ServicePrincipal");
  });

  it("sends control-plane audit, Entra sign-in and autoscaler logs to a 90-day workspace", () => {
    const logs = one(run, "azure-native:monitor:DiagnosticSetting");
    assert.deepEqual(input(logs, "logs"), [
      { category: "kube-audit-admin", enabled: true },
      { category: "guard", enabled: true },
      { category: "cluster-autoscaler", enabled: true },
      { category: "kube-controller-manager", enabled: true },
    ]);
    assert.equal(input(one(run, "azure-native:operationalinsights:Workspace"), "retentionInDays"), 90);
  });

  it("follows the patch channel with NodeImage OS upgrades on the Standard tier", () => {
    assert.deepEqual(input(cluster(), "autoUpgradeProfile"), { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
    assert.deepEqual(input(cluster(), "sku"), { name: "Base", tier: "Standard" });
    assert.equal(input(cluster(), "kubernetesVersion"), "1.33");
  });
});
