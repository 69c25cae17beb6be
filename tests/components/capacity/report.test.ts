import assert from "node:assert/strict";
import { capacityMarkdown, capacityText, poolUtilisation } from "../../../components/capacity/report";
import type { CapacityPlan } from "../../../components/capacity/types";

/**
 * A plan with every kind of pool: an on-demand L4 pool, a spot A100 pool with spot prices and
 * its on-demand fallback, and a CPU pool; one type priced in another region. Costs as planCapacity
 * counts them: worst case (no spot) 4.6016 × 1 + 0.2016 × 1 at base; 4.6016 × 2 + 27.44705 × 1 +
 * 0.2016 × 3 at peak. With spot: 4.6016 + 0.2016 at base; 9.2032 + 11.5 + 0.6048 at peak.
 */
const plan: CapacityPlan = {
  cloud: "aws",
  region: "us-east-1",
  catalog: { source: "Karpenter AWS prices", date: "2026-07-20", priceRegion: "us-east-1" },
  prices: { source: "snapshot", asOf: "2026-07-20", spotAsOf: "2026-08-03" },
  pools: [
    {
      name: "l4-1",
      gpu: "l4",
      instanceType: "g6.12xlarge",
      spot: false,
      gpusPerNode: 4,
      pricePerHour: 4.6016,
      minNodes: 1,
      maxNodes: 2,
      base: { nodes: [{ pods: ["research/a#0"] }] },
      peak: { nodes: [{ pods: ["research/a#0", "research/a#1"] }, { pods: ["research/a#2", "research/b#0"] }] },
    },
    {
      name: "train",
      gpu: "a100-80gb",
      instanceType: "p4de.24xlarge",
      spot: true,
      gpusPerNode: 8,
      pricePerHour: 27.44705,
      spotPricePerHour: 11.5,
      minNodes: 0,
      maxNodes: 1,
      base: { nodes: [] },
      peak: { nodes: [{ pods: ["research/ft#0"] }] },
    },
    {
      name: "train-fallback",
      gpu: "a100-80gb",
      instanceType: "p4de.24xlarge",
      spot: false,
      fallbackFor: "train",
      gpusPerNode: 8,
      pricePerHour: 27.44705,
      minNodes: 0,
      maxNodes: 1,
      base: { nodes: [] },
      peak: { nodes: [{ pods: ["research/ft#0"] }] },
    },
    {
      name: "cpu-1",
      gpu: null,
      instanceType: "m7i.xlarge",
      spot: false,
      gpusPerNode: 0,
      pricePerHour: 0.2016,
      priceRegion: "us-east-2",
      minNodes: 1,
      maxNodes: 3,
      base: { nodes: [{ pods: ["research/ui#0"] }] },
      peak: { nodes: [{ pods: ["research/ui#0"] }, { pods: ["research/ui#1"] }, { pods: ["research/ui#2"] }] },
    },
  ],
  workloads: [
    { name: "research/a", kind: "service", pool: "l4-1", basePods: 1, peakPods: 3, perPod: { gpus: 2, cpu: 8, memoryGiB: 16 } },
    { name: "research/b", kind: "service", pool: "l4-1", basePods: 0, peakPods: 1, perPod: { gpus: 1, cpu: 4, memoryGiB: 8 } },
    { name: "research/ft", kind: "trainingJob", pool: "train", fallbackPool: "train-fallback", basePods: 0, peakPods: 1, perPod: { gpus: 8, cpu: 48, memoryGiB: 600 } },
    { name: "research/ui", kind: "service", pool: "cpu-1", basePods: 1, peakPods: 3, perPod: { gpus: 0, cpu: 3, memoryGiB: 4 } },
  ],
  cost: { basePerHour: 4.8032, peakPerHour: 37.25505, fixedPerHour: 0.484, spotBasePerHour: 4.8032, spotPeakPerHour: 21.308 },
  fixed: { systemPool: { instanceType: "m6i.xlarge", nodes: 2, pricePerHour: 0.192 }, controlPlanePerHour: 0.1 },
  gpuUtilisationAtPeak: 0.9375,
  replacements: [{ pool: "l4-1", from: "g6.xlarge", to: "g6.12xlarge", reason: "re-planned on request (--replan)" }],
  advice: [{ path: "region", kind: "price-region", message: "m7i.xlarge has no us-east-1 price", savingPerHour: null }],
};

describe("capacity report", () => {
  it("counts a pool's utilisation from its workloads' GPUs per pod and peak pods, a fallback's from the workloads it stands in for", () => {
    assert.equal(poolUtilisation(plan, plan.pools[0]!), 7 / 8);
    assert.equal(poolUtilisation(plan, plan.pools[2]!), 1);
  });

  it("prints one aligned row per pool, spot at its spot price, then worst-case and spot totals, prices, replacements and advice", () => {
    assert.equal(
      capacityText(plan),
      [
        "Capacity plan for aws us-east-1",
        "",
        "POOL                       INSTANCE TYPE  GPUS/NODE      NODES      $/H PER NODE         $/H   $/H    GPU USE",
        "                                                         BASE–PEAK                       BASE  PEAK   AT PEAK",
        "l4-1                       g6.12xlarge    4 × l4         1–2        4.6016               4.60  9.20   87.5%",
        "    workloads: research/a, research/b",
        "train (spot)               p4de.24xlarge  8 × a100-80gb  0–1        11.50 (od 27.44705)  0.00  11.50  100%",
        "    workloads: research/ft",
        "train-fallback (fallback)  p4de.24xlarge  8 × a100-80gb  0–1        27.44705             0.00  27.45  100%",
        "    workloads: research/ft",
        "cpu-1                      m7i.xlarge     CPU            1–3        0.2016               0.20  0.60   -",
        "    workloads: research/ui",
        "",
        "worker pools: $4.80/h at base, $37.26/h at peak (CPU pools $0.60/h of the peak)",
        "with spot capacity: $4.80/h at base, $21.31/h at peak (spot pools at snapshot spot prices of 2026-08-03, fallback pools",
        "  empty); the figures above are without it",
        "fixed: $0.48/h (system pool 2 × m6i.xlarge at $0.192/h, its minimum; control plane $0.10/h)",
        "total: $5.29/h at base, $37.74/h at peak",
        "GPU utilisation at peak: 93.8%",
        "prices: on-demand list prices in us-east-1, snapshot of 2026-07-20; no us-east-1 price for m7i.xlarge (us-east-2):",
        "  priced in the region named",
        "",
        "node pools replaced:",
        "  l4-1: g6.xlarge → g6.12xlarge (re-planned on request (--replan))",
        "",
        "advice:",
        "  region: m7i.xlarge has no us-east-1 price [price-region]",
        "",
      ].join("\n"),
    );
  });

  it("renders the same rows as a markdown table for capacity.md", () => {
    assert.equal(
      capacityMarkdown(plan),
      [
        "## Capacity plan (aws, us-east-1)",
        "",
        "| pool | instance type | GPUs/node | nodes base–peak | $/h per node | $/h base | $/h peak | GPU use at peak | workloads |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| l4-1 | g6.12xlarge | 4 × l4 | 1–2 | 4.6016 | 4.60 | 9.20 | 87.5% | research/a, research/b |",
        "| train (spot) | p4de.24xlarge | 8 × a100-80gb | 0–1 | 11.50 (od 27.44705) | 0.00 | 11.50 | 100% | research/ft |",
        "| train-fallback (fallback) | p4de.24xlarge | 8 × a100-80gb | 0–1 | 27.44705 | 0.00 | 27.45 | 100% | research/ft |",
        "| cpu-1 | m7i.xlarge | CPU | 1–3 | 0.2016 | 0.20 | 0.60 | - | research/ui |",
        "",
        "- worker pools: $4.80/h at base, $37.26/h at peak (CPU pools $0.60/h of the peak)",
        "- with spot capacity: $4.80/h at base, $21.31/h at peak (spot pools at snapshot spot prices of 2026-08-03, fallback pools empty); the figures above are without it",
        "- fixed: $0.48/h (system pool 2 × m6i.xlarge at $0.192/h, its minimum; control plane $0.10/h)",
        "- total: $5.29/h at base, $37.74/h at peak",
        "- GPU utilisation at peak: 93.8%",
        "- prices: on-demand list prices in us-east-1, snapshot of 2026-07-20; no us-east-1 price for m7i.xlarge (us-east-2): priced in the region named",
        "",
        "**Node pools replaced**:",
        "",
        "- l4-1: g6.xlarge → g6.12xlarge (re-planned on request (--replan))",
        "",
        "**Advice**:",
        "",
        "- region: m7i.xlarge has no us-east-1 price [price-region]",
        "",
      ].join("\n"),
    );
  });

  it("says there are no pools when the spec has no workload", () => {
    const empty: CapacityPlan = { ...plan, pools: [], workloads: [], cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0.484 }, gpuUtilisationAtPeak: 1, replacements: [], advice: [] };
    assert.match(capacityText(empty), /^Capacity plan for aws us-east-1\n\nno workloads: no worker pools\n\nworker pools: \$0\.00\/h at base/);
  });

  it("says the prices are another region's when a plan carries no price snapshot (a lock from before one existed)", () => {
    const { prices: _, ...old } = plan;
    const lines = capacityText({ ...old, region: "eu-west-1" }).split("\n");
    const at = lines.findIndex((l) => l.startsWith("prices:"));
    assert.deepEqual(lines.slice(at, at + 2), [
      "prices: on-demand, us-east-1, Karpenter AWS prices (2026-07-20); the cluster is in eu-west-1, whose prices differ:",
      "  compare plans with these costs, do not budget from them",
    ]);
  });

  it("prints no utilisation figure when no GPU node runs at peak", () => {
    const cpuOnly: CapacityPlan = { ...plan, pools: [plan.pools[3]!], workloads: [plan.workloads[3]!], cost: { basePerHour: 0.2016, peakPerHour: 0.6048, fixedPerHour: 0.484 }, gpuUtilisationAtPeak: 1 };
    assert.ok(capacityText(cpuOnly).includes("\nGPU utilisation at peak: none (no GPU nodes at peak)\n"));
  });
});
