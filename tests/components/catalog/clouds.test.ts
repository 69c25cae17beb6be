import assert from "node:assert/strict";
import { CLOUDS, CLOUD_FACTS, findSystemInstanceType, isRegion } from "../../../components/catalog";

describe("catalog: cloud facts", () => {
  it("prices each managed control plane at 0.10 USD per hour", () => {
    assert.deepEqual(
      CLOUDS.map((c) => CLOUD_FACTS[c].controlPlanePricePerHour),
      [0.1, 0.1, 0.1],
    );
  });

  it("files each cloud's facts under its own name, priced in one of its regions", () => {
    for (const cloud of CLOUDS) {
      assert.equal(CLOUD_FACTS[cloud].cloud, cloud);
      assert.ok(isRegion(cloud, CLOUD_FACTS[cloud].priceRegion), cloud);
    }
    assert.deepEqual(
      CLOUDS.map((c) => CLOUD_FACTS[c].priceRegion),
      ["us-east-1", "us-central1", "eastus"],
    );
  });

  it("offers the default system machine among the cloud's system machines", () => {
    assert.deepEqual(
      CLOUDS.map((c) => CLOUD_FACTS[c].defaultSystemInstanceType),
      ["m6i.xlarge", "e2-standard-4", "Standard_D4s_v5"],
    );
    for (const cloud of CLOUDS) {
      const found = findSystemInstanceType(cloud, CLOUD_FACTS[cloud].defaultSystemInstanceType);
      assert.ok(found !== undefined, cloud);
      assert.deepEqual({ vcpus: found.vcpus, memoryGiB: found.memoryGiB }, { vcpus: 4, memoryGiB: 16 });
    }
  });

  it("lists system machines once each, with positive sizes, priced in the cloud's price region", () => {
    for (const cloud of CLOUDS) {
      const types = CLOUD_FACTS[cloud].systemInstanceTypes;
      assert.ok(types.length >= 4, cloud);
      assert.equal(new Set(types.map((t) => t.name)).size, types.length, cloud);
      for (const t of types) {
        assert.ok(Number.isInteger(t.vcpus) && t.vcpus >= 2, t.name);
        assert.ok(t.memoryGiB >= 8, t.name);
        assert.ok(Number.isFinite(t.pricePerHour) && t.pricePerHour > 0, t.name);
        assert.equal(t.priceRegion, CLOUD_FACTS[cloud].priceRegion, t.name);
      }
    }
  });

  it("prices the default system machines from the cloud price tables", () => {
    assert.equal(findSystemInstanceType("aws", "m6i.xlarge")?.pricePerHour, 0.192);
    assert.equal(findSystemInstanceType("gcp", "e2-standard-4")?.pricePerHour, 0.134012);
    assert.equal(findSystemInstanceType("azure", "Standard_D4s_v5")?.pricePerHour, 0.192);
  });

  it("returns undefined for a system machine the cloud does not list", () => {
    assert.equal(findSystemInstanceType("aws", "e2-standard-4"), undefined);
    assert.equal(findSystemInstanceType("azure", "m6i.xlarge"), undefined);
  });

  it("names the source and the date of the catalogue for the plan", () => {
    for (const cloud of CLOUDS) {
      assert.match(CLOUD_FACTS[cloud].date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(CLOUD_FACTS[cloud].source.length > 10, cloud);
    }
    assert.deepEqual(CLOUDS.map((c) => CLOUD_FACTS[c].date), ["2026-07-20", "2026-08-03", "2026-06-18"]);
  });
});
