/**
 * The gateway on each cloud's real cluster component: its one load balancer is private with that
 * cloud's internal annotations unless the spec asks for a public one.
 */
import assert from "node:assert/strict";
import { EksCluster } from "../../../components/cluster/aws";
import { AksCluster } from "../../../components/cluster/azure";
import type { ClusterContract } from "../../../components/cluster/contract";
import { GkeCluster } from "../../../components/cluster/gcp";
import { Gateway } from "../../../components/k8s/gateway";
import type { ValidGateway } from "../../../components/spec/types";
import { MockRun, input, ofType, render } from "../../helpers/mocks";
import { eksArgs } from "../cluster/aws/fixtures";
import { args as aksArgs } from "../cluster/azure/fixtures";
import { GCP_CONFIG, gkeArgs } from "../cluster/gcp/fixtures";

const CLOUDS: readonly { readonly name: string; readonly build: () => ClusterContract; readonly config?: Record<string, string> }[] = [
  { name: "EKS", build: () => new EksCluster("ml", eksArgs()) },
  { name: "GKE", build: () => new GkeCluster("ml", gkeArgs()), config: { ...GCP_CONFIG } },
  { name: "AKS", build: () => new AksCluster("ml", aksArgs()) },
];

function gateway(exposure: ValidGateway["exposure"]): ValidGateway {
  return { exposure, hostname: "ml.acme.example", tls: { issuer: "self-signed" } };
}

async function envoyService(build: () => ClusterContract, exposure: ValidGateway["exposure"], config?: Record<string, string>): Promise<{ run: MockRun; contract: ClusterContract; service: Record<string, unknown> }> {
  let contract!: ClusterContract;
  const run = await render(
    () => {
      contract = build();
      new Gateway("gw", { contract, gateway: gateway(exposure) });
    },
    { config },
  );
  const proxy = ofType(run, "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy")[0]!;
  return { run, contract, service: input(proxy, "spec.provider.kubernetes.envoyService") };
}

describe("the gateway's load balancer on each cloud", () => {
  for (const cloud of CLOUDS) {
    it(`${cloud.name}: private by default, with the cloud's internal load-balancer annotations`, async () => {
      const { contract, service } = await envoyService(cloud.build, "internal", cloud.config);
      assert.ok(Object.keys(contract.internalLoadBalancerAnnotations).length > 0);
      assert.deepEqual(service.annotations, contract.internalLoadBalancerAnnotations);
      assert.equal(service.type, "LoadBalancer");
    });

    it(`${cloud.name}: public only when asked, with the cloud's public annotations`, async () => {
      const { contract, service } = await envoyService(cloud.build, "public", cloud.config);
      assert.deepEqual(service.annotations ?? {}, contract.publicLoadBalancerAnnotations);
      assert.notDeepEqual(service.annotations ?? {}, contract.internalLoadBalancerAnnotations);
    });
  }
});
