/**
 * Every cloud's system pool follows the plan (capacity/system-pool.ts): the type the lock keeps
 * and the node counts sized from the add-ons, not the spec's defaults.
 */
import assert from "node:assert/strict";
import type { CapacityPlan } from "../../../components/capacity/types";
import { input, one, render, unwrapSecrets } from "../../helpers/mocks";
import { eksArgs, one as oneAws, renderEks } from "./aws/fixtures";
import { args as aksArgs, program as aksProgram } from "./azure/fixtures";
import { gkeArgs, renderGke } from "./gcp/fixtures";

/** A plan whose system pool differs from the spec's 2-4 defaults in type and both counts. */
function sized(plan: CapacityPlan, instanceType: string): CapacityPlan {
  return { ...plan, fixed: { systemPool: { instanceType, nodes: 3, pricePerHour: 0.2, minNodes: 3, maxNodes: 7 }, controlPlanePerHour: 0.1 } };
}

describe("system pool from the plan", () => {
  it("sizes the EKS system node group from the plan", async () => {
    const base = eksArgs();
    const { run } = await renderEks({ ...base, plan: sized(base.plan, "m7i.xlarge") });
    const group = oneAws(run, "aws:eks/nodeGroup:NodeGroup", "ml-system");
    assert.deepEqual(input(group, "instanceTypes"), ["m7i.xlarge"]);
    assert.deepEqual(input(group, "scalingConfig"), { minSize: 3, maxSize: 7, desiredSize: 3 });
  });

  it("sizes the GKE system node pool's totals from the plan", async () => {
    const base = gkeArgs();
    const run = await renderGke({ ...base, plan: sized(base.plan, "e2-standard-8") });
    const pool = one(run, "gcp:container/nodePool:NodePool", "ml-dev-system");
    assert.equal(input(pool, "nodeConfig.machineType"), "e2-standard-8");
    assert.deepEqual(input(pool, "autoscaling"), { totalMinNodeCount: 3, totalMaxNodeCount: 7, locationPolicy: "BALANCED" });
  });

  it("creates the AKS inline system pool from the plan", async () => {
    const base = aksArgs();
    const run = await render(aksProgram({ ...base, plan: sized(base.plan, "Standard_D8s_v5") }));
    const system = (unwrapSecrets(input(one(run, "azure-native:containerservice:ManagedCluster"), "agentPoolProfiles")) as Record<string, unknown>[])[0]!;
    assert.deepEqual([system.vmSize, system.count, system.minCount, system.maxCount], ["Standard_D8s_v5", 3, 3, 7]);
  });
});
