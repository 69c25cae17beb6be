import assert from "node:assert/strict";
import { GPU_START_GRACE, alertRuleGroups, gpuPricesOfPlan, idleCostTemplate } from "../../../components/k8s/alerts";
import type { PlanPool } from "../../../components/capacity/types";
import { monitoringProblems } from "../../../components/k8s/monitoring";
import { FakeCluster } from "../../../components/cluster/fake";
import { POOLS } from "./fixtures";

function pool(name: string, over: Partial<PlanPool>): PlanPool {
  return { name, gpu: "a100-80gb", instanceType: "x", spot: false, gpusPerNode: 8, pricePerHour: 40, minNodes: 0, maxNodes: 1, ...over } as PlanPool;
}

describe("Alert rules", () => {
  it("price an idle GPU per pool at the node's price over its GPUs, spot price where the plan has one, CPU pools left out", () => {
    const plan = {
      pools: [
        pool("a100", { pricePerHour: 40.96, gpusPerNode: 8 }),
        pool("a100-spot-1", { spot: true, pricePerHour: 40.96, spotPricePerHour: 16, gpusPerNode: 8 }),
        pool("cpu-1", { gpu: null, gpusPerNode: 0, pricePerHour: 0.4 }),
      ],
    };
    assert.deepEqual(gpuPricesOfPlan(plan), { a100: 5.12, "a100-spot-1": 2 });
  });

  it("write the idle cost as one template branch per pool, and nothing without prices", () => {
    assert.equal(
      idleCostTemplate({ l4: 0.7, a100: 5.12 }),
      '{{ if eq $labels.pool "a100" }} It costs $5.12 an hour.{{ else if eq $labels.pool "l4" }} It costs $0.70 an hour.{{ end }}',
    );
    assert.equal(idleCostTemplate({}), "");
    const idle = alertRuleGroups()[0].rules.find((r) => r.alert === "GpuIdleWhileHeld")!;
    assert.equal(idle.annotations.summary, "Pod {{ $labels.namespace }}/{{ $labels.pod }} has held GPU {{ $labels.gpu }} on node {{ $labels.node }} (pool {{ $labels.pool }}) under 5% utilisation for 2 hours.");
  });

  it("give a GPU pod a node's provision time, an image pull and 5 minutes before calling it stuck", () => {
    assert.equal(GPU_START_GRACE, "30m");
  });

  it("rejects a negative or non-finite GPU price, naming the pool", () => {
    const contract = new FakeCluster("t", { pools: POOLS, gpuDriver: { driverRoot: "/", devicePluginManaged: false } });
    assert.deepEqual(monitoringProblems({ contract, gpuPricePerHour: { a100: -1, l4: Number.NaN, h100: 3 } }), [
      { path: "gpuPricePerHour.a100", message: "must be a price in USD per GPU and hour, 0 or more, got -1" },
      { path: "gpuPricePerHour.l4", message: "must be a price in USD per GPU and hour, 0 or more, got null" },
    ]);
  });
});
