import assert from "node:assert/strict";
import {
  CLOUDS,
  CLOUD_FACTS,
  CPU_FAMILY_KINDS,
  CPU_INSTANCE_TYPES,
  CpuInstanceType,
  cpuInstanceTypes,
  findCpuInstanceType,
  findInstanceType,
  isRegion,
} from "../../../components/catalog";

const all: readonly CpuInstanceType[] = CLOUDS.flatMap((c) => cpuInstanceTypes(c));
const key = (t: CpuInstanceType): string => `${t.cloud}/${t.name}`;

/** Writes in strict mode, where writing to a frozen object throws instead of doing nothing. */
function writeStrictly(target: object, field: string, value: unknown): void {
  "use strict";
  (target as Record<string, unknown>)[field] = value;
}

/** The size family of a row: the name without its size (`m7i`, `n2-highcpu`, `Standard_E…s_v5`). */
function family(t: CpuInstanceType): string {
  return t.name.replace(/\d+xlarge|large|xlarge|-\d+$|\d+(?=[a-z]*_v\d)/g, "#");
}

describe("catalog: CPU instance types", () => {
  it("holds 24 AWS, 27 GCP and 25 Azure CPU shapes", () => {
    assert.deepEqual(
      { aws: cpuInstanceTypes("aws").length, gcp: cpuInstanceTypes("gcp").length, azure: cpuInstanceTypes("azure").length },
      { aws: 24, gcp: 27, azure: 25 },
    );
  });

  it("names each shape once per cloud, apart from every GPU shape, and files it under its own cloud", () => {
    for (const cloud of CLOUDS) {
      const names = cpuInstanceTypes(cloud).map((t) => t.name);
      assert.equal(new Set(names).size, names.length, cloud);
      for (const t of cpuInstanceTypes(cloud)) {
        assert.equal(t.cloud, cloud, t.name);
        assert.equal(findInstanceType(cloud, t.name), undefined, key(t));
      }
    }
  });

  it("offers a general, a compute and a memory family on every cloud, from 2 to at most 96 vCPUs", () => {
    for (const cloud of CLOUDS) {
      const rows = cpuInstanceTypes(cloud);
      assert.deepEqual([...new Set(rows.map((t) => t.kind))], [...CPU_FAMILY_KINDS], cloud);
      for (const kind of CPU_FAMILY_KINDS) {
        const sizes = rows.filter((t) => t.kind === kind).map((t) => t.vcpus);
        assert.equal(Math.min(...sizes), 2, `${cloud} ${kind}`);
        assert.ok(Math.max(...sizes) >= 72 && Math.max(...sizes) <= 96, `${cloud} ${kind}`);
      }
    }
  });

  it("gives each family its memory per vCPU: 4 GiB general, 1-2 GiB compute, 7-8 GiB memory", () => {
    const perVcpu = { general: [4, 4], compute: [1, 2], memory: [7, 8] } as const;
    for (const t of all) {
      const ratio = t.memoryGiB / t.vcpus;
      const [low, high] = perVcpu[t.kind];
      assert.ok(Number.isInteger(t.vcpus) && ratio >= low && ratio <= high, `${key(t)}: ${ratio}`);
    }
  });

  it("prices every shape above zero in its cloud's price region, dearer with every size up a family", () => {
    for (const t of all) {
      assert.ok(t.pricePerHour > 0, key(t));
      assert.equal(t.priceRegion, CLOUD_FACTS[t.cloud].priceRegion, key(t));
    }
    const families = new Map<string, CpuInstanceType[]>();
    for (const t of all) families.set(`${t.cloud}/${family(t)}`, [...(families.get(`${t.cloud}/${family(t)}`) ?? []), t]);
    assert.equal(families.size, 9);
    for (const [name, rows] of families) {
      const byVcpus = [...rows].sort((a, b) => a.vcpus - b.vcpus);
      for (let i = 1; i < byVcpus.length; i++) assert.ok(byVcpus[i]!.pricePerHour > byVcpus[i - 1]!.pricePerHour, name);
    }
  });

  it("uses only valid regions of the shape's cloud, each once, its price region among them", () => {
    for (const t of all) {
      assert.equal(new Set(t.regions).size, t.regions.length, key(t));
      for (const r of t.regions) assert.ok(isRegion(t.cloud, r), `${key(t)}: ${r}`);
      assert.ok(t.regions.includes(t.priceRegion), key(t));
    }
  });

  it("carries Karpenter's allocatable for every AWS shape, below its capacity, and for no other cloud", () => {
    for (const t of all) {
      if (t.cloud !== "aws") {
        assert.equal(t.karpenterAllocatable, undefined, key(t));
        continue;
      }
      assert.ok(t.karpenterAllocatable !== undefined, key(t));
      assert.ok(t.karpenterAllocatable.cpuMillis < t.vcpus * 1000, key(t));
      assert.ok(t.karpenterAllocatable.memoryMiB < t.memoryGiB * 1024, key(t));
    }
  });

  // Checked at the sources: aws/karpenter-provider-aws website/content/en/docs/reference/
  // instance-types.md @1d927085 (2026-08-21); Cyclenerd/google-cloud-pricing-cost-calculator
  // tools/machinetyperegion.csv @8bf3293a (2026-08-17, `gcloud compute machine-types list`);
  // aspire.dev/reference/api/csharp/aspire.hosting.azure.kubernetes/standardfsv2 and
  // standardesv5 (Aspire 13.3.0-preview AKS VM sizes, read 2026-12-02).
  it("matches the sources' vCPUs and memory for sizes read there", () => {
    const read = (cloud: "aws" | "gcp" | "azure", name: string) => {
      const t = findCpuInstanceType(cloud, name);
      return t && { vcpus: t.vcpus, memoryGiB: t.memoryGiB };
    };
    assert.deepEqual(read("aws", "m7i.large"), { vcpus: 2, memoryGiB: 8 });
    assert.deepEqual(read("aws", "c7i.24xlarge"), { vcpus: 96, memoryGiB: 192 });
    assert.deepEqual(read("aws", "r7i.12xlarge"), { vcpus: 48, memoryGiB: 384 });
    assert.deepEqual(read("gcp", "n2-highcpu-96"), { vcpus: 96, memoryGiB: 96 });
    assert.deepEqual(read("gcp", "n2-highmem-80"), { vcpus: 80, memoryGiB: 640 });
    assert.deepEqual(read("gcp", "n2-standard-48"), { vcpus: 48, memoryGiB: 192 });
    assert.deepEqual(read("azure", "Standard_F72s_v2"), { vcpus: 72, memoryGiB: 144 });
    assert.deepEqual(read("azure", "Standard_E20s_v5"), { vcpus: 20, memoryGiB: 160 });
    assert.deepEqual(read("azure", "Standard_F2s_v2"), { vcpus: 2, memoryGiB: 4 });
  });

  it("matches Karpenter's published allocatable for sizes read there", () => {
    assert.deepEqual(findCpuInstanceType("aws", "m7i.large")?.karpenterAllocatable, { cpuMillis: 1930, memoryMiB: 6903 });
    assert.deepEqual(findCpuInstanceType("aws", "r7i.24xlarge")?.karpenterAllocatable, { cpuMillis: 95690, memoryMiB: 718987 });
  });

  it("finds a shape by cloud and name with all its facts", () => {
    assert.deepEqual(findCpuInstanceType("gcp", "n2-standard-8"), {
      name: "n2-standard-8",
      cloud: "gcp",
      kind: "general",
      vcpus: 8,
      memoryGiB: 32,
      pricePerHour: 0.388472,
      priceRegion: "us-central1",
      regions: findCpuInstanceType("gcp", "n2-highcpu-2")?.regions,
    });
  });

  it("returns undefined for a name the cloud does not have, including another cloud's and a GPU shape", () => {
    assert.equal(findCpuInstanceType("aws", "n2-standard-8"), undefined);
    assert.equal(findCpuInstanceType("azure", "m7i.large"), undefined);
    assert.equal(findCpuInstanceType("aws", "g5.xlarge"), undefined);
  });

  it("throws on a write to a row, its region list or a cloud's table", () => {
    assert.throws(() => writeStrictly(CPU_INSTANCE_TYPES.aws[0] as object, "pricePerHour", 0), TypeError);
    assert.throws(() => writeStrictly(CPU_INSTANCE_TYPES.gcp[0]?.regions as object, "0", "nowhere"), TypeError);
    assert.throws(() => writeStrictly(CPU_INSTANCE_TYPES, "azure", []), TypeError);
  });
});
