import assert from "node:assert/strict";
import { addonPodRequest, addonResources, SYSTEM_ADDONS, systemAddon } from "../../../components/catalog/system-addons";
import { CLOUDS } from "../../../components/catalog/types";

describe("system add-on table", () => {
  const ours = SYSTEM_ADDONS.filter((a) => a.owner === "ml-clusters");

  it("sizes every container this package installs, with a memory limit at or above its request", () => {
    for (const a of ours) {
      for (const c of a.containers) {
        assert.ok(c.cpuMillis > 0 && c.memoryMiB > 0, `${a.name}/${c.name} requests nothing`);
        if (c.fixedBy !== undefined) continue;
        assert.ok(c.memoryLimitMiB !== undefined && c.memoryLimitMiB >= c.memoryMiB, `${a.name}/${c.name} memory limit`);
      }
    }
  });

  it("records the containers whose requests another operator fixes, with no limit of ours, only where nothing can set them", () => {
    const fixed = ours.flatMap((a) => a.containers.filter((c) => c.fixedBy !== undefined).map((c) => ({ addon: a.name, ...c })));
    assert.deepEqual(fixed, [{ addon: "envoy-ml-gateway", name: "shutdown-manager", cpuMillis: 10, memoryMiB: 32, fixedBy: "envoy-gateway v1.9.0" }]);
    assert.throws(() => addonResources("envoy-ml-gateway", "shutdown-manager"), /has no sized container "shutdown-manager"/);
  });

  it("sizes the gateway: Envoy Gateway's controller and two proxies at the chart's and Envoy's defaults, cert-manager's three parts modestly", () => {
    const rows = SYSTEM_ADDONS.filter((a) => a.when === "gateway" || a.when === "gateway-certificates");
    assert.deepEqual(
      rows.map((a) => [a.name, a.when, a.replicas, addonPodRequest(a)]),
      [
        ["envoy-gateway", "gateway", 1, { cpuMillis: 100, memoryMiB: 256 }],
        ["envoy-ml-gateway", "gateway", 2, { cpuMillis: 110, memoryMiB: 544 }],
        ["cert-manager", "gateway-certificates", 1, { cpuMillis: 50, memoryMiB: 128 }],
        ["cert-manager-webhook", "gateway-certificates", 1, { cpuMillis: 10, memoryMiB: 64 }],
        ["cert-manager-cainjector", "gateway-certificates", 1, { cpuMillis: 20, memoryMiB: 128 }],
      ],
    );
    assert.deepEqual(addonResources("envoy-ml-gateway", "envoy"), { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: null, memory: "1Gi" } });
  });

  it("names each workload once per cloud, so a cloud's list has no double count", () => {
    for (const cloud of CLOUDS) {
      const names = SYSTEM_ADDONS.filter((a) => a.clouds === undefined || a.clouds.includes(cloud)).map((a) => a.name);
      assert.deepEqual(names, [...new Set(names)], cloud);
    }
  });

  it("gives containers that one chart key sizes together the same requests", () => {
    // kube-prometheus-stack: one config-reloader key for Prometheus and Alertmanager pods;
    // grafana: one `sidecar.resources` for both sidecars.
    const container = (addon: string, name: string) => {
      const { name: _, ...requests } = systemAddon(addon).containers.find((c) => c.name === name)!;
      return requests;
    };
    assert.deepEqual(container("prometheus", "config-reloader"), container("alertmanager", "config-reloader"));
    assert.deepEqual(container("grafana", "grafana-sc-dashboard"), container("grafana", "grafana-sc-datasources"));
  });

  it("lets an add-on scale itself only upward of its replicas", () => {
    for (const a of SYSTEM_ADDONS) assert.ok((a.maxReplicas ?? a.replicas) >= a.replicas && a.replicas >= 1, a.name);
  });

  it("sums a pod's containers", () => {
    assert.deepEqual(addonPodRequest(systemAddon("grafana")), { cpuMillis: 140, memoryMiB: 384 });
  });

  it("writes chart resources in Kubernetes quantities, dropping the chart's CPU limit", () => {
    assert.deepEqual(addonResources("prometheus", "prometheus"), { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: null, memory: "4Gi" } });
    assert.deepEqual(addonResources("keda-operator"), { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: null, memory: "512Mi" } });
  });

  it("throws for an add-on or container the table does not hold, or one the cloud runs", () => {
    assert.throws(() => addonResources("no-such-addon"), /no system add-on "no-such-addon" installed by ml-clusters/);
    assert.throws(() => addonResources("grafana", "nope"), /has no sized container "nope"/);
    assert.throws(() => addonResources("coredns"), /no system add-on "coredns" installed by ml-clusters/);
  });
});
