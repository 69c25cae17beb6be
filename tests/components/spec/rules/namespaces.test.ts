import assert from "node:assert/strict";
import { KUBERNETES_NAMESPACES, PLATFORM_NAMESPACES, reservedNamespace } from "../../../../components/spec/system-namespaces";

describe("reserved namespaces", () => {
  it("reserves Kubernetes' own namespaces and the kube- prefix", () => {
    for (const ns of KUBERNETES_NAMESPACES) assert.equal(reservedNamespace(ns), "it is one of Kubernetes' own namespaces");
    assert.equal(reservedNamespace("kube-anything"), 'names starting with "kube-" are reserved for Kubernetes system namespaces');
  });

  it("reserves every namespace the package installs add-ons into", () => {
    assert.deepEqual(Object.values(PLATFORM_NAMESPACES), ["monitoring", "keda", "nvidia-device-plugin", "ml-gateway", "envoy-gateway-system", "cert-manager"]);
    assert.equal(reservedNamespace("keda"), "ml-clusters installs its keda add-ons there");
    assert.equal(reservedNamespace("envoy-gateway-system"), "ml-clusters installs its gateway controller add-ons there");
    assert.equal(reservedNamespace("cert-manager"), "ml-clusters installs its certificate add-ons there");
    assert.equal(reservedNamespace("nvidia-device-plugin"), "ml-clusters installs its gpu add-ons there");
  });

  it("reserves GKE's managed namespaces on gcp only", () => {
    assert.equal(reservedNamespace("gmp-public", "gcp"), "gcp manages it for the cluster");
    assert.equal(reservedNamespace("gke-managed-system", "gcp"), "gcp manages it for the cluster");
    assert.equal(reservedNamespace("gmp-public", "aws"), undefined);
  });

  it("leaves team names free", () => {
    assert.equal(reservedNamespace("research", "gcp"), undefined);
    assert.equal(reservedNamespace("kube"), undefined);
  });
});
