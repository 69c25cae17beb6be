import assert from "node:assert/strict";
import { comparableRegion, COMPARABLE_REGIONS, isRegion } from "../../../components/catalog/regions";
import { CLOUDS } from "../../../components/catalog/types";
import { compareClouds } from "../../../components/capacity/compare";
import { comparisonText } from "../../../components/capacity/compare-report";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { SpecError } from "../../../components/spec/errors";
import { validateSpec } from "../../../components/spec/validate";
import { awsSpec, set } from "../spec/fixtures";

describe("plan --compare", () => {
  it("lists only real regions in its table of comparable regions", () => {
    for (const row of COMPARABLE_REGIONS) for (const cloud of CLOUDS) assert.ok(isRegion(cloud, row[cloud]), `${cloud} ${row[cloud]}`);
    assert.equal(comparableRegion("aws", "us-east-1", "azure"), "eastus");
    assert.equal(comparableRegion("aws", "me-south-1", "gcp"), undefined);
  });

  it("costs the spec's own cloud exactly as plan does, against the same lock", () => {
    const raw = awsSpec();
    const valid = validateSpec(raw);
    const lock = parseLock(serializeLock(planCapacity(valid)), "capacity.dev.json");
    const own = compareClouds(raw, { previous: lock }).comparisons.find((c) => c.cloud === "aws")!;
    assert.deepEqual(own, { cloud: "aws", region: "us-east-1", feasible: true, cost: planCapacity(valid, lock).cost, problems: [], notes: [] });
  });

  it("plans the other clouds in the same area, leaving out what names the spec's cloud's things, each with a note", () => {
    const raw = awsSpec();
    set(raw, "systemPool", { instanceType: "m6i.xlarge", minNodes: 2, maxNodes: 4 });
    set(raw, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"] }]);
    const gcp = compareClouds(raw).comparisons.find((c) => c.cloud === "gcp")!;
    assert.equal(gcp.region, "us-east4");
    assert.equal(gcp.feasible, true);
    assert.deepEqual(gcp.notes, [
      "us-east4: the gcp region in the same area as us-east-1",
      "gpuPools left out: its instance types are aws shapes; the planner derives the pools on gcp",
      "systemPool.instanceType left out (m6i.xlarge is an aws type): gcp's default, e2-standard-4, is used",
    ]);
    // The same spec written for GCP by hand plans to the same cost.
    const byHand = awsSpec();
    set(byHand, "cloud", "gcp");
    set(byHand, "region", "us-east4");
    set(byHand, "systemPool", { minNodes: 2, maxNodes: 4 });
    assert.deepEqual(gcp.cost, planCapacity(validateSpec(byHand)).cost);
  });

  it("says which workloads a cloud cannot run and why, instead of a cost", () => {
    const azure = compareClouds(awsSpec()).comparisons.find((c) => c.cloud === "azure")!;
    assert.equal(azure.feasible, false);
    assert.equal(azure.cost, undefined);
    assert.deepEqual(azure.problems, [{ path: "services[0].gpu.model", message: "l4 is not offered on azure, only on aws and gcp; choose another model or cloud" }]);
  });

  it("takes a region per cloud, and the price region where the table has no comparable one", () => {
    const raw = awsSpec();
    set(raw, "region", "us-west-2");
    const byFlag = compareClouds(raw, { regions: { gcp: "us-central1" } }).comparisons;
    assert.deepEqual(byFlag.map((c) => c.region), ["us-west-2", "us-central1", "westus2"]);
    assert.equal(byFlag[1]!.notes[0], "us-central1: the region given");
  });

  it("throws the spec's own problems: a spec that is wrong where it stands is compared nowhere", () => {
    const raw = awsSpec();
    set(raw, "services[0].gpu.count", 0);
    assert.throws(() => compareClouds(raw), SpecError);
  });

  it("prints a row per cloud within 120 columns, then each cloud's problems and notes", () => {
    const text = comparisonText(compareClouds(awsSpec()));
    const lines = text.trimEnd().split("\n");
    assert.ok(lines.every((l) => l.length <= 120));
    assert.match(lines[2]!, /^CLOUD +REGION +\$\/H BASE +\$\/H PEAK +\$\/H FIXED +\$\/H PEAK WITH SPOT +\$\/H TOTAL AT PEAK$/);
    assert.match(lines[5]!, /^azure +eastus +- +- +- +- +cannot run this spec \(below\)$/);
    assert.ok(lines.includes("  cannot run: services[0].gpu.model: l4 is not offered on azure, only on aws and gcp; choose another model or cloud"));
  });
});
