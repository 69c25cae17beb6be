import assert from "node:assert/strict";
import { EXACT_PACK_MAX_PODS_PER_NODE, fitCount, packPool, PackGroup } from "../../../components/capacity/packing";

/**
 * Small CPU pods, dozens to a node: the exact search is skipped (it tried so many patterns per
 * node that one pool took seconds; `npm run bench -- planner` measures it), and first-fit
 * decreasing is kept, proven minimal whenever it meets the lower bound, as here.
 */
describe("pool packing of many small pods per node", () => {
  it("packs twelve groups of small CPU pods that all fit one m7i.24xlarge node into that one node, proven minimal", () => {
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
    assert.ok(Math.max(...groups.map((g) => fitCount(node, g.size))) > EXACT_PACK_MAX_PODS_PER_NODE);
    const result = packPool(groups, node);
    assert.deepEqual(result, { bins: [shapes.map((s, i) => [i, s[2]] as const).sort((a, b) => a[0] - b[0])], exact: true });
  });
});
