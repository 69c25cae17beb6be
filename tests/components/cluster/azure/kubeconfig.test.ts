import assert from "node:assert/strict";
import { parse } from "yaml";
import { kubeloginKubeconfig } from "../../../../components/cluster/azure";
import { FAKE_AKS_CA_DATA, FAKE_AZURE_TENANT, fakeAksUserKubeconfig } from "../../../../cli/engine/answers/azure";

const SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

describe("AKS kubeconfig", () => {
  const source = fakeAksUserKubeconfig("ml-aks1");

  it("keeps the cluster's server and CA and replaces AKS's user with a non-interactive kubelogin exec", () => {
    const doc = parse(kubeloginKubeconfig(source, { clusterName: "ml-aks1", mode: "azurecli", tenantId: FAKE_AZURE_TENANT }));
    assert.equal(doc.clusters[0].cluster["certificate-authority-data"], FAKE_AKS_CA_DATA);
    assert.equal(doc.clusters[0].cluster.server, parse(source).clusters[0].cluster.server);
    assert.equal(doc["current-context"], "ml-aks1");
    assert.deepEqual(doc.contexts, [{ name: "ml-aks1", context: { cluster: "ml-aks1", user: "ml-aks1-entra" } }]);
    assert.equal(doc.users.length, 1);
    const exec = doc.users[0].user.exec;
    assert.equal(exec.command, "kubelogin");
    assert.deepEqual(exec.args, ["get-token", "--login", "azurecli", "--server-id", SERVER_ID]);
    assert.equal(exec.interactiveMode, "Never");
    assert.equal(exec.apiVersion, "client.authentication.k8s.io/v1beta1");
    assert.equal(doc.users[0].user.token, undefined);
  });

  it("passes the tenant to service-principal logins and reads workload identity from the environment", () => {
    const spn = parse(kubeloginKubeconfig(source, { clusterName: "c", mode: "spn", tenantId: FAKE_AZURE_TENANT })).users[0].user.exec.args;
    assert.deepEqual(spn, ["get-token", "--login", "spn", "--server-id", SERVER_ID, "--tenant-id", FAKE_AZURE_TENANT]);
    const wi = parse(kubeloginKubeconfig(source, { clusterName: "c", mode: "workloadidentity", tenantId: FAKE_AZURE_TENANT })).users[0].user.exec.args;
    assert.deepEqual(wi, ["get-token", "--login", "workloadidentity", "--server-id", SERVER_ID]);
  });

  it("throws when AKS's kubeconfig names no server", () => {
    assert.throws(() => kubeloginKubeconfig("apiVersion: v1\nclusters: []\n", { clusterName: "c", mode: "msi", tenantId: "t" }), /^Error: the kubeconfig AKS returned for cluster "c" names no cluster server$/);
  });
});
