import assert from "node:assert/strict";
import { findInstanceType, instanceTypes } from "../../../components/catalog";

/** The N1 caps per GPU count, restated from cloud.google.com/compute/docs/gpus (gpu-catalog.md §2.1). */
const CAPS: Readonly<Record<string, Readonly<Record<number, { vcpus: number; memoryGiB: number }>>>> = {
  t4: { 1: { vcpus: 48, memoryGiB: 312 }, 2: { vcpus: 48, memoryGiB: 312 }, 4: { vcpus: 96, memoryGiB: 624 } },
  v100: { 1: { vcpus: 12, memoryGiB: 78 }, 2: { vcpus: 24, memoryGiB: 156 }, 4: { vcpus: 48, memoryGiB: 312 }, 8: { vcpus: 96, memoryGiB: 624 } },
};

const n1 = instanceTypes("gcp").filter((t) => t.machineType.startsWith("n1-"));

describe("catalog: GCP N1 shapes with attached GPUs", () => {
  it("names each shape <machineType>+<count>x<gpu>", () => {
    for (const t of n1) {
      assert.match(t.name, /^n1-(standard|highmem)-\d+\+\d+x(t4|v100)$/);
      assert.equal(t.name, `${t.machineType}+${t.gpus}x${t.gpu}`);
    }
  });

  it("stays within the vCPU and memory caps for its GPU count", () => {
    for (const t of n1) {
      const cap = CAPS[t.gpu]?.[t.gpus];
      assert.ok(cap !== undefined, `${t.name}: ${t.gpus} x ${t.gpu} is not an N1 option`);
      assert.ok(t.vcpus <= cap.vcpus && t.memoryGiB <= cap.memoryGiB, t.name);
    }
  });

  it("has 25 T4 and 26 V100 combinations", () => {
    assert.equal(n1.filter((t) => t.gpu === "t4").length, 25);
    assert.equal(n1.filter((t) => t.gpu === "v100").length, 26);
  });

  it("offers a single V100 only on machines with at most 12 vCPUs and 78 GB", () => {
    assert.deepEqual(
      n1.filter((t) => t.gpu === "v100" && t.gpus === 1).map((t) => t.name),
      ["n1-standard-4+1xv100", "n1-standard-8+1xv100", "n1-highmem-8+1xv100"],
    );
  });

  it("has no shape above the caps", () => {
    assert.equal(findInstanceType("gcp", "n1-standard-64+1xt4"), undefined);
    assert.equal(findInstanceType("gcp", "n1-highmem-64+2xt4"), undefined);
    assert.equal(findInstanceType("gcp", "n1-standard-16+1xv100"), undefined);
    assert.equal(findInstanceType("gcp", "n1-standard-8+8xt4"), undefined);
  });

  it("prices a shape as the us-central1 host price plus the GPU price times the count", () => {
    assert.equal(findInstanceType("gcp", "n1-standard-4+1xt4")?.pricePerHour, 0.54);
    assert.equal(findInstanceType("gcp", "n1-standard-8+1xt4")?.pricePerHour, 0.73);
    assert.equal(findInstanceType("gcp", "n1-highmem-96+8xv100")?.pricePerHour, 25.5185);
    for (const t of n1) assert.equal(t.priceRegion, "us-central1");
  });

  it("carries the GKE accelerator string of the attached GPU and N1's memory per vCPU", () => {
    const t = findInstanceType("gcp", "n1-highmem-16+2xv100");
    assert.equal(t?.acceleratorType, "nvidia-tesla-v100");
    assert.equal(t?.memoryGiB, 104);
    assert.equal(findInstanceType("gcp", "n1-standard-8+4xt4")?.acceleratorType, "nvidia-tesla-t4");
    assert.equal(findInstanceType("gcp", "n1-standard-8+4xt4")?.memoryGiB, 30);
  });
});
