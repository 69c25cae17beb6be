import assert from "node:assert/strict";
import { planCapacity } from "../../../components/capacity/plan";
import { PRICE_SNAPSHOTS } from "../../../components/catalog/prices";
import type { CapacityPlan } from "../../../components/capacity/types";
import { job, pool, service, spec } from "./builder";

const names = (plan: CapacityPlan) => plan.pools.map((p) => [p.name, p.instanceType, p.minNodes, p.maxNodes]);

describe("planCapacity", () => {
  it("plans an aws L4 service and an A100 job as DESIGN.md shows, every field checked by hand", () => {
    const plan = planCapacity(
      spec({
        services: [service("chat", { min: 1, max: 2 }, { cpu: 3, memory: "12Gi" })],
        trainingJobs: [job("finetune", 2, { model: "a100-80gb", gpus: 8, cpu: 48, memory: "600Gi" })],
      }),
    );
    // g6.xlarge leaves 3.565 CPU / 13.08Gi for pods: one 3 CPU / 12Gi pod per node, $0.8048/h each.
    // p4de.24xlarge is the only a100-80gb type in us-east-1: one 8-GPU worker per node, $27.44705/h.
    assert.deepEqual(plan, {
      cloud: "aws",
      region: "us-east-1",
      catalog: { source: "Karpenter AWS instance types and prices (us-east-1, on-demand); EKS pricing", date: "2026-07-20", priceRegion: "us-east-1" },
      prices: { source: PRICE_SNAPSHOTS.aws.source, asOf: "2026-07-20", spotAsOf: null },
      pools: [
        {
          name: "a100-80gb-1",
          gpu: "a100-80gb",
          instanceType: "p4de.24xlarge",
          spot: false,
          gpusPerNode: 8,
          pricePerHour: 27.44705,
          minNodes: 0,
          maxNodes: 2,
          base: { nodes: [] },
          peak: { nodes: [{ pods: ["research/finetune#0"] }, { pods: ["research/finetune#1"] }] },
        },
        {
          name: "l4-1",
          gpu: "l4",
          instanceType: "g6.xlarge",
          spot: false,
          gpusPerNode: 1,
          pricePerHour: 0.8048,
          minNodes: 1,
          maxNodes: 2,
          base: { nodes: [{ pods: ["research/chat#0"] }] },
          peak: { nodes: [{ pods: ["research/chat#0"] }, { pods: ["research/chat#1"] }] },
        },
      ],
      workloads: [
        { name: "research/chat", kind: "service", pool: "l4-1", basePods: 1, peakPods: 2, perPod: { gpus: 1, cpu: 3, memoryGiB: 12 } },
        { name: "research/finetune", kind: "trainingJob", pool: "a100-80gb-1", basePods: 0, peakPods: 2, perPod: { gpus: 8, cpu: 48, memoryGiB: 600 } },
      ],
      // base: 1 × 0.8048; peak: 2 × 0.8048 + 2 × 27.44705; fixed: 2 × m6i.xlarge 0.192 + EKS 0.10.
      cost: { basePerHour: 0.8048, peakPerHour: 56.5037, fixedPerHour: 0.484 },
      fixed: {
        // Monitoring on, nothing scales to zero: the autoscaler 100m/300Mi, Prometheus 510m/2080Mi,
        // Alertmanager 60m/232Mi, Grafana 140m/384Mi, operator, kube-state-metrics and adapter
        // 250m/384Mi, and EKS's CoreDNS 2 × 100m/70Mi, metrics-server 2 × 100m/200Mi and EBS CSI
        // controller 2 × 60m/232Mi: 1580m, 4384Mi. An m6i.xlarge leaves 4000m - 80m kube-reserved -
        // 215m of daemons = 3705m. All fit one node; two replicas of one add-on never share one.
        systemPool: {
          instanceType: "m6i.xlarge",
          nodes: 2,
          pricePerHour: 0.192,
          minNodes: 2,
          maxNodes: 4,
          nodesNeeded: 2,
          requests: { cpu: 1.58, memoryGiB: 4.281 },
          allocatablePerNode: { cpu: 3.705, memoryGiB: 13.621 },
          addons: ["cluster-autoscaler", "prometheus", "alertmanager", "grafana", "kube-prometheus-stack-operator", "kube-state-metrics", "prometheus-adapter", "coredns", "metrics-server", "ebs-csi-controller"],
        },
        controlPlanePerHour: 0.1,
      },
      gpuUtilisationAtPeak: 1,
      replacements: [],
      advice: [],
    });
  });

  it("puts pods of two L4 workloads on shared g6.12xlarge nodes when that is cheaper than a pool each", () => {
    // a: 3 pods × 2 GPUs; b: 2 pods × 1 GPU that need 4 CPU (more than g6.xlarge's 3.565).
    // Apart: 2 × g6.12xlarge (9.2032) + 2 × g6.2xlarge (1.9552) = 11.1584/h. Together 8 GPUs = 2 × g6.12xlarge = 9.2032/h.
    const plan = planCapacity(
      spec({
        services: [service("a", { min: 1, max: 3 }, { gpus: 2, cpu: 8, memory: "16Gi" }), service("b", { min: 0, max: 2 }, { gpus: 1, cpu: 4, memory: "8Gi" })],
      }),
    );
    assert.deepEqual(names(plan), [["l4-1", "g6.12xlarge", 1, 2]]);
    assert.deepEqual(plan.pools[0]!.peak.nodes, [{ pods: ["research/a#0", "research/a#1"] }, { pods: ["research/a#2", "research/b#0", "research/b#1"] }]);
    assert.deepEqual(plan.pools[0]!.base.nodes, [{ pods: ["research/a#0"] }]);
    assert.equal(plan.cost.peakPerHour, 9.2032);
    assert.equal(plan.cost.basePerHour, 4.6016);
  });

  it("chooses the GPU model from gpu.minMemoryGiB: the cheapest type whose GPU has the memory and whose node fits the pod", () => {
    // ≥ 40 GiB in us-east-1: l40s (g6e), a100s (p4d/p4de, 8 GPUs), h100 (p5). 4 CPU does not fit g6e.xlarge (3.565), fits g6e.2xlarge at 2.24208.
    const plan = planCapacity(spec({ services: [service("big", { min: 1, max: 1 }, { minMemoryGiB: 40, cpu: 4, memory: "16Gi" })] }));
    assert.deepEqual(names(plan), [["l40s-1", "g6e.2xlarge", 1, 1]]);
  });

  it("never chooses a type without a known price: h200 goes to p5en.48xlarge, not the unpriced p5e.48xlarge", () => {
    const plan = planCapacity(spec({ trainingJobs: [job("train", 1, { model: "h200", gpus: 8, cpu: 96, memory: "1000Gi" })] }));
    assert.deepEqual(names(plan), [["h200-1", "p5en.48xlarge", 0, 1]]);
  });

  it("plans gcp from g2 machine types with the GKE reservations, in us-central1 prices", () => {
    // g2-standard-4 leaves 3.118 CPU / 10.86Gi: a 3 CPU / 10Gi pod fits, one per node, $0.706832/h.
    const plan = planCapacity(spec({ cloud: "gcp", services: [service("chat", { min: 2, max: 3 }, { cpu: 3, memory: "10Gi" })] }));
    assert.deepEqual(names(plan), [["l4-1", "g2-standard-4", 2, 3]]);
    assert.equal(plan.cost.basePerHour, 1.413664);
    assert.equal(plan.cost.peakPerHour, 2.120496);
    // 2 × e2-standard-4 at the snapshot's us-central1 0.134023 + GKE 0.10
    assert.equal(plan.cost.fixedPerHour, 0.368046);
    assert.deepEqual(plan.catalog, { source: "Karpenter GCP prices (us-central1, on-demand); GCE machine and GPU docs; GKE pricing", date: "2026-08-03", priceRegion: "us-central1" });
  });

  it("plans azure A100 80GB on NC A100 v4 sizes, breaking a tie on peak cost by the base cost", () => {
    // 2 pods × 1 GPU, 20 CPU, 180Gi. Peak: 2 × NC24ads (3.673) = 1 × NC48ads (7.346) = 7.346/h, a tie.
    // Base (1 pod): NC24ads 3.673 against NC48ads 7.346, so NC24ads.
    const plan = planCapacity(spec({ cloud: "azure", services: [service("llm", { min: 1, max: 2 }, { model: "a100-80gb", cpu: 20, memory: "180Gi" })] }));
    assert.deepEqual(names(plan), [["a100-80gb-1", "Standard_NC24ads_A100_v4", 1, 2]]);
    assert.equal(plan.cost.peakPerHour, 7.346);
    assert.equal(plan.cost.basePerHour, 3.673);
    // 2 × Standard_D4s_v5 0.192 + AKS 0.10
    assert.equal(plan.cost.fixedPerHour, 0.484);
  });

  it("honours declared gpuPools: their names, their candidates only, and their spot flag", () => {
    const plan = planCapacity(
      spec({
        gpuPools: [pool("inference", "l4", ["g6.2xlarge", "g6.4xlarge"], true), pool("idle", "a10g", ["g5.xlarge"])],
        services: [service("chat", { min: 2, max: 3 }, { cpu: 3, memory: "12Gi", spot: true })],
      }),
    );
    // g6.xlarge would be cheaper, but only the candidates may be used; the unused pool stays, empty.
    // The spot pool's fallback is derived: the cheapest on-demand l4 type, g6.xlarge, at base 0.
    assert.deepEqual(
      plan.pools.map((p) => [p.name, p.instanceType, p.spot, p.fallbackFor, p.minNodes, p.maxNodes]),
      [
        ["inference", "g6.2xlarge", true, undefined, 2, 3],
        ["inference-fallback", "g6.xlarge", false, "inference", 0, 3],
        ["idle", "g5.xlarge", false, undefined, 0, 0],
      ],
    );
    assert.deepEqual(plan.workloads.map((w) => [w.pool, w.fallbackPool]), [["inference", "inference-fallback"]]);
  });

  it("plans workloads without a GPU onto a CPU pool of their own, never a GPU pool", () => {
    // c7i.large leaves 1.725 CPU and 2930 MiB for pods (catalog aws): one 1-CPU pod per node at
    // $0.08925/h. Four of them at peak cost what one c7i.2xlarge holding all four does ($0.357/h),
    // and two at base cost half of it, so the planner takes c7i.large.
    const plan = planCapacity(
      spec({
        services: [service("ui", { min: 2, max: 4 }, { noGpu: true, cpu: 1, memory: "1Gi" }), service("chat", { min: 1, max: 1 }, { cpu: 3, memory: "12Gi" })],
      }),
    );
    const cpu = plan.pools.find((p) => p.gpu === null)!;
    assert.deepEqual([cpu.name, cpu.instanceType, cpu.gpusPerNode, cpu.minNodes, cpu.maxNodes], ["cpu-1", "c7i.large", 0, 2, 4]);
    assert.deepEqual(
      plan.workloads.map((w) => [w.name, w.pool]),
      [
        ["research/ui", "cpu-1"],
        ["research/chat", "l4-1"],
      ],
    );
    assert.equal(plan.pools.length, 2);
    // Both pools are in the cost: base 2 × 0.08925 + 0.8048, peak 4 × 0.08925 + 0.8048.
    assert.deepEqual([plan.cost.basePerHour, plan.cost.peakPerHour], [0.9833, 1.1618]);
    assert.equal(plan.gpuUtilisationAtPeak, 1);
  });

  it("counts utilisation at peak as GPUs requested over GPUs on the peak nodes", () => {
    // 3 pods × 2 GPUs on g6.12xlarge (4 GPUs): 2 nodes, 6 of 8 GPUs asked for.
    const plan = planCapacity(spec({ services: [service("a", { min: 1, max: 3 }, { gpus: 2, cpu: 8, memory: "16Gi" })] }));
    assert.equal(plan.pools[0]!.maxNodes, 2);
    assert.equal(plan.gpuUtilisationAtPeak, 0.75);
  });

  it("numbers new pools per GPU model in the order of their first workload", () => {
    const plan = planCapacity(
      spec({
        services: [
          service("one", { min: 1, max: 1 }, { gpus: 1, cpu: 2, memory: "8Gi" }),
          service("two", { min: 1, max: 1 }, { gpus: 1, cpu: 40, memory: "100Gi" }),
        ],
      }),
    );
    // "two" fits g6.16xlarge (63.4 CPU) at 3.3968; with "one" on g6.xlarge (0.8048) that is 4.2016/h,
    // less than both on one g6.12xlarge (4.6016).
    assert.deepEqual(names(plan), [
      ["l4-1", "g6.xlarge", 1, 1],
      ["l4-2", "g6.16xlarge", 1, 1],
    ]);
  });
});
