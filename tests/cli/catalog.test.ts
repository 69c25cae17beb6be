import assert from "node:assert/strict";
import { run } from "../../cli/main";
import type { CliIo } from "../../cli/io";
import { instanceCatalog } from "../../components/capacity/catalog-view";
import { instanceTypes } from "../../components/catalog/instances";

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

  it("prints one row per instance type with its allocatable, unknown prices spelled out", async () => {
    const result = await cli(["catalog", "gcp"]);
    assert.equal(result.code, 0);
    assert.equal(result.out.length, instanceTypes("gcp").length + 3);
    assert.match(result.out[0]!, /^gcp GPU instance types: on-demand prices in us-central1 \(/);
    assert.match(result.out[2]!, /^NAME +GPUS +GPU MEM GIB +VCPUS +MEMORY GIB +\$\/H +ALLOCATABLE CPU +ALLOCATABLE GIB +REGIONS$/);
    const g2 = instanceCatalog("gcp").instanceTypes.find((t) => t.name === "g2-standard-4")!;
    const row = result.out.find((l) => l.startsWith("g2-standard-4 "))!;
    assert.deepEqual(row.split(/ {2,}/), ["g2-standard-4", "1 × l4", "24", "4", "16", "0.706832", String(g2.allocatable.cpu), String(g2.allocatable.memoryGiB), g2.regions.join(",")]);
    assert.ok(result.out.some((l) => l.startsWith("a3-ultragpu-8g ") && l.split(/ {2,}/)[5] === "unknown"));
  });

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
