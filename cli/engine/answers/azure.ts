/**
 * Fake Azure answers: a fixed subscription, tenant and deployer, and the outputs Azure computes
 * for the resources the AKS cluster registers, shaped like the real ones (learn.microsoft.com
 * REST API reference of each resource, API versions of @pulumi/azure-native 3.x).
 */
import { stringify } from "yaml";
import { ProviderFakes, stableSuffix } from "./types";

export const FAKE_AZURE_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
export const FAKE_AZURE_TENANT = "00000000-0000-4000-8000-000000000002";
export const FAKE_AZURE_OBJECT = "00000000-0000-4000-8000-000000000003";
/** Base64 of a placeholder PEM: the fake cluster CA the credentials invoke returns. */
export const FAKE_AKS_CA_DATA = Buffer.from("-----BEGIN CERTIFICATE-----\nZmFrZS1ha3MtY2E=\n-----END CERTIFICATE-----\n").toString("base64");

/**
 * An unsigned ARM access token for the fake deployer, shaped like Entra ID's: a delegated (user)
 * token carries `scp` and `idtyp: "user"`, an app-only one (service principal, managed identity)
 * `idtyp: "app"` and no `scp` (Microsoft identity platform, "Access token claims reference").
 */
export function fakeArmToken(kind: "user" | "app"): string {
  const claims = { aud: "https://management.azure.com/", tid: FAKE_AZURE_TENANT, oid: FAKE_AZURE_OBJECT, idtyp: kind, ...(kind === "user" ? { scp: "user_impersonation" } : {}) };
  return `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.fake-signature`;
}

/** A stable GUID-shaped value per text (fake principal, client and assignment IDs). */
export function fakeGuid(text: string): string {
  const h = (stableSuffix(`a${text}`) + stableSuffix(`b${text}`) + stableSuffix(`c${text}`) + stableSuffix(`d${text}`) + stableSuffix(`e${text}`)).slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Azure's auto-name: the logical name and a random suffix (a stable one here). */
function autoName(explicit: unknown, name: string): string {
  return typeof explicit === "string" ? explicit : `${name}${stableSuffix(name)}`;
}

function armId(resourceGroup: unknown, provider: string, path: string): string {
  return `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/${typeof resourceGroup === "string" ? resourceGroup : "rg"}/providers/${provider}/${path}`;
}

/** The Entra ID kubeconfig listClusterUserCredential returns for an AKS cluster (exec format). */
export function fakeAksUserKubeconfig(clusterName: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server: `https://${clusterName}-dns-${stableSuffix(clusterName)}.hcp.eastus.azmk8s.io:443`, "certificate-authority-data": FAKE_AKS_CA_DATA } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: `clusterUser_rg_${clusterName}` } }],
    "current-context": clusterName,
    users: [
      {
        name: `clusterUser_rg_${clusterName}`,
        user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "devicecode", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] } },
      },
    ],
  });
}

export const azureFakes: ProviderFakes = {
  outputs: {
    "azure-native:resources:ResourceGroup": (i, n) => ({ name: autoName(i.resourceGroupName, n) }),
    "azure-native:network:PublicIPAddress": (i, n) => {
      const name = autoName(i.publicIpAddressName, n);
      return { name, ipAddress: `20.42.${parseInt(stableSuffix(n).slice(0, 2), 16)}.${parseInt(stableSuffix(n).slice(2, 4), 16)}`, provisioningState: "Succeeded" };
    },
    "azure-native:network:NatGateway": (i, n) => ({ name: autoName(i.natGatewayName, n), provisioningState: "Succeeded" }),
    "azure-native:network:VirtualNetwork": (i, n) => ({ name: autoName(i.virtualNetworkName, n), provisioningState: "Succeeded" }),
    "azure-native:network:Subnet": (i, n) => ({ name: autoName(i.subnetName ?? i.name, n), provisioningState: "Succeeded" }),
    "azure-native:managedidentity:UserAssignedIdentity": (i, n) => ({
      name: autoName(i.resourceName, n),
      principalId: fakeGuid(`principal/${n}`),
      clientId: fakeGuid(`client/${n}`),
      tenantId: FAKE_AZURE_TENANT,
    }),
    "azure-native:authorization:RoleAssignment": (i, n) => ({ name: autoName(i.roleAssignmentName, fakeGuid(`assignment/${n}`)) }),
    // Named by a GUID under its scope: /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>.
    "azure-native:authorization:RoleDefinition": (i, n) => {
      const guid = typeof i.roleDefinitionId === "string" ? i.roleDefinitionId : fakeGuid(`role-definition/${n}`);
      return { id: `${String(i.scope)}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, name: guid, type: "Microsoft.Authorization/roleDefinitions" };
    },
    "azure-native:keyvault:Vault": (i, n) => {
      const name = autoName(i.vaultName, n);
      return { name, properties: { ...(i.properties ?? {}), vaultUri: `https://${name}.vault.azure.net/`, provisioningState: "Succeeded" } };
    },
    "azure-native:keyvault:Key": (i, n) => {
      const name = autoName(i.keyName, n);
      const keyUri = `https://${typeof i.vaultName === "string" ? i.vaultName : "vault"}.vault.azure.net/keys/${name}`;
      return { name, keyUri, keyUriWithVersion: `${keyUri}/${stableSuffix(`${n}/v1`)}${stableSuffix(`${n}/v2`)}` };
    },
    "azure-native:operationalinsights:Workspace": (i, n) => ({ name: autoName(i.workspaceName, n), customerId: fakeGuid(`workspace/${n}`) }),
    "azure-native:monitor:DiagnosticSetting": (i, n) => ({ name: autoName(i.name, n) }),
    "azure-native:containerservice:ManagedCluster": (i, n) => {
      const name = autoName(i.resourceName, n);
      const dns = `${typeof i.dnsPrefix === "string" ? i.dnsPrefix : name}-${stableSuffix(name)}`;
      const region = typeof i.location === "string" ? i.location : "eastus";
      const rg = typeof i.resourceGroupName === "string" ? i.resourceGroupName : "rg";
      return {
        name,
        fqdn: `${dns}.hcp.${region}.azmk8s.io`,
        privateFQDN: i.apiServerAccessProfile?.enablePrivateCluster ? `${dns}.privatelink.${region}.azmk8s.io` : undefined,
        azurePortalFQDN: `${dns}.portal.hcp.${region}.azmk8s.io`,
        nodeResourceGroup: `MC_${rg}_${name}_${region}`,
        currentKubernetesVersion: typeof i.kubernetesVersion === "string" ? `${i.kubernetesVersion}.3` : undefined,
        provisioningState: "Succeeded",
        oidcIssuerProfile: { ...(i.oidcIssuerProfile ?? {}), issuerURL: `https://${region}.oic.prod-aks.azure.com/${FAKE_AZURE_TENANT}/${fakeGuid(`oidc/${name}`)}/` },
        identityProfile: {
          kubeletidentity: {
            resourceId: armId(rg, "Microsoft.ManagedIdentity", `userAssignedIdentities/${name}-kubelet`),
            clientId: fakeGuid(`kubelet-client/${name}`),
            objectId: fakeGuid(`kubelet-object/${name}`),
            ...(i.identityProfile?.kubeletidentity ?? {}),
          },
        },
      };
    },
    "azure-native:containerservice:AgentPool": (i, n) => ({ name: autoName(i.agentPoolName, n), provisioningState: "Succeeded" }),
  },
  invokes: {
    "azure-native:authorization:getClientConfig": () => ({ subscriptionId: FAKE_AZURE_SUBSCRIPTION, tenantId: FAKE_AZURE_TENANT, objectId: FAKE_AZURE_OBJECT, clientId: FAKE_AZURE_OBJECT }),
    // The fake deployer is a signed-in user, as on a developer's machine.
    "azure-native:authorization:getClientToken": () => ({ token: fakeArmToken("user") }),
    // An existing VNet with a private prefix and a public range used privately (Azure allows both).
    "azure-native:network:getVirtualNetwork": (i) => ({
      id: `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${i.virtualNetworkName}`,
      name: i.virtualNetworkName,
      location: "eastus",
      type: "Microsoft.Network/virtualNetworks",
      addressSpace: { addressPrefixes: ["10.40.0.0/16", "198.18.0.0/15"] },
      provisioningState: "Succeeded",
    }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (i) => ({
      kubeconfigs: [{ name: "clusterUser", value: Buffer.from(fakeAksUserKubeconfig(String(i.resourceName ?? "cluster"))).toString("base64") }],
    }),
  },
};
