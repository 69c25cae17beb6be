import assert from "node:assert/strict";
import {
  aksReservedCpuMillis,
  aksReservedMemoryMiB,
  allocatable,
  eksReservedMemoryMiB,
  gkeReservedMemoryMiB,
  nodeReservation,
  tieredCpuReservedMillis,
} from "../../../components/capacity/allocatable";
import { AWS_MAX_PODS } from "../../../components/capacity/aws-max-pods";
import { instanceCatalog } from "../../../components/capacity/catalog-view";
import { daemonsFor } from "../../../components/catalog/daemons";
import { findInstanceType, findWorkerType, instanceTypes, workerTypes } from "../../../components/catalog/instances";
import { CLOUDS } from "../../../components/catalog/types";

/** Allocatable before our daemons: what kubelet reports, the figure Karpenter publishes. */
function kubeletAllocatable(cloud: "aws" | "gcp" | "azure", name: string) {
  const t = findWorkerType(cloud, name)!;
  const r = nodeReservation(t);
  return { cpuMillis: t.vcpus * 1000 - r.kubeReservedCpuMillis, memoryMiB: t.memoryGiB * 1024 - r.vmOverheadMiB - r.kubeReservedMiB - r.evictionMiB };
}

describe("allocatable", () => {
  it("reserves CPU in the EKS/GKE tiers: 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above", () => {
    assert.deepEqual(
      [1, 2, 4, 8, 48, 96, 192].map(tieredCpuReservedMillis),
      [60, 70, 80, 90, 190, 310, 550],
    );
  });

  it("matches the allocatable Karpenter publishes for EKS AL2023 nodes (shared/reference/gpu-catalog.md)", () => {
    const expected: [string, number, number][] = [
      ["g4dn.xlarge", 3920, 14481],
      ["g5.xlarge", 3920, 14162],
      ["g5.48xlarge", 191450, 723299],
      ["g6.12xlarge", 47810, 178933],
      ["g6.16xlarge", 63770, 234021],
      ["g6e.48xlarge", 191450, 1449132],
      ["p4de.24xlarge", 95690, 1082712],
      ["p5.48xlarge", 191450, 1938410],
      ["p5en.48xlarge", 191450, 1937332],
    ];
    for (const [name, cpu, mem] of expected) assert.deepEqual(kubeletAllocatable("aws", name), { cpuMillis: cpu, memoryMiB: mem }, name);
  });

  it("reserves EKS memory as 11 MiB per max pod + 255 MiB, max pods from the ENI table", () => {
    assert.equal(eksReservedMemoryMiB("g5.xlarge"), 11 * 58 + 255);
    assert.equal(eksReservedMemoryMiB("p5.48xlarge"), 11 * 100 + 255);
    // A type missing from the table gets the largest GPU figure, so memory is never overstated.
    assert.equal(eksReservedMemoryMiB("g9.mystery"), 11 * 737 + 255);
  });

  it("has an ENI max-pods row for every aws type in the catalogue, GPU and CPU", () => {
    assert.deepEqual(
      workerTypes("aws").filter((t) => AWS_MAX_PODS[t.machineType] === undefined).map((t) => t.name),
      [],
    );
  });

  it("matches Karpenter's published allocatable for every aws CPU worker type", () => {
    const cpuTypes = workerTypes("aws").filter((t) => t.gpu === null);
    assert.ok(cpuTypes.length >= 24);
    for (const t of cpuTypes) assert.deepEqual(kubeletAllocatable("aws", t.name), t.karpenterAllocatable, t.name);
  });

  it("reserves GKE memory in its published tiers (150 GiB: 9.76 GiB, plus 100 MiB eviction)", () => {
    assert.equal(gkeReservedMemoryMiB(512), 255);
    assert.equal(gkeReservedMemoryMiB(4 * 1024), 1024);
    // 1024 + 819.2 + 819.2, rounded up
    assert.equal(gkeReservedMemoryMiB(16 * 1024), 2663);
    // 1024 + 819.2 + 819.2 + 6881.28 + 450.56 = 9994.24, rounded up
    assert.equal(gkeReservedMemoryMiB(150 * 1024), 9995);
  });

  it("reserves AKS CPU from its per-core table and memory as min(20 MB × max pods + 50 MB, 25%)", () => {
    assert.deepEqual(
      [1, 2, 4, 8, 16, 32, 64, 6, 24, 96].map(aksReservedCpuMillis),
      [60, 100, 140, 180, 260, 420, 740, 180, 340, 1060],
    );
    assert.equal(aksReservedMemoryMiB(8 * 1024, 30), 650);
    assert.equal(aksReservedMemoryMiB(4 * 1024, 70), 1024);
    assert.equal(aksReservedMemoryMiB(220 * 1024, 250), 5050);
  });

  it("subtracts exactly the catalogue's daemons for GPU nodes of the cloud", () => {
    for (const cloud of CLOUDS) {
      const t = instanceTypes(cloud)[0]!;
      const daemons = daemonsFor(cloud, true);
      const before = kubeletAllocatable(cloud, t.name);
      assert.deepEqual(allocatable(t), {
        cpuMillis: before.cpuMillis - daemons.reduce((s, d) => s + d.cpuMillis, 0),
        memoryMiB: Math.floor(before.memoryMiB - daemons.reduce((s, d) => s + d.memoryMiB, 0)),
        gpus: t.gpus,
      });
    }
  });

  it("leaves every type of every cloud positive room below its capacity", () => {
    for (const cloud of CLOUDS) {
      for (const t of instanceTypes(cloud)) {
        const a = allocatable(t);
        assert.ok(a.cpuMillis > 0 && a.cpuMillis < t.vcpus * 1000, `${t.name} cpu`);
        assert.ok(a.memoryMiB > 0 && a.memoryMiB < t.memoryGiB * 1024, `${t.name} memory`);
        assert.equal(a.gpus, t.gpus);
      }
    }
  });

  it("lists the catalogue the planner uses, with allocatable in cores and GiB", () => {
    const cat = instanceCatalog("aws");
    const g6 = cat.instanceTypes.find((t) => t.name === "g6.xlarge")!;
    const a = allocatable(findInstanceType("aws", "g6.xlarge")!);
    assert.deepEqual(g6, {
      name: "g6.xlarge",
      gpu: "l4",
      gpus: 1,
      gpuMemoryGiB: 22888 / 1024,
      vcpus: 4,
      memoryGiB: 16,
      pricePerHour: 0.8048,
      priceRegion: "us-east-1",
      regions: findInstanceType("aws", "g6.xlarge")!.regions,
      spotOnly: false,
      allocatable: { cpu: a.cpuMillis / 1000, memoryGiB: Math.floor((a.memoryMiB / 1024) * 1000) / 1000, gpus: 1 },
    });
    assert.equal(cat.instanceTypes.length, workerTypes("aws").length);
    assert.equal(cat.priceRegion, "us-east-1");
  });
});
