/**
 * Where each cloud's pods fetch workload-identity credentials: what a namespace with restricted
 * egress admits for its workloads with `access`.
 */
import assert from "node:assert/strict";
import type { GkeCluster } from "../../../components/cluster/gcp";
import { render } from "../../helpers/mocks";
import { renderEks } from "./aws/fixtures";
import { args as aksArgs } from "./azure/fixtures";
import { gkeArgs, renderGke } from "./gcp/fixtures";
import { AksCluster } from "../../../components/cluster/azure";
import type { ClusterContract } from "../../../components/cluster/contract";

describe("identity endpoints of each cloud", () => {
  it("EKS: the Pod Identity agent on 169.254.170.23, TCP 80", async () => {
    const { cluster } = await renderEks();
    assert.deepEqual(cluster.identityEndpoints, [{ cidr: "169.254.170.23/32", ports: [80] }]);
  });

  it("GKE: the metadata server on Dataplane V2's address and on the node-network one", async () => {
    const out: { cluster?: GkeCluster } = {};
    await renderGke(gkeArgs(), { out });
    assert.deepEqual(out.cluster!.identityEndpoints, [
      { cidr: "169.254.169.254/32", ports: [80, 8080] },
      { cidr: "169.254.169.252/32", ports: [987, 988] },
    ]);
  });

  it("AKS: none, since tokens are exchanged with Entra ID's public endpoint", async () => {
    let cluster: ClusterContract | undefined;
    await render(() => {
      cluster = new AksCluster("ml", aksArgs());
    });
    assert.equal(cluster!.identityEndpoints, undefined);
  });
});
