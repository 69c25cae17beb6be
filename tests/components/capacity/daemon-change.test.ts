/**
 * A daemon added to the catalogue takes room on every node, so a lock written before it may hold a
 * pod that no longer fits its pool's type. Such a pool changes type in the open (the plan's
 * `replacements` say why); every other pool keeps its type, and only `--replan` moves it.
 */
import assert from "node:assert/strict";
import { allocatable } from "../../../components/capacity/allocatable";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { daemonRequest } from "../../../components/catalog/daemons";
import { findInstanceType } from "../../../components/catalog/instances/lookup";
import { service, spec } from "./builder";

const G6_XLARGE = allocatable(findInstanceType("aws", "g6.xlarge")!);
const AGENT = daemonRequest("eks-node-monitoring-agent");
const chat = (cpuMillis: number) => spec({ services: [service("chat", { min: 1, max: 2 }, { cpu: `${cpuMillis}m`, memory: "12Gi" })] });
const summary = (plan: ReturnType<typeof planCapacity>) => plan.pools.map((p) => [p.name, p.instanceType, p.minNodes, p.maxNodes]);

describe("plan lock when the daemon table grows", () => {
  // A lock whose pool is g6.xlarge, as written before the node monitoring agent was counted.
  const lock = parseLock(serializeLock(planCapacity(chat(G6_XLARGE.cpuMillis))), "stacks/capacity.dev.json");

  it("keeps the locked type for a pod that still fits beside the node monitoring agent", () => {
    const next = planCapacity(chat(G6_XLARGE.cpuMillis), lock);
    assert.deepEqual(summary(next), [["l4-1", "g6.xlarge", 1, 2]]);
    assert.deepEqual(next.replacements, []);
  });

  it("replaces a locked type only when the agent's request leaves its pod no room, and says why", () => {
    // The pod took all a g6.xlarge left before the agent: now it is AGENT.cpuMillis too large.
    const before = G6_XLARGE.cpuMillis + AGENT.cpuMillis;
    assert.equal(before, 3565);
    const next = planCapacity(chat(before), lock);
    assert.deepEqual(summary(next), [["l4-1", "g6.2xlarge", 1, 2]]);
    assert.deepEqual(next.replacements, [
      { pool: "l4-1", from: "g6.xlarge", to: "g6.2xlarge", reason: "research/chat (1 × l4, 3565m CPU, 12Gi per pod) no longer fits g6.xlarge" },
    ]);
  });
});
