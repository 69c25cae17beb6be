/**
 * A service's canary (issue 12) is more pods of the service's shape on the service's pool: the
 * plan counts them in the service's pods, capacity and cost, says how many are the canary's, and
 * leaves plans without a canary exactly as they were.
 */
import assert from "node:assert/strict";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { capacityText } from "../../../components/capacity/report";
import type { ValidService } from "../../../components/spec/types";
import { service, spec } from "./builder";

/** The service routed through the gateway with a canary of the given replicas (validation states them). */
function withCanary(s: ValidService, replicas: { min: number; max: number }, weight = 50): ValidService {
  return { ...s, expose: "gateway", route: { path: `/${s.namespace}/${s.name}`, canary: { image: "example.com/model:2.0", weight, replicas } } };
}

// One 3 CPU / 12Gi L4 pod per g6.xlarge ($0.8048/h): node counts are pod counts.
const chat = (replicas: { min: number; max: number }) => service("chat", replicas, { cpu: 3, memory: "12Gi" });

describe("planCapacity with a canary", () => {
  it("counts the canary's pods with the service's, at base its min and at peak its max, and says which are its", () => {
    const plan = planCapacity(spec({ services: [withCanary(chat({ min: 2, max: 4 }), { min: 1, max: 2 })] }));
    assert.deepEqual(plan.workloads, [
      { name: "research/chat", kind: "service", pool: "l4-1", basePods: 3, peakPods: 6, canary: { basePods: 1, peakPods: 2 }, perPod: { gpus: 1, cpu: 3, memoryGiB: 12 } },
    ]);
    assert.deepEqual(
      plan.pools.map((p) => [p.name, p.instanceType, p.minNodes, p.maxNodes, p.peak.nodes.flatMap((n) => n.pods)]),
      [["l4-1", "g6.xlarge", 3, 6, ["research/chat#0", "research/chat#1", "research/chat#2", "research/chat#3", "research/chat#4", "research/chat#5"]]],
    );
    // base 3 × 0.8048, peak 6 × 0.8048.
    assert.equal(plan.cost.basePerHour, 2.4144);
    assert.equal(plan.cost.peakPerHour, 4.8288);
    assert.equal(plan.gpuUtilisationAtPeak, 1);
  });

  it("plans the same pools and cost as the service with the canary's replicas added", () => {
    const canary = planCapacity(spec({ services: [withCanary(chat({ min: 2, max: 4 }), { min: 1, max: 2 })] }));
    const bigger = planCapacity(spec({ services: [chat({ min: 3, max: 6 })] }));
    assert.deepEqual(canary.pools, bigger.pools);
    assert.deepEqual(canary.cost, bigger.cost);
  });

  it("keeps the canary's pods on a spot service's pools, the fallback pool included", () => {
    const spotChat = service("chat", { min: 2, max: 4 }, { cpu: 3, memory: "12Gi", spot: true });
    const plan = planCapacity(spec({ services: [withCanary(spotChat, { min: 1, max: 2 })] }));
    const w = plan.workloads[0]!;
    assert.deepEqual([w.basePods, w.peakPods, w.canary], [3, 6, { basePods: 1, peakPods: 2 }]);
    assert.ok(w.fallbackPool !== undefined, "a spot service has a fallback pool");
    const fallback = plan.pools.find((p) => p.name === w.fallbackPool)!;
    assert.equal(fallback.maxNodes, 6);
  });

  it("writes the canary's pods into the lock and plans the same lock again from it", () => {
    const s = spec({ services: [withCanary(chat({ min: 2, max: 4 }), { min: 1, max: 2 })] });
    const first = serializeLock(planCapacity(s));
    assert.match(first, /"peakPods": 6,\n {6}"canary": \{\n {8}"basePods": 1,\n {8}"peakPods": 2\n {6}\},/);
    assert.equal(serializeLock(planCapacity(s, parseLock(first, "stacks/capacity.dev.json"))), first);
  });

  it("marks the service with a canary in the plan's table", () => {
    const text = capacityText(planCapacity(spec({ services: [withCanary(chat({ min: 2, max: 4 }), { min: 1, max: 2 })] })), 200);
    assert.match(text, /research\/chat \+canary/);
  });

  it("leaves a plan without a canary without the field, in the plan and in the lock", () => {
    const plan = planCapacity(spec({ services: [{ ...chat({ min: 2, max: 4 }), expose: "gateway", route: { path: "/research/chat" } }] }));
    assert.equal("canary" in plan.workloads[0]!, false);
    assert.deepEqual([plan.workloads[0]!.basePods, plan.workloads[0]!.peakPods], [2, 4]);
    assert.doesNotMatch(serializeLock(plan), /canary/);
    assert.doesNotMatch(capacityText(plan), /canary/);
  });
});
