import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { packPool, PackGroup } from "../../../components/capacity/packing";

/**
 * KNOWN FAILING (planner bug found on branch i10-bench, for the lead to fix in components/):
 * exactPack keeps enumerating node patterns after it has found a packing at the lower bound, and
 * its step budget counts search nodes, not the patterns `fill` tries inside one node. GPU nodes
 * hold a few pods, so that never showed; a CPU node holds dozens of small pods of up to 12 groups,
 * and one packPool call takes seconds to a minute. It is why 1,000 generated workloads with CPU
 * workloads plan in ~17 s (npm run bench -- planner).
 */
describe("pool packing time", () => {
  it("packs twelve groups of small CPU pods that all fit one m7i.24xlarge node in well under a second", () => {
    const node = { gpus: 0, cpuMillis: 95_475, memoryMiB: 355_048 }; // m7i.24xlarge allocatable
    const shapes: [number, number, number][] = [
      [2000, 1024, 5],
      [4000, 8192, 3],
      [2000, 4096, 4],
      [4000, 2048, 4],
      [500, 2048, 2],
      [500, 2048, 1],
      [1000, 8192, 3],
      [500, 1024, 4],
      [2000, 8192, 3],
      [500, 4096, 5],
      [4000, 1024, 6],
      [1000, 8192, 8],
    ];
    const groups: PackGroup[] = shapes.map(([cpuMillis, memoryMiB, count]) => ({ size: { gpus: 0, cpuMillis, memoryMiB }, count }));
    const start = performance.now();
    const result = packPool(groups, node);
    const ms = performance.now() - start;
    assert.equal(result.bins.length, 1);
    assert.ok(ms < 500, `packPool took ${ms.toFixed(0)} ms`);
  }).timeout(120_000);
});
