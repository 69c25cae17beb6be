import assert from "node:assert/strict";
import fc from "fast-check";
import { AGENT_POOL_NAME_PATTERN, agentPoolBase, agentPoolName, planAgentPools, resolveAksOptions } from "../../../../components/cluster/azure";
import { agentPoolShape } from "../../../../components/cluster/azure/agent-pools-plan";
import { A100, CPU_SPOT, D8, T4, args, cpuPool, fallbackOf, pool } from "./fixtures";

const options = resolveAksOptions(args());

describe("AKS agent pools of a plan", () => {
  it("derives a valid AKS pool name from any pool name", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), fc.constantFrom(A100, T4, D8), fc.boolean(), (name, vmSize, spot) => {
        const shape = agentPoolShape(vmSize === D8 ? cpuPool(name, vmSize, { spot }) : pool(name, vmSize, { spot }), options);
        assert.match(agentPoolName(name, shape), AGENT_POOL_NAME_PATTERN);
      }),
    );
  });

  it("keeps the readable part of the pool name, starting with a letter", () => {
    assert.equal(agentPoolBase("a100-80gb-1"), "a10080gb");
    assert.equal(agentPoolBase("l4"), "l4");
    assert.equal(agentPoolBase("8-gpu"), "p8gpu");
  });

  it("keeps the same name when only autoscaler bounds change", () => {
    const before = planAgentPools([pool("serve", A100, { min: 1, max: 3 })], options)[0].name;
    const after = planAgentPools([pool("serve", A100, { min: 0, max: 9 })], options)[0].name;
    assert.equal(after, before);
  });

  it("changes the name when a creation-time input changes, so a replacement pool can run beside the old one", () => {
    const base = planAgentPools([pool("serve", A100)], options)[0].name;
    const names = [
      planAgentPools([pool("serve", "Standard_NC48ads_A100_v4")], options)[0].name,
      planAgentPools([pool("serve", A100, { spot: true })], options)[0].name,
      planAgentPools([pool("serve", A100)], resolveAksOptions(args({ gpuOsDiskSizeGB: 512 })))[0].name,
      planAgentPools([pool("serve", A100)], resolveAksOptions(args({ encryptionAtHost: false })))[0].name,
      planAgentPools([pool("serve", A100)], resolveAksOptions(args({ availabilityZones: { pools: { serve: ["1"] } } })))[0].name,
    ];
    for (const n of names) {
      assert.notEqual(n, base);
      assert.equal(n.slice(0, 5), "serve");
    }
    assert.equal(new Set(names).size, names.length);
  });

  it("adds AKS's Spot label and taint to a Spot pool's placement but not to its nodeTaints input", () => {
    const [p] = planAgentPools([pool("batch", T4, { spot: true })], options);
    assert.deepEqual(p.nodeTaints, ["nvidia.com/gpu=present:NoSchedule"]);
    assert.deepEqual(p.taints.map((t) => `${t.key}=${t.value}:${t.effect}`), ["nvidia.com/gpu=present:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]);
    assert.equal(p.labels["kubernetes.azure.com/scalesetpriority"], "spot");
    assert.deepEqual(Object.keys(p.nodeLabels).sort(), ["ml-clusters.io/gpu", "ml-clusters.io/pool"]);
  });

  it("keeps a GPU pool's AKS name as it was before CPU pools existed, so no GPU pool is replaced", () => {
    assert.deepEqual(planAgentPools([pool("a100-80gb-1", A100, { min: 1, max: 3 }), pool("batch", T4, { spot: true })], options).map((p) => p.name), ["a10080gbbee7", "batch099e"]);
  });

  it("gives a CPU pool Azure Linux, the system pool's disk size and no GPU profile", () => {
    const [p] = planAgentPools([cpuPool("cpu-1", D8)], options);
    assert.equal(p.shape.osSKU, "AzureLinux");
    assert.equal(p.shape.osDiskSizeGB, 128);
    assert.equal("gpuProfile" in p.shape, false);
    assert.deepEqual(p.nodeTaints, []);
    assert.equal(p.labels["kubernetes.azure.com/accelerator"], undefined);
  });

  it("names a spot pool and its fallback apart", () => {
    const [spot, fallback] = planAgentPools([CPU_SPOT, fallbackOf(CPU_SPOT)], options);
    assert.notEqual(spot.name, fallback.name);
    assert.deepEqual([spot.shape.scaleSetPriority, fallback.shape.scaleSetPriority], ["Spot", "Regular"]);
    assert.deepEqual(fallback.taints, []);
  });

  it("gives on-demand pools no Spot fields", () => {
    const [p] = planAgentPools([pool("serve", A100)], options);
    assert.equal(p.shape.scaleSetPriority, "Regular");
    assert.equal("scaleSetEvictionPolicy" in p.shape, false);
    assert.equal("spotMaxPrice" in p.shape, false);
    assert.equal(p.labels["kubernetes.azure.com/scalesetpriority"], undefined);
  });
});
