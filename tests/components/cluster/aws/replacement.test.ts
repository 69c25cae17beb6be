import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { EKS_FORCE_NEW, EksCluster, EksClusterArgs } from "../../../../components/cluster/aws";
import type { ValidAccess, ValidNamespace, ValidService } from "../../../../components/spec/types";
import { input, MockRun, render, unwrapSecrets } from "../../../helpers/mocks";
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


/**
 * Renders the cluster and, as the Kubernetes layer does, one identity per workload with `access`,
 * each under its own parent and bound to the workload's ServiceAccount (named after it).
 */
function renderWithIdentities(args: EksClusterArgs): Promise<MockRun> {
  return render(() => {
    const cluster = new EksCluster("ml", args);
    for (const w of [...args.spec.services, ...args.spec.trainingJobs]) {
      if (w.access === undefined) continue;
      const name = `${w.namespace}-${w.name}`;
      cluster.workloadIdentity(name, { key: w.key, namespace: w.namespace, serviceAccount: w.name, access: w.access }, new pulumi.ComponentResource("test:index:Workload", name));
    }
    return {};
  });
}

/** Names of the resources in `after` that `before` lacks. */
function addedBetween(before: MockRun, after: MockRun): string[] {
  const urns = new Set(before.resources.map((r) => r.urn));
  return after.resources.filter((r) => !urns.has(r.urn)).map((r) => r.name).sort();
}

describe("EksCluster replacement guard with identities", () => {
  const ALICE = "arn:aws:iam::123456789012:role/alice";
  const READ: ValidAccess = { read: [{ url: "s3://models/llama", bucket: "models", prefix: "llama" }], write: [] };
  const args = (over: { access?: ValidAccess; members?: Record<string, string[]>; registries?: boolean } = {}): EksClusterArgs =>
    eksArgs(
      {},
      {
        namespaces: [RESEARCH, validNamespace({ name: "vision" })].map((ns) => (over.members?.[ns.name] ? { ...ns, members: over.members[ns.name] } : ns)),
        services: [service(over.access ? { access: over.access } : {})],
        ...(over.registries
          ? { registries: [{ written: "210987654321.dkr.ecr.us-west-2.amazonaws.com", imagePrefix: "210987654321.dkr.ecr.us-west-2.amazonaws.com/", account: "210987654321", region: "us-west-2" }] }
          : {}),
      },
    );
  let base: MockRun;
  let withAccess: MockRun;
  before(async () => {
    base = await renderWithIdentities(args());
    withAccess = await renderWithIdentities(args({ access: READ }));
  });

  it("has a ForceNew list for every resource type an identity or a member adds", async () => {
    const run = await renderWithIdentities(args({ access: READ, members: { research: [ALICE] } }));
    const types = [...new Set(run.resources.filter((r) => r.custom).map((r) => r.type))].sort();
    assert.deepEqual(types.filter((t) => EKS_FORCE_NEW[t] === undefined), []);
  });

  it("adds a workload's access as its role, policy and association, touching nothing that exists", () => {
    assert.deepEqual(replacementsBetween(base, withAccess), []);
    assert.deepEqual(changesBetween(base, withAccess), []);
    assert.deepEqual(addedBetween(base, withAccess), ["research-chat", "research-chat-pod-identity", "research-chat-role", "research-chat-storage"]);
  });

  it("removes a workload's access by deleting only its identity", () => {
    assert.deepEqual(replacementsBetween(withAccess, base), ["research-chat deleted", "research-chat-pod-identity deleted", "research-chat-role deleted", "research-chat-storage deleted"]);
  });

  it("changes a workload's access by rewriting its policy in place", async () => {
    const wider: ValidAccess = { ...READ, write: [{ url: "s3://ckpt/chat", bucket: "ckpt", prefix: "chat" }] };
    const after = await renderWithIdentities(args({ access: wider }));
    assert.deepEqual(replacementsBetween(withAccess, after), []);
    assert.deepEqual(changesBetween(withAccess, after), ["research-chat-storage policy"]);
  });

  it("adds a member as one access entry, touching no node group, the cluster or the admin entry", async () => {
    const after = await renderWithIdentities(args({ members: { research: [ALICE] } }));
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after), []);
    assert.deepEqual(addedBetween(base, after), [after.resources.find((r) => r.name.startsWith("ml-member-alice-"))!.name]);
  });

  it("adds a member to a second namespace by updating the groups of its entry in place", async () => {
    const before = await renderWithIdentities(args({ members: { research: [ALICE] } }));
    const after = await renderWithIdentities(args({ members: { research: [ALICE], vision: [ALICE] } }));
    const entry = after.resources.find((r) => r.name.startsWith("ml-member-alice-"))!.name;
    assert.deepEqual(replacementsBetween(before, after), []);
    assert.deepEqual(changesBetween(before, after), [`${entry} kubernetesGroups`]);
  });

  it("adds a registry in another account without touching any resource", async () => {
    const after = await renderWithIdentities(args({ registries: true }));
    assert.deepEqual(replacementsBetween(base, after), []);
    assert.deepEqual(changesBetween(base, after), []);
    assert.deepEqual(addedBetween(base, after), []);
  });
});
