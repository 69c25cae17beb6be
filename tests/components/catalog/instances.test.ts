import assert from "node:assert/strict";
import {
  CLOUDS,
  CLOUD_FACTS,
  GPU_MODELS,
  GPUS,
  Cloud,
  GpuModel,
  InstanceType,
  findInstanceType,
  gpuOffered,
  gpuRegions,
  instanceTypes,
  isRegion,
  maxGpusPerNode,
  resolveGpuModel,
} from "../../../components/catalog";

const all: readonly InstanceType[] = CLOUDS.flatMap((c) => instanceTypes(c));
const key = (t: InstanceType): string => `${t.cloud}/${t.name}`;

function modelsOn(cloud: Cloud): GpuModel[] {
  return GPU_MODELS.filter((m) => instanceTypes(cloud).some((t) => t.gpu === m));
}

describe("catalog: instance types", () => {
  it("holds 42 AWS, 74 GCP and 19 Azure GPU shapes", () => {
    assert.deepEqual({ aws: instanceTypes("aws").length, gcp: instanceTypes("gcp").length, azure: instanceTypes("azure").length }, { aws: 42, gcp: 74, azure: 19 });
  });

  it("names each shape once per cloud and files it under its own cloud", () => {
    for (const cloud of CLOUDS) {
      const names = instanceTypes(cloud).map((t) => t.name);
      assert.equal(new Set(names).size, names.length, cloud);
      for (const t of instanceTypes(cloud)) assert.equal(t.cloud, cloud, t.name);
    }
  });

  it("offers every GPU model on some cloud, and only known models", () => {
    for (const model of GPU_MODELS) assert.ok(all.some((t) => t.gpu === model), model);
    for (const t of all) assert.ok((GPU_MODELS as readonly string[]).includes(t.gpu), key(t));
  });

  it("offers exactly the expected models per cloud", () => {
    assert.deepEqual(modelsOn("aws"), ["t4", "v100", "a10g", "l4", "l40s", "a100-40gb", "a100-80gb", "h100", "h200", "b200"]);
    assert.deepEqual(modelsOn("gcp"), ["t4", "v100", "l4", "a100-40gb", "a100-80gb", "h100", "h200"]);
    assert.deepEqual(modelsOn("azure"), ["t4", "a10", "a100-40gb", "a100-80gb", "h100", "h100-nvl", "h200"]);
  });

  it("gives every shape whole GPUs and positive vCPUs, memory and GPU memory", () => {
    for (const t of all) {
      assert.ok(Number.isInteger(t.gpus) && t.gpus >= 1, key(t));
      assert.ok(Number.isInteger(t.vcpus) && t.vcpus > 0, key(t));
      assert.ok(Number.isFinite(t.memoryGiB) && t.memoryGiB > 0, key(t));
      assert.ok(Number.isFinite(t.gpuMemoryGiB) && t.gpuMemoryGiB > 0, key(t));
    }
  });

  it("reports GPU memory close to the model's nominal figure (p3dn's 32 GB V100 at most twice it)", () => {
    for (const t of all) {
      const nominal = GPUS[t.gpu].memoryGiB;
      assert.ok(t.gpuMemoryGiB >= 0.9 * nominal && t.gpuMemoryGiB <= 2 * nominal, `${key(t)}: ${t.gpuMemoryGiB} vs ${nominal}`);
    }
  });

  it("prices every shape above zero or marks the price unknown with null, never 0", () => {
    for (const t of all) {
      if (t.pricePerHour !== null) assert.ok(Number.isFinite(t.pricePerHour) && t.pricePerHour > 0, key(t));
    }
  });

  it("leaves exactly the shapes without a public price in their price region unpriced", () => {
    assert.deepEqual(all.filter((t) => t.pricePerHour === null).map(key), [
      "aws/p5e.48xlarge",
      "gcp/a3-megagpu-8g",
      "gcp/a3-ultragpu-8g",
      "azure/Standard_ND96isr_H200_v5",
    ]);
  });

  it("quotes prices in the cloud's price region, except NCads_A10_v4 in southcentralus", () => {
    const elsewhere = all.filter((t) => t.priceRegion !== CLOUD_FACTS[t.cloud].priceRegion);
    assert.deepEqual(elsewhere.map((t) => `${key(t)}@${t.priceRegion}`), [
      "azure/Standard_NC8ads_A10_v4@southcentralus",
      "azure/Standard_NC16ads_A10_v4@southcentralus",
      "azure/Standard_NC32ads_A10_v4@southcentralus",
    ]);
    for (const t of elsewhere) assert.ok(t.regions.includes(t.priceRegion), key(t));
  });

  it("uses only valid regions of the shape's cloud, each listed once", () => {
    for (const t of all) {
      assert.ok(isRegion(t.cloud, t.priceRegion), `${key(t)} price region ${t.priceRegion}`);
      assert.ok(t.regions.length > 0, key(t));
      assert.equal(new Set(t.regions).size, t.regions.length, key(t));
      for (const r of t.regions) assert.ok(isRegion(t.cloud, r), `${key(t)} region ${r}`);
    }
  });

  it("gives GCP shapes a GKE accelerator string that names the shape's model, and no other cloud one", () => {
    for (const t of all) {
      if (t.cloud === "gcp") {
        assert.match(t.acceleratorType ?? "", /^nvidia-[a-z0-9-]+$/, key(t));
        assert.equal(resolveGpuModel(t.acceleratorType ?? ""), t.gpu, key(t));
      } else {
        assert.equal(t.acceleratorType, undefined, key(t));
      }
    }
  });

  it("names shapes by their machine type, except GCP N1 shapes with attached GPUs", () => {
    for (const t of all) {
      if (t.cloud === "gcp" && t.machineType.startsWith("n1-")) assert.equal(t.name, `${t.machineType}+${t.gpus}x${t.gpu}`);
      else assert.equal(t.name, t.machineType, key(t));
    }
  });

  it("carries Karpenter's allocatable for every AWS shape, below its capacity, and for no other cloud", () => {
    for (const t of all) {
      if (t.cloud !== "aws") {
        assert.equal(t.karpenterAllocatable, undefined, key(t));
        continue;
      }
      const a = t.karpenterAllocatable;
      assert.ok(a !== undefined, key(t));
      assert.ok(a.cpuMillis > 0 && a.cpuMillis < t.vcpus * 1000, key(t));
      assert.ok(a.memoryMiB > 0 && a.memoryMiB < t.memoryGiB * 1024, key(t));
    }
  });

  it("sells every AWS family in us-east-1 and us-west-2", () => {
    for (const t of instanceTypes("aws")) {
      assert.ok(t.regions.includes("us-east-1") && t.regions.includes("us-west-2"), t.name);
    }
  });

  it("offers the usual GPUs in the example regions", () => {
    for (const model of ["l4", "a100-40gb", "a100-80gb", "h100", "t4", "v100"] as const) assert.ok(gpuOffered("gcp", model, "us-central1"), model);
    for (const model of ["t4", "a100-80gb", "a100-40gb", "h100-nvl", "h100"] as const) assert.ok(gpuOffered("azure", model, "eastus"), model);
    for (const region of ["westus3", "southcentralus"]) {
      assert.ok(instanceTypes("azure").some((t) => t.name === "Standard_NC8ads_A10_v4" && t.regions.includes(region)), region);
    }
  });

  it("finds a shape by cloud and name with all its facts", () => {
    assert.deepEqual(findInstanceType("aws", "g6.xlarge"), {
      name: "g6.xlarge",
      cloud: "aws",
      machineType: "g6.xlarge",
      gpu: "l4",
      gpus: 1,
      gpuMemoryGiB: 22888 / 1024,
      vcpus: 4,
      memoryGiB: 16,
      pricePerHour: 0.8048,
      priceRegion: "us-east-1",
      regions: [
        "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1", "eu-central-1", "eu-central-2", "eu-west-2", "eu-south-2",
        "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-2",
      ],
      karpenterAllocatable: { cpuMillis: 3920, memoryMiB: 14162 },
    });
    assert.deepEqual(findInstanceType("gcp", "a2-ultragpu-1g"), {
      name: "a2-ultragpu-1g",
      cloud: "gcp",
      machineType: "a2-ultragpu-1g",
      acceleratorType: "nvidia-a100-80gb",
      gpu: "a100-80gb",
      gpus: 1,
      gpuMemoryGiB: 80,
      vcpus: 12,
      memoryGiB: 170,
      pricePerHour: 5.068798,
      priceRegion: "us-central1",
      regions: ["us-central1", "us-east4", "us-east5", "europe-west4", "asia-southeast1"],
    });
  });

  it("returns undefined for a name the cloud does not have, including another cloud's", () => {
    assert.equal(findInstanceType("aws", "g7.xlarge"), undefined);
    assert.equal(findInstanceType("gcp", "g6.xlarge"), undefined);
    assert.equal(findInstanceType("azure", "standard_nc24ads_a100_v4"), undefined);
  });

  it("says where a model is offered and how many fit on one node", () => {
    assert.equal(gpuOffered("azure", "h200", "eastus"), false);
    assert.equal(gpuOffered("azure", "h200", "eastus2"), true);
    assert.equal(gpuOffered("aws", "a10"), false);
    assert.deepEqual(gpuRegions("azure", "a10"), [
      "australiaeast", "centralindia", "eastus", "eastus2", "northcentralus", "northeurope", "southcentralus",
      "southeastasia", "swedencentral", "uksouth", "westeurope", "westus2", "westus3",
    ]);
    assert.deepEqual(gpuRegions("aws", "a10"), []);
    assert.equal(maxGpusPerNode("gcp", "a100-40gb"), 16);
    assert.equal(maxGpusPerNode("aws", "l4", "us-east-1"), 8);
    assert.equal(maxGpusPerNode("azure", "a10", "southcentralus"), 2);
    assert.equal(maxGpusPerNode("aws", "a10"), 0);
  });
});
