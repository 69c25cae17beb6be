import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AZURE_FORCE_NEW, AksCluster } from "../../../../components/cluster/azure";
import type { ValidAccess, ValidService, ValidSpec } from "../../../../components/spec/types";
import { MockRun, input, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { validNamespace, validService } from "../../../helpers/builders";
import { A100, CPU_SPOT, D8, DATA_SUBSCRIPTION, MIXED_POOLS, T4_SPOT, acr, args, containerLocation, cpuPool, fallbackOf, plan, pool, program, spec } from "./fixtures";

/** chat on one A100 80GB (the base plan's on-demand pool), with a 15-minute startup. */
function service(replicas: { min: number; max: number }, namespace = "research"): ValidService {
  return validService({ namespace, gpu: { model: "a100-80gb", count: 1 }, replicas, health: { startupSeconds: 900 } });
}

const BASE_SPEC: Partial<ValidSpec> = {
  apiAccess: { allowedCidrs: ["203.0.113.0/24"] },
  namespaces: [validNamespace()],
  services: [service({ min: 1, max: 3 })],
};

/** Every replacement-forcing input of every resource, by URN; inputs under ignoreChanges Pulumi never diffs. */
function forceNewInputs(run: MockRun): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of run.resources) {
    const paths = AZURE_FORCE_NEW[r.type];
    if (paths === undefined) continue;
    const ignored = r.options.ignoreChanges ?? [];
    const diffed = paths.filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`)));
    out.set(r.urn, Object.fromEntries(diffed.map((p) => [p, unwrapSecrets(input(r, p))])));
  }
  return out;
}

/** URNs whose replacement-forcing inputs differ between two renders (resources added or removed included). */
function replaced(before: MockRun, after: MockRun): string[] {
  const a = forceNewInputs(before);
  const b = forceNewInputs(after);
  const urns = new Set([...a.keys(), ...b.keys()]);
  return [...urns].filter((u) => JSON.stringify(a.get(u)) !== JSON.stringify(b.get(u))).sort();
}

describe("AksCluster replacement safety (mock engine)", () => {
  let base: MockRun;
  before(async () => {
    // Every kind of pool: GPU and CPU, spot pools with their fallbacks, the priority ConfigMap.
    base = await render(program(args({ spec: spec(BASE_SPEC), plan: plan(MIXED_POOLS) })));
  });

  it("covers every Azure and Kubernetes resource type the cluster registers in its replacement table", () => {
    const types = new Set(base.resources.filter((r) => r.custom).map((r) => r.type));
    assert.deepEqual([...types].filter((t) => AZURE_FORCE_NEW[t] === undefined), []);
  });

  it("replaces nothing when replica counts, namespaces and authorized networks change", async () => {
    const after = await render(
      program(
        args({
          spec: spec({
            ...BASE_SPEC,
            apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
            namespaces: [validNamespace(), validNamespace({ name: "vision", groups: ["ml-vision"] })],
            services: [service({ min: 2, max: 8 }), service({ min: 1, max: 1 }, "vision")],
          }),
          plan: plan(MIXED_POOLS),
        }),
      ),
    );
    assert.deepEqual(replaced(base, after), []);
  });

  it("replaces nothing when a pool's or the system pool's bounds change, CPU, spot and fallback pools included", async () => {
    const cpuSpot = { ...CPU_SPOT, minNodes: 3, maxNodes: 9 };
    const t4Spot = { ...T4_SPOT, minNodes: 1, maxNodes: 5 };
    const after = await render(
      program(
        args({
          spec: spec({ ...BASE_SPEC, systemPool: { instanceType: "Standard_D4s_v5", minNodes: 3, maxNodes: 6 } }),
          plan: plan([
            pool("a100-80gb-1", A100, { min: 0, max: 6 }),
            cpuPool("cpu-1", D8, { min: 0, max: 12 }),
            cpuSpot,
            { ...fallbackOf(cpuSpot), maxNodes: 9 },
            t4Spot,
            { ...fallbackOf(t4Spot), maxNodes: 5 },
          ]),
        }),
      ),
    );
    assert.deepEqual(replaced(base, after), []);
  });

  it("replaces only that node pool, under a new AKS name, when a pool's VM size changes", async () => {
    const after = await render(
      program(args({ spec: spec(BASE_SPEC), plan: plan([pool("a100-80gb-1", "Standard_NC48ads_A100_v4", { min: 1, max: 3 }), ...MIXED_POOLS.slice(1)]) })),
    );
    const urns = replaced(base, after);
    assert.deepEqual(urns.map((u) => u.split("::").pop()), ["ml-a100-80gb-1"]);
    const name = (run: MockRun) => forceNewInputs(run).get(urns[0])!.agentPoolName;
    assert.notEqual(name(after), name(base));
  });

  it("replaces only that CPU pool when its VM size changes", async () => {
    const after = await render(
      program(args({ spec: spec(BASE_SPEC), plan: plan(MIXED_POOLS.map((p) => (p.name === "cpu-1" ? { ...p, instanceType: "Standard_D16s_v5" } : p))) })),
    );
    assert.deepEqual(replaced(base, after).map((u) => u.split("::").pop()), ["ml-cpu-1"]);
  });

  describe("identity", () => {
    const TEAM = "6f1c3a52-0d1e-4c1b-9a57-3c1e2b7d9f10";

    /** The base cluster, plus the chat service's workload identity when it has access. */
    function withIdentity(specOverrides: Partial<ValidSpec>, access?: ValidAccess) {
      return withIdentities(specOverrides, access === undefined ? {} : { chat: access });
    }

    /** The base cluster and a workload identity for each named workload of the research namespace. */
    function withIdentities(specOverrides: Partial<ValidSpec>, accesses: Readonly<Record<string, ValidAccess>>) {
      return () => {
        const cluster = new AksCluster("ml", args({ spec: spec({ ...BASE_SPEC, ...specOverrides }), plan: plan(MIXED_POOLS) }));
        for (const [name, access] of Object.entries(accesses)) {
          const workload = new pulumi.ComponentResource("test:index:Workload", name, {}, {});
          cluster.workloadIdentity(`ml-research-${name}`, { key: `research/${name}`, namespace: "research", serviceAccount: name, access }, workload);
        }
      };
    }

    const WRITER_ROLE = `ml-blob-writer-${DATA_SUBSCRIPTION}`;

    /** URNs present before and after whose replacement-forcing inputs differ. */
    function replacedExisting(before: MockRun, after: MockRun): string[] {
      const existing = new Set(before.resources.map((r) => r.urn));
      return replaced(before, after).filter((u) => existing.has(u) && after.resources.some((r) => r.urn === u));
    }

    function added(before: MockRun, after: MockRun): string[] {
      const existing = new Set(before.resources.map((r) => r.urn));
      return after.resources.filter((r) => !existing.has(r.urn)).map((r) => `${r.type.split(":").pop()} ${r.name}`);
    }

    it("covers the identity's resource types in the replacement table", async () => {
      const run = await render(withIdentity({ namespaces: [validNamespace({ members: [`user:${TEAM}`] })] }, { read: [], write: [containerLocation("mlruns", "ckpt")] }));
      const types = new Set(run.resources.filter((r) => r.custom).map((r) => r.type));
      assert.ok(types.has("azure-native:managedidentity:FederatedIdentityCredential"));
      assert.ok(types.has("azure-native:authorization:RoleDefinition"));
      assert.deepEqual([...types].filter((t) => AZURE_FORCE_NEW[t] === undefined), []);
    });

    it("replaces nothing, no node pool and not the cluster, when a workload gains access, a namespace a member and the platform a registry", async () => {
      const before = await render(withIdentity({}));
      const after = await render(
        withIdentity(
          { namespaces: [validNamespace({ members: [`group:${TEAM}`] })], registries: [acr("mlimages")] },
          { read: [containerLocation("mlweights", "models", "llama")], write: [] },
        ),
      );
      assert.deepEqual(replacedExisting(before, after), []);
      assert.deepEqual(added(before, after).sort(), [
        "FederatedIdentityCredential ml-research-chat-federation",
        "RoleAssignment ml-acr-pull-mlimages",
        `RoleAssignment ml-cluster-user-${TEAM}`,
        "RoleAssignment ml-research-chat-read-mlweights-models",
        `RoleAssignment ml-research-writer-${TEAM}`,
        `RoleDefinition ml-blob-reader-${DATA_SUBSCRIPTION}`,
        "UserAssignedIdentity ml-research-chat-identity",
        "Workload chat",
      ]);
    });

    it("replaces nothing when a workload's prefix changes: the condition is edited in place", async () => {
      const before = await render(withIdentity({}, { read: [containerLocation("mlweights", "models", "llama")], write: [] }));
      const after = await render(withIdentity({}, { read: [containerLocation("mlweights", "models", "mistral"), containerLocation("mlweights", "models", "llama")], write: [] }));
      assert.deepEqual(replaced(before, after), []);
      const condition = (run: MockRun) => input(one(run, "azure-native:authorization:RoleAssignment", "ml-research-chat-read-mlweights-models"), "condition");
      assert.notEqual(condition(after), condition(before));
    });

    it("removes only the workload's identity, credential and grants, and the writer role it alone used, when its access goes away", async () => {
      const before = await render(withIdentity({}, { read: [], write: [containerLocation("mlruns", "ckpt")] }));
      const after = await render(withIdentity({}));
      assert.deepEqual(replacedExisting(before, after), []);
      assert.deepEqual(added(after, before).sort(), [
        "FederatedIdentityCredential ml-research-chat-federation",
        "RoleAssignment ml-research-chat-write-mlruns-ckpt",
        `RoleDefinition ${WRITER_ROLE}`,
        "UserAssignedIdentity ml-research-chat-identity",
        "Workload chat",
      ]);
    });

    it("replaces nothing, and leaves the writer role as it was, when a second workload writes to the same container", async () => {
      const chat = { read: [], write: [containerLocation("mlruns", "ckpt", "chat")] };
      const before = await render(withIdentities({}, { chat }));
      const after = await render(withIdentities({}, { chat, train: { read: [], write: [containerLocation("mlruns", "ckpt", "train")] } }));
      assert.deepEqual(replacedExisting(before, after), []);
      assert.deepEqual(added(before, after).sort(), [
        "FederatedIdentityCredential ml-research-train-federation",
        "RoleAssignment ml-research-train-write-mlruns-ckpt",
        "UserAssignedIdentity ml-research-train-identity",
        "Workload train",
      ]);
      const role = (run: MockRun) => one(run, "azure-native:authorization:RoleDefinition", WRITER_ROLE).inputs;
      assert.deepEqual(role(after), role(before));
      const chatGrant = (run: MockRun) => one(run, "azure-native:authorization:RoleAssignment", "ml-research-chat-write-mlruns-ckpt").inputs;
      assert.deepEqual(chatGrant(after), chatGrant(before));
    });

    it("removes only that workload's identity and grant, keeping the shared writer role and the other's assignment, when one of two writers goes", async () => {
      const chat = { read: [], write: [containerLocation("mlruns", "ckpt", "chat")] };
      const before = await render(withIdentities({}, { chat, train: { read: [], write: [containerLocation("mlruns", "ckpt", "train")] } }));
      const after = await render(withIdentities({}, { chat }));
      assert.deepEqual(replacedExisting(before, after), []);
      assert.deepEqual(added(after, before).sort(), [
        "FederatedIdentityCredential ml-research-train-federation",
        "RoleAssignment ml-research-train-write-mlruns-ckpt",
        "UserAssignedIdentity ml-research-train-identity",
        "Workload train",
      ]);
      const role = (run: MockRun) => one(run, "azure-native:authorization:RoleDefinition", WRITER_ROLE).inputs;
      assert.deepEqual(role(after), role(before));
    });
  });
});
