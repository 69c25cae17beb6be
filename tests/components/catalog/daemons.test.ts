import assert from "node:assert/strict";
import {
  CLOUDS,
  CLOUD_FACTS,
  DAEMONS,
  INSTALLED_DAEMONS,
  daemonOverhead,
  daemonRequest,
  daemonsFor,
  instanceTypes,
} from "../../../components/catalog";

const names = (cloud: "aws" | "gcp" | "azure", gpuNode: boolean): string[] => daemonsFor(cloud, gpuNode).map((d) => d.name);

describe("catalog: per-node daemons", () => {
  it("requests whole, non-negative millicores and MiB", () => {
    for (const d of DAEMONS) {
      assert.ok(Number.isInteger(d.cpuMillis) && d.cpuMillis >= 0, d.name);
      assert.ok(Number.isInteger(d.memoryMiB) && d.memoryMiB >= 0, d.name);
    }
  });

  it("names each daemon once and restricts it only to known clouds", () => {
    assert.equal(new Set(DAEMONS.map((d) => d.name)).size, DAEMONS.length);
    for (const d of DAEMONS) {
      if (d.clouds !== undefined) {
        assert.ok(d.clouds.length > 0, d.name);
        for (const c of d.clouds) assert.ok((CLOUDS as readonly string[]).includes(c), d.name);
      }
    }
  });

  it("gives every daemon this package installs a positive CPU and memory request", () => {
    for (const name of INSTALLED_DAEMONS) {
      const d = daemonRequest(name);
      assert.ok(d.cpuMillis > 0 && d.memoryMiB > 0, name);
    }
  });

  it("runs the expected daemons on GPU and non-GPU nodes of each cloud", () => {
    assert.deepEqual(names("aws", false), ["node-exporter", "aws-node", "kube-proxy", "eks-pod-identity-agent", "ebs-csi-node", "eks-node-monitoring-agent"]);
    assert.deepEqual(names("aws", true), [
      "nvidia-device-plugin", "dcgm-exporter", "node-exporter", "aws-node", "kube-proxy", "eks-pod-identity-agent", "ebs-csi-node",
      "eks-node-monitoring-agent", "dcgm-server",
    ]);
    assert.deepEqual(names("gcp", false), [
      "node-exporter", "anetd", "fluentbit-gke", "gke-metadata-server", "gke-metrics-agent", "netd", "pdcsi-node",
    ]);
    assert.deepEqual(names("gcp", true), [
      "dcgm-exporter", "node-exporter", "anetd", "fluentbit-gke", "gke-metadata-server", "gke-metrics-agent", "netd", "pdcsi-node",
      "nvidia-gpu-device-plugin", "nvidia-driver-installer",
    ]);
    assert.deepEqual(names("azure", false), [
      "node-exporter", "cloud-node-manager", "csi-azuredisk-node", "csi-azurefile-node", "azure-ip-masq-agent", "azure-cns", "cilium",
    ]);
    assert.deepEqual(names("azure", true), [
      "nvidia-device-plugin", "dcgm-exporter", "node-exporter", "cloud-node-manager", "csi-azuredisk-node", "csi-azurefile-node",
      "azure-ip-masq-agent", "azure-cns", "cilium",
    ]);
  });

  it("sums the requests of one node's daemons", () => {
    assert.deepEqual(daemonOverhead("aws", true), { cpuMillis: 365, memoryMiB: 790 });
    assert.deepEqual(daemonOverhead("aws", false), { cpuMillis: 215, memoryMiB: 214 });
    assert.deepEqual(daemonOverhead("gcp", true), { cpuMillis: 802, memoryMiB: 1266 });
    assert.deepEqual(daemonOverhead("gcp", false), { cpuMillis: 497, memoryMiB: 734 });
    assert.deepEqual(daemonOverhead("azure", true), { cpuMillis: 550, memoryMiB: 1410 });
    assert.deepEqual(daemonOverhead("azure", false), { cpuMillis: 400, memoryMiB: 834 });
  });

  it("leaves at least half of the smallest GPU node and the smallest system node to pods", () => {
    for (const cloud of CLOUDS) {
      const gpu = daemonOverhead(cloud, true);
      for (const t of instanceTypes(cloud)) {
        assert.ok(gpu.cpuMillis < (t.vcpus * 1000) / 2, `${cloud}/${t.name} cpu`);
        assert.ok(gpu.memoryMiB < (t.memoryGiB * 1024) / 2, `${cloud}/${t.name} memory`);
      }
      const system = daemonOverhead(cloud, false);
      for (const t of CLOUD_FACTS[cloud].systemInstanceTypes) {
        assert.ok(system.cpuMillis < (t.vcpus * 1000) / 2, `${cloud}/${t.name} cpu`);
        assert.ok(system.memoryMiB < (t.memoryGiB * 1024) / 2, `${cloud}/${t.name} memory`);
      }
    }
  });

  it("returns one daemon's requests by name", () => {
    assert.deepEqual(daemonRequest("nvidia-device-plugin"), {
      name: "nvidia-device-plugin",
      gpuNodesOnly: true,
      clouds: ["aws", "azure"],
      cpuMillis: 50,
      memoryMiB: 64,
    });
    assert.deepEqual(daemonRequest("dcgm-exporter"), { name: "dcgm-exporter", gpuNodesOnly: true, cpuMillis: 100, memoryMiB: 512 });
    assert.deepEqual(daemonRequest("node-exporter"), { name: "node-exporter", gpuNodesOnly: false, cpuMillis: 50, memoryMiB: 64 });
  });

  it("throws for a daemon name the table lacks", () => {
    assert.throws(() => daemonRequest("fluentd"), { message: 'no daemon named "fluentd" in the catalogue\'s daemon table' });
  });
});
