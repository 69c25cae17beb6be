import assert from "node:assert/strict";
import { INTERNET_SOURCE, loadBalancerPolicySpec, loadBalancerSources } from "../../../components/k8s/model-service-objects";
import { service } from "./fixtures";

describe("a load balancer's sources and policy", () => {
  it("takes an internal load balancer's sources from the cluster, else the private address space", () => {
    const internal = service({ expose: "internal" });
    assert.deepEqual(loadBalancerSources(internal, ["10.1.0.0/16"]), ["10.1.0.0/16"]);
    assert.deepEqual(loadBalancerSources(internal, undefined), ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]);
  });

  it("gives a public load balancer the internet and a cluster-only service nothing, whatever the cluster reports", () => {
    assert.deepEqual(loadBalancerSources(service({ expose: "public" }), ["10.1.0.0/16"]), [INTERNET_SOURCE]);
    assert.deepEqual(loadBalancerSources(service({ expose: "cluster" }), ["10.1.0.0/16"]), []);
  });

  it("lists each source once", () => {
    const spec = loadBalancerPolicySpec(service(), ["10.1.0.0/16", "10.1.0.0/16", "168.63.129.16/32"]);
    assert.deepEqual(spec.ingress, [{ from: [{ ipBlock: { cidr: "10.1.0.0/16" } }, { ipBlock: { cidr: "168.63.129.16/32" } }], ports: [{ protocol: "TCP", port: 8000 }] }]);
  });

  it("admits nothing when there are no sources, rather than a rule whose empty from would admit everyone", () => {
    assert.deepEqual(loadBalancerPolicySpec(service(), []).ingress, []);
  });
});
