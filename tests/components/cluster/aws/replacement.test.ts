import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { EKS_FORCE_NEW, EksClusterArgs } from "../../../../components/cluster/aws";
import type { ValidNamespace, ValidService } from "../../../../components/spec/types";
import { input, MockRun, unwrapSecrets } from "../../../helpers/mocks";
import { planPool, validNamespace, validService } from "../../../helpers/builders";
import { awsPlan, CPU_AND_SPOT_POOLS, eksArgs, renderEks, TWO_POOLS } from "./fixtures";

/** The base's service: research/chat with its model in the environment and a 15-minute startup. */
function service(overrides: Partial<ValidService> = {}): ValidService {
  return validService({ env: { MODEL: "meta-llama/Llama-3.1-8B-Instruct" }, health: { startupSeconds: 900 }, ...overrides });
}

const RESEARCH: ValidNamespace = validNamespace();

/** The base: one namespace, one service on the L4 pool. */
function baseArgs(): EksClusterArgs {
  return eksArgs({}, { namespaces: [RESEARCH], services: [service()] });
}

/** Every ForceNew input that differs between two renders, as `<name> <path>`, and resources that disappeared. */
function replacementsBetween(before: MockRun, after: MockRun): string[] {
  const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
  const out: string[] = [];
  for (const b of before.resources) {
    const a = afterByUrn.get(b.urn);
    if (a === undefined) {
      out.push(`${b.name} deleted`);
      continue;
    }
    for (const path of EKS_FORCE_NEW[b.type] ?? []) {
      if (!isDeepStrictEqual(unwrapSecrets(input(b, path)), unwrapSecrets(input(a, path)))) out.push(`${b.name} ${path}`);
    }
  }
  return out;
}

/** Every input of every resource that differs, as `<name> <key>` (top-level keys). */
function changesBetween(before: MockRun, after: MockRun): string[] {
  const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
  return before.resources.flatMap((b) => {
    const a = afterByUrn.get(b.urn);
    if (a === undefined) return [];
    const keys = new Set([...Object.keys(b.inputs), ...Object.keys(a.inputs)]);
    return [...keys].filter((k) => !isDeepStrictEqual(unwrapSecrets(b.inputs[k]), unwrapSecrets(a.inputs[k]))).map((k) => `${b.name} ${k}`);
  });
}

describe("EksCluster replacement guard", () => {
  let base: MockRun;
  before(async () => {
    ({ run: base } = await renderEks(baseArgs()));
  });

  it("has a ForceNew list for every resource type it creates", () => {
    const types = [...new Set(base.resources.filter((r) => r.custom).map((r) => r.type))].sort();
    assert.deepEqual(types.filter((t) => EKS_FORCE_NEW[t] === undefined), []);
  });

  it("replaces nothing when a service's replica count changes", async () => {
    const args = baseArgs();
    const { run: after } = await renderEks({ ...args, spec: { ...args.spec, services: [service({ replicas: { min: 2, max: 6 } })] } });
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.equal(after.resources.length, base.resources.length);
  });

  it("replaces nothing when a workload's environment changes or a namespace is added", async () => {
    const args = baseArgs();
    const spec = { ...args.spec, namespaces: [RESEARCH, validNamespace({ name: "vision", groups: ["ml-vision"] })], services: [service({ env: { MODEL: "other", LOG: "debug" } })] };
    const { run: after } = await renderEks({ ...args, spec });
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(after.resources.map((r) => r.urn), base.resources.map((r) => r.urn));
  });

  it("changes a pool's bounds in place: only its scaling config moves, nothing is replaced", async () => {
    const args = baseArgs();
    const pools = [planPool({ minNodes: 2, maxNodes: 6 }), TWO_POOLS[1]];
    const { run: after } = await renderEks({ ...args, plan: awsPlan(pools) });
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after), ["ml-l4-1 scalingConfig"]);
  });

  it("adds a pool without touching the cluster or the other pools", async () => {
    const args = baseArgs();
    const pools = [...TWO_POOLS, planPool({ name: "l40s", gpu: "l40s", instanceType: "g6e.xlarge", pricePerHour: 1.861, minNodes: 0, maxNodes: 2 })];
    const { run: after } = await renderEks({ ...args, plan: awsPlan(pools) });
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after), []);
  });

  it("detects the replacement a new instance type for a pool really causes", async () => {
    const args = baseArgs();
    const pools = [planPool({ instanceType: "g6.2xlarge", pricePerHour: 0.9776 }), TWO_POOLS[1]];
    const { run: after } = await renderEks({ ...args, plan: awsPlan(pools) });
    // The node group, and the CA tag that names the instance type (on the group's new ASG anyway).
    assert.deepEqual(replacementsBetween(base, after).sort(), ["ml-l4-1 instanceTypes", "ml-l4-1-label-node-kubernetes-io-instance-type tag"]);
  });

  it("detects the cluster replacement a new cluster name causes", async () => {
    const args = baseArgs();
    const { run: after } = await renderEks({ ...args, spec: { ...args.spec, name: "ml-prod" } });
    assert.ok(replacementsBetween(base, after).includes("ml-cluster name"));
  });
});

describe("EksCluster replacement guard with CPU and Spot pools", () => {
  const pools = [...TWO_POOLS, ...CPU_AND_SPOT_POOLS];
  const args = (over: { services?: ValidService[]; pools?: typeof pools } = {}): EksClusterArgs =>
    eksArgs({}, { namespaces: [RESEARCH], services: over.services ?? [service()] }, over.pools ?? pools);
  let base: MockRun;
  before(async () => {
    ({ run: base } = await renderEks(args()));
  });

  it("replaces nothing and changes nothing when a service's replicas or environment change", async () => {
    const { run: after } = await renderEks(args({ services: [service({ replicas: { min: 2, max: 6 }, env: { MODEL: "other" } })] }));
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after), []);
  });

  it("changes a CPU pool's and a Spot pool's bounds in place: only their scaling configs move", async () => {
    const moved = pools.map((p) => (p.name === "cpu-1" || p.name === "cpu-spot-1" ? { ...p, maxNodes: p.maxNodes + 2 } : p));
    const { run: after } = await renderEks(args({ pools: moved }));
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after).sort(), ["ml-cpu-1 scalingConfig", "ml-cpu-spot-1 scalingConfig"]);
  });

  it("changes only CA's priorities when a Spot pool and its fallback are added", async () => {
    const { run: before } = await renderEks(args({ pools: pools.filter((p) => !p.name.startsWith("l4-spot-1")) }));
    assert.deepEqual(replacementsBetween(before, base), []);
    assert.deepEqual(changesBetween(before, base), ["ml-cluster-autoscaler values"]);
  });

  it("detects the replacement a changed Spot type list really causes", async () => {
    const changed = pools.map((p) => (p.name === "cpu-spot-1" ? { ...p, instanceTypes: ["m7i.xlarge", "r7i.xlarge"] } : p));
    const { run: after } = await renderEks(args({ pools: changed }));
    assert.deepEqual(replacementsBetween(base, after), ["ml-cpu-spot-1 instanceTypes"]);
  });
});

