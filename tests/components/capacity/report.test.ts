import assert from "node:assert/strict";
import { capacityMarkdown, capacityText, poolUtilisation } from "../../../components/capacity/report";
import type { CapacityPlan } from "../../../components/capacity/types";

const plan: CapacityPlan = {
  cloud: "aws",
  region: "us-east-1",
  catalog: { source: "Karpenter AWS prices", date: "2026-07-20", priceRegion: "us-east-1" },
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
      minNodes: 0,
      maxNodes: 1,
      base: { nodes: [] },
      peak: { nodes: [{ pods: ["research/ft#0"] }] },
    },
  ],
  workloads: [
    { name: "research/a", kind: "service", pool: "l4-1", basePods: 1, peakPods: 3, perPod: { gpus: 2, cpu: 8, memoryGiB: 16 } },
    { name: "research/b", kind: "service", pool: "l4-1", basePods: 0, peakPods: 1, perPod: { gpus: 1, cpu: 4, memoryGiB: 8 } },
    { name: "research/ft", kind: "trainingJob", pool: "train", basePods: 0, peakPods: 1, perPod: { gpus: 8, cpu: 48, memoryGiB: 600 } },
  ],
  cost: { basePerHour: 4.6016, peakPerHour: 36.65025, fixedPerHour: 0.484 },
  fixed: { systemPool: { instanceType: "m6i.xlarge", nodes: 2, pricePerHour: 0.192 }, controlPlanePerHour: 0.1 },
  gpuUtilisationAtPeak: 0.9375,
  replacements: [{ pool: "l4-1", from: "g6.xlarge", to: "g6.12xlarge", reason: "re-planned on request (--replan)" }],
};

describe("capacity report", () => {
  it("counts a pool's utilisation from its workloads' GPUs per pod and peak pods", () => {
    assert.equal(poolUtilisation(plan, plan.pools[0]!), 7 / 8);
    assert.equal(poolUtilisation(plan, plan.pools[1]!), 1);
  });

  it("prints one aligned row per pool, then totals, prices and replacements; workloads go under rows too wide for them", () => {
    assert.equal(
      capacityText(plan),
      [
        "GPU capacity plan for aws us-east-1",
        "",
        "POOL          INSTANCE TYPE  GPUS/NODE      NODES BASE–PEAK  $/H PER NODE  $/H BASE  $/H PEAK  GPU USE AT PEAK",
        "l4-1          g6.12xlarge    4 × l4         1–2              4.6016        4.60      9.20      87.5%",
        "    workloads: research/a, research/b",
        "train (spot)  p4de.24xlarge  8 × a100-80gb  0–1              27.44705      0.00      27.45     100%",
        "    workloads: research/ft",
        "",
        "GPU pools: $4.60/h at base, $36.65/h at peak",
        "fixed: $0.48/h (system pool 2 × m6i.xlarge at $0.192/h, its minimum; control plane $0.10/h)",
        "total: $5.09/h at base, $37.13/h at peak",
        "GPU utilisation at peak: 93.8%",
        "prices: on-demand, us-east-1, Karpenter AWS prices (2026-07-20)",
        "",
        "node pools replaced:",
        "  l4-1: g6.xlarge → g6.12xlarge (re-planned on request (--replan))",
        "",
      ].join("\n"),
    );
  });

  it("renders the same rows as a markdown table for capacity.md", () => {
    assert.equal(
      capacityMarkdown(plan),
      [
        "## GPU capacity plan (aws, us-east-1)",
        "",
        "| pool | instance type | GPUs/node | nodes base–peak | $/h per node | $/h base | $/h peak | GPU use at peak | workloads |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| l4-1 | g6.12xlarge | 4 × l4 | 1–2 | 4.6016 | 4.60 | 9.20 | 87.5% | research/a, research/b |",
        "| train (spot) | p4de.24xlarge | 8 × a100-80gb | 0–1 | 27.44705 | 0.00 | 27.45 | 100% | research/ft |",
        "",
        "- GPU pools: $4.60/h at base, $36.65/h at peak",
        "- fixed: $0.48/h (system pool 2 × m6i.xlarge at $0.192/h, its minimum; control plane $0.10/h)",
        "- total: $5.09/h at base, $37.13/h at peak",
        "- GPU utilisation at peak: 93.8%",
        "- prices: on-demand, us-east-1, Karpenter AWS prices (2026-07-20)",
        "",
        "**Node pools replaced**:",
        "",
        "- l4-1: g6.xlarge → g6.12xlarge (re-planned on request (--replan))",
        "",
      ].join("\n"),
    );
  });

  it("says there are no GPU pools when no workload asks for a GPU", () => {
    const empty: CapacityPlan = { ...plan, pools: [], workloads: [], cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0.484 }, gpuUtilisationAtPeak: 1, replacements: [] };
    assert.match(capacityText(empty), /^GPU capacity plan for aws us-east-1\n\nno GPU workloads: no GPU pools\n\nGPU pools: \$0\.00\/h at base/);
  });

  it("says the prices are another region's when the cluster is outside the catalogue's price region", () => {
    const lines = capacityText({ ...plan, region: "eu-west-1" }).split("\n");
    const at = lines.findIndex((l) => l.startsWith("prices:"));
    assert.deepEqual(lines.slice(at, at + 2), [
      "prices: on-demand, us-east-1, Karpenter AWS prices (2026-07-20); the cluster is in eu-west-1, whose prices differ:",
      "  compare plans with these costs, do not budget from them",
    ]);
  });

  it("prints no utilisation figure when no GPU node runs at peak", () => {
    const empty: CapacityPlan = { ...plan, pools: [], workloads: [], cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0.484 }, gpuUtilisationAtPeak: 1, replacements: [] };
    assert.ok(capacityText(empty).includes("\nGPU utilisation at peak: none (no GPU nodes at peak)\n"));
  });
});
