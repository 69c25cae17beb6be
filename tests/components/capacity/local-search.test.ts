import assert from "node:assert/strict";
import { Build, LocalSearch } from "../../../components/capacity/local-search";
import type { SolverItem, SolverProblem } from "../../../components/capacity/problem";

const POD = { gpus: 1, cpuMillis: 1000, memoryMiB: 1024 };
const item = (peakPods: number, freeTypes: readonly number[]): SolverItem => ({ pod: POD, basePods: 0, peakPods, freeTypes, slots: [] });

/**
 * Two 1-GPU types: a cheap 1-GPU node and a dear 8-GPU one. Workloads 0 and 1 (2 pods each) may
 * only use the dear type; 2, 3 and 4 (4 pods each) either; 5 (1 pod) only the cheap one.
 */
const problem: SolverProblem = {
  types: [
    { name: "cheap", node: { gpus: 1, cpuMillis: 8000, memoryMiB: 32768 }, priceMicros: 1_000_000 },
    { name: "dear", node: { gpus: 8, cpuMillis: 96000, memoryMiB: 1_048_576 }, priceMicros: 27_000_000 },
  ],
  items: [item(2, [1]), item(2, [1]), item(4, [0, 1]), item(4, [0, 1]), item(4, [0, 1]), item(1, [0])],
  slots: [],
};

/** The dear pool holds 16 pods on 2 nodes: without any one of 2, 3, 4 it still needs 2. */
const stuck = (): Build[] => [
  { type: 1, items: [0, 1, 2, 3, 4] },
  { type: 0, items: [5] },
];

describe("capacity local search", () => {
  it("leaves a dear pool alone when no single workload leaving it frees a node", () => {
    const builds = stuck();
    new LocalSearch(problem).relocateAll(builds, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(
      builds.map((b) => ({ type: b.type, items: b.items })),
      [
        { type: 1, items: [0, 1, 2, 3, 4] },
        { type: 0, items: [5] },
      ],
    );
  });

  it("moves every workload the cheap pool can take out of the dear pool at once, freeing a dear node", () => {
    const builds = stuck();
    const search = new LocalSearch(problem);
    assert.equal(search.transferAll(builds), true);
    assert.deepEqual(
      builds.map((b) => ({ type: b.type, items: b.items, peak: b.estimate?.peak })),
      [
        { type: 1, items: [0, 1], peak: 27_000_000 },
        { type: 0, items: [2, 3, 4, 5], peak: 13_000_000 },
      ],
    );
    assert.equal(search.transferAll(builds), false);
  });
});
