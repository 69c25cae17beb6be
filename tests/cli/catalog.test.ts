import assert from "node:assert/strict";
import { run } from "../../cli/main";
import type { CliIo } from "../../cli/io";
import { instanceCatalog } from "../../components/capacity/catalog-view";
import { workerTypes } from "../../components/catalog/instances";

async function cli(argv: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(...l.split("\n")), cwd: "/" };
  return { code: await run(argv, io), out, err };
}

describe("ml-clusters catalog", () => {
  it("prints the catalogue the planner uses as JSON", async () => {
    const result = await cli(["catalog", "aws", "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.out.join("\n")), JSON.parse(JSON.stringify(instanceCatalog("aws"))));
  });

  it("prints one row per instance type with its allocatable, unknown prices spelled out, and its region list after the table", async () => {
    const result = await cli(["catalog", "gcp"]);
    assert.equal(result.code, 0);
    assert.match(result.out[0]!, /^gcp instance types for worker pools, GPU then CPU: on-demand prices in us-central1 \(/);
    const header = result.out.findIndex((l) => l.startsWith("NAME "));
    assert.match(result.out[header]!, /^NAME +GPUS +GIB\/GPU +VCPUS +MEM GIB +\$\/H +ALLOC CPU +ALLOC GIB +REGIONS$/);
    assert.equal(result.out[header + workerTypes("gcp").length + 1], "");
    const g2 = instanceCatalog("gcp").instanceTypes.find((t) => t.name === "g2-standard-4")!;
    const row = result.out.find((l) => l.startsWith("g2-standard-4 "))!.split(/ {2,}/);
    const list = /^([A-Z]+) \((\d+)\)$/.exec(row.at(-1)!)!;
    assert.deepEqual(row.slice(0, -1), ["g2-standard-4", "1 × l4", "24", "4", "16", "0.706832", String(g2.allocatable.cpu), String(g2.allocatable.memoryGiB)]);
    assert.equal(Number(list[2]), g2.regions.length);
    const legend = result.out.findIndex((l) => l.startsWith(`  ${list[1]}: `));
    const continued = result.out.slice(legend + 1).findIndex((l) => !/^ {5}/.test(l));
    const regions = result.out.slice(legend, legend + 1 + continued).map((l) => l.trim()).join(" ").slice(`${list[1]}: `.length);
    assert.equal(regions, g2.regions.join(", "));
    assert.ok(result.out.some((l) => l.startsWith("a3-ultragpu-8g ") && l.split(/ {2,}/)[5] === "unknown"));
    assert.ok(result.out.some((l) => l.startsWith("a3-highgpu-1g ") && l.split(/ {2,}/)[5] === "11.06125 spot only"));
    const n2 = result.out.find((l) => l.startsWith("n2-standard-2 "))!.split(/ {2,}/);
    assert.deepEqual(n2.slice(1, 5), ["CPU (general)", "-", "2", "8"]);
  });

  for (const cloud of ["aws", "gcp", "azure"]) {
    it(`keeps every line of the ${cloud} catalogue within 120 columns`, async () => {
      const result = await cli(["catalog", cloud]);
      const widest = result.out.reduce((a, b) => (b.length > a.length ? b : a), "");
      assert.ok(widest.length <= 120, `${widest.length}: ${widest}`);
      assert.ok(widest.length >= 100, "the width is used, not wasted");
    });
  }

  it("rejects an unknown cloud and a missing one, as usage errors", async () => {
    assert.deepEqual(await cli(["catalog", "mars"]), {
      code: 2,
      out: [],
      err: ['ml-clusters: catalog takes one of aws, gcp, azure, got "mars"', "usage: ml-clusters catalog CLOUD [--json]"],
    });
    assert.deepEqual((await cli(["catalog"])).err[0], "ml-clusters: catalog takes one cloud (aws, gcp, azure), got none");
    assert.deepEqual((await cli(["catalog", "aws", "--yaml"])).err[0], 'ml-clusters: unknown option "--yaml" for catalog');
  });
});
