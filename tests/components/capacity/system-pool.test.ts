import assert from "node:assert/strict";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { nodesFor, systemAddonsFor, withPlannedSystemPool } from "../../../components/capacity/system-pool";
import type { CapacityPlan } from "../../../components/capacity/types";
import { SYSTEM_ADDONS, SystemAddon } from "../../../components/catalog/system-addons";
import type { ValidSpec } from "../../../components/spec/types";
import { service, spec } from "./builder";

const lockOf = (plan: CapacityPlan) => parseLock(serializeLock(plan), "stacks/capacity.dev.json");

/** A spec whose system pool is as a user wrote it: only the fields in `declared` were given. */
function withPool(base: ValidSpec, pool: { instanceType?: string; minNodes?: number; maxNodes?: number }): ValidSpec {
  const defaults = { aws: "m6i.xlarge", gcp: "e2-standard-4", azure: "Standard_D4s_v5" } as const;
  return {
    ...base,
    systemPool: {
      instanceType: pool.instanceType ?? defaults[base.cloud],
      minNodes: pool.minNodes ?? 2,
      maxNodes: pool.maxNodes ?? 4,
      declared: { instanceType: pool.instanceType !== undefined, minNodes: pool.minNodes !== undefined, maxNodes: pool.maxNodes !== undefined },
    },
  };
}

function addon(name: string, replicas: number, cpuMillis: number, memoryMiB: number): SystemAddon {
  return { name, owner: "ml-clusters", when: "always", replicas, containers: [{ name: "main", cpuMillis, memoryMiB }] };
}

describe("system pool sizing", () => {
  describe("nodesFor", () => {
    const node = { cpuMillis: 1000, memoryMiB: 1000 };

    it("packs pods of different add-ons onto one node while they fit", () => {
      assert.equal(nodesFor([addon("a", 1, 400, 100), addon("b", 1, 300, 300), addon("c", 1, 300, 600)], node), 1);
    });

    it("opens a node when memory runs out though CPU is left", () => {
      assert.equal(nodesFor([addon("a", 1, 100, 700), addon("b", 1, 100, 700)], node), 2);
    });

    it("keeps the two replicas of an add-on on different nodes, so one node's loss leaves one running", () => {
      assert.equal(nodesFor([addon("dns", 2, 10, 10)], node), 2);
    });

    it("puts at most half of an add-on's replicas (rounded up) on one node", () => {
      assert.equal(nodesFor([addon("interceptor", 3, 10, 10)], node), 2);
      assert.equal(nodesFor([addon("interceptor", 5, 10, 10)], node), 2);
      assert.equal(nodesFor([addon("solo", 1, 10, 10)], node), 1);
    });

    it("places the largest pods first, so small ones fill the gaps", () => {
      // In spec order first-fit would take 3 nodes (0.3 + 0.3, then 0.7, then 0.7); largest first takes 2.
      assert.equal(nodesFor([addon("s1", 1, 300, 0), addon("s2", 1, 300, 0), addon("l1", 1, 700, 0), addon("l2", 1, 700, 0)], node), 2);
    });
  });

  describe("systemAddonsFor", () => {
    const names = (s: ValidSpec) => systemAddonsFor(s).map((a) => a.name);

    it("runs the monitoring stack only when monitoring is on", () => {
      const on = names(spec());
      const off = names({ ...spec(), monitoring: { enabled: false } });
      const monitoring = SYSTEM_ADDONS.filter((a) => a.when === "monitoring").map((a) => a.name);
      assert.ok(monitoring.length > 0);
      assert.deepEqual(
        monitoring.filter((n) => on.includes(n)),
        monitoring,
      );
      assert.deepEqual(
        monitoring.filter((n) => off.includes(n)),
        [],
      );
    });

    it("runs KEDA and its HTTP add-on only when a service scales to zero", () => {
      const keda = SYSTEM_ADDONS.filter((a) => a.when === "scale-to-zero").map((a) => a.name);
      assert.ok(keda.length > 0);
      assert.deepEqual(
        names(spec({ services: [service("chat", { min: 1, max: 2 })] })).filter((n) => keda.includes(n)),
        [],
      );
      assert.deepEqual(
        names(spec({ services: [service("chat", { min: 0, max: 2 })] })).filter((n) => keda.includes(n)),
        keda,
      );
    });

    it("runs Envoy Gateway and the proxies with a gateway, and cert-manager only when it issues the gateway's certificate", () => {
      const gatewayRows = SYSTEM_ADDONS.filter((a) => a.when === "gateway").map((a) => a.name);
      const certRows = SYSTEM_ADDONS.filter((a) => a.when === "gateway-certificates").map((a) => a.name);
      const all = [...gatewayRows, ...certRows];
      const gateway = (issuer: "self-signed" | "letsencrypt" | "secret") => ({ exposure: "public" as const, hostname: "ml.example.com", tls: { issuer, ...(issuer === "secret" ? { secretName: "tls" } : {}) } });
      assert.deepEqual(gatewayRows, ["envoy-gateway", "envoy-ml-gateway"]);
      assert.deepEqual(certRows, ["cert-manager", "cert-manager-webhook", "cert-manager-cainjector"]);
      assert.deepEqual(names(spec()).filter((n) => all.includes(n)), []);
      assert.deepEqual(names({ ...spec(), gateway: gateway("self-signed") }).filter((n) => all.includes(n)), all);
      assert.deepEqual(names({ ...spec(), gateway: gateway("letsencrypt") }).filter((n) => all.includes(n)), all);
      assert.deepEqual(names({ ...spec(), gateway: gateway("secret") }).filter((n) => all.includes(n)), gatewayRows);
    });

    it("counts each cloud's own pods on that cloud only", () => {
      for (const cloud of ["aws", "gcp", "azure"] as const) {
        const here = systemAddonsFor(spec({ cloud }));
        for (const a of SYSTEM_ADDONS.filter((x) => x.clouds !== undefined)) assert.equal(here.includes(a), a.clouds!.includes(cloud), `${a.name} of ${a.clouds!.join(", ")} on ${cloud}`);
      }
    });
  });

  describe("planSystemPool through planCapacity", () => {
    it("sizes an undeclared pool from its add-ons: the nodes they need, at least 2, and twice that for maxNodes, at least 4", () => {
      for (const cloud of ["aws", "gcp", "azure"] as const) {
        const s = withPool(spec({ cloud, services: [service("chat", { min: 0, max: 2 }, { noGpu: true, cpu: 1, memory: "2Gi" })] }), {});
        const system = planCapacity(s).fixed!.systemPool;
        assert.ok(system.nodesNeeded! >= 1);
        assert.equal(system.minNodes, Math.max(2, system.nodesNeeded!));
        assert.equal(system.maxNodes, Math.max(4, 2 * system.nodesNeeded!));
        assert.equal(system.nodes, system.minNodes);
        assert.deepEqual(system.addons, systemAddonsFor(s).map((a) => a.name));
      }
    });

    it("sizes a scale-to-zero platform with monitoring at three m6i.large nodes, and six at most", () => {
      const s = withPool(spec({ services: [service("chat", { min: 0, max: 2 }, { noGpu: true, cpu: 1, memory: "2Gi" })] }), { instanceType: "m6i.large" });
      const system = planCapacity(s).fixed!.systemPool;
      // The AWS rows of the plan test (1580m, 4384Mi) plus KEDA 3 × 100m/100Mi and the HTTP add-on's
      // operator 100m/64Mi, scaler 3 × 100m/64Mi and interceptor 3 × 250m/128Mi: 3030m, 5324Mi.
      // An m6i.large leaves 2000m - 70m kube-reserved - 215m of daemons = 1715m: two nodes hold
      // 3430m, too tight for first-fit with the largest pods first, so three.
      assert.deepEqual(
        [system.requests, system.allocatablePerNode, system.nodesNeeded, system.minNodes, system.maxNodes, system.nodes],
        [{ cpu: 3.03, memoryGiB: 5.199 }, { cpu: 1.715, memoryGiB: 6.532 }, 3, 3, 6, 3],
      );
      // The fixed cost pays for the minimum: 3 × $0.096 + $0.10.
      assert.equal(planCapacity(s).cost.fixedPerHour, 0.388);
    });

    it("keeps declared counts, and warns with the numbers when they are too small for the add-ons", () => {
      const s = withPool(spec({ services: [service("chat", { min: 0, max: 2 })] }), { instanceType: "m6i.large", minNodes: 1, maxNodes: 1 });
      const plan = planCapacity(s);
      const system = plan.fixed!.systemPool;
      assert.equal(system.minNodes, 1);
      assert.equal(system.maxNodes, 1);
      assert.ok(system.nodesNeeded! > 1, "the table's add-ons need more than one m6i.large");
      const warnings = plan.advice!.filter((a) => a.kind === "system-pool");
      assert.deepEqual(
        warnings.map((w) => w.path),
        ["systemPool.minNodes", "systemPool.maxNodes"],
      );
      const needs = `${system.nodesNeeded} node(s) of m6i.large at ${system.allocatablePerNode!.cpu} CPU, ${system.allocatablePerNode!.memoryGiB} GiB allocatable each`;
      assert.match(warnings[0]!.message, new RegExp(`^is 1, but the add-ons on it request ${system.requests!.cpu} CPU, ${system.requests!.memoryGiB} GiB \\(\\d+ workloads, ${needs.replace(/[.()]/g, "\\$&")}\\)`));
      assert.match(warnings[0]!.message, new RegExp(`set minNodes: ${system.nodesNeeded}, or leave it out`));
      assert.match(warnings[1]!.message, new RegExp(`^is 1, .*set maxNodes to at least ${system.nodesNeeded}, or choose a larger instanceType$`));
    });

    it("lets a declared maxNodes cap the sized minimum", () => {
      const system = planCapacity(withPool(spec(), { instanceType: "m6i.large", maxNodes: 2 })).fixed!.systemPool;
      assert.equal(system.maxNodes, 2);
      assert.equal(system.minNodes, Math.min(2, Math.max(2, system.nodesNeeded!)));
    });

    it("keeps the locked instance type when the spec names another, warning that --replan replaces the pool", () => {
      const lock = lockOf(planCapacity(withPool(spec(), { instanceType: "m6i.xlarge" })));
      const plan = planCapacity(withPool(spec(), { instanceType: "m7i.xlarge" }), lock);
      assert.equal(plan.fixed!.systemPool.instanceType, "m6i.xlarge");
      assert.deepEqual(plan.replacements, []);
      assert.deepEqual(
        plan.advice!.filter((a) => a.kind === "system-pool"),
        [
          {
            path: "systemPool.instanceType",
            kind: "system-pool",
            message: "stays m6i.xlarge, the type in the lock: m7i.xlarge would replace the system node pool, which runs the platform's own add-ons (DNS, autoscaler, metrics); plan with --replan to change it",
            savingPerHour: null,
          },
        ],
      );
    });

    it("keeps the locked type silently when only the cloud's default moved", () => {
      const lock = lockOf(planCapacity(withPool(spec(), { instanceType: "m7i.xlarge" })));
      const plan = planCapacity(withPool(spec(), {}), lock);
      assert.equal(plan.fixed!.systemPool.instanceType, "m7i.xlarge");
      assert.deepEqual(plan.advice!.filter((a) => a.kind === "system-pool"), []);
    });

    it("changes the type on --replan and lists the system pool among the replacements", () => {
      const lock = lockOf(planCapacity(withPool(spec(), { instanceType: "m6i.xlarge" })));
      const plan = planCapacity(withPool(spec(), { instanceType: "m7i.xlarge" }), lock, { replan: true });
      assert.equal(plan.fixed!.systemPool.instanceType, "m7i.xlarge");
      assert.deepEqual(plan.replacements, [
        {
          pool: "system",
          from: "m6i.xlarge",
          to: "m7i.xlarge",
          reason: "systemPool.instanceType changed and the plan was made with --replan: the system node pool is replaced and its add-ons move to the new nodes",
        },
      ]);
    });

    it("says on AKS that the inline system pool is changed by hand, for a new type and for new counts", () => {
      const azure = spec({ cloud: "azure" });
      const lock = lockOf(planCapacity(withPool(azure, { instanceType: "Standard_D4s_v5", minNodes: 2, maxNodes: 4 })));
      const replanned = planCapacity(withPool(azure, { instanceType: "Standard_D8s_v5", minNodes: 2, maxNodes: 4 }), lock, { replan: true });
      assert.match(replanned.replacements![0]!.reason, /AKS cannot change its inline system pool, so Pulumi leaves the running one as it is; add a pool of the new size with `az aks nodepool add --mode System`, then delete the old one$/);
      const resized = planCapacity(withPool(azure, { instanceType: "Standard_D4s_v5", minNodes: 3, maxNodes: 6 }), lock);
      assert.deepEqual(
        resized.advice!.filter((a) => a.kind === "system-pool").map((a) => [a.path, a.message]),
        [
          [
            "systemPool",
            "changes from 2-4 to 3-6 nodes, which AKS sets only when it creates the cluster; on a running cluster apply it with `az aks nodepool update --resource-group <group> --cluster-name <cluster> --name system --update-cluster-autoscaler --min-count 3 --max-count 6`",
          ],
        ],
      );
    });

    it("reads a lock written before the system pool was sized, and sizes it now", () => {
      const old = JSON.parse(serializeLock(planCapacity(withPool(spec(), { instanceType: "m7i.xlarge" })))) as { fixed: { systemPool: Record<string, unknown> } };
      old.fixed.systemPool = { instanceType: "m7i.xlarge", nodes: 2, pricePerHour: 0.2016 };
      const plan = planCapacity(withPool(spec(), {}), parseLock(JSON.stringify(old), "stacks/capacity.dev.json"));
      assert.equal(plan.fixed!.systemPool.instanceType, "m7i.xlarge");
      assert.equal(plan.fixed!.systemPool.minNodes, Math.max(2, plan.fixed!.systemPool.nodesNeeded!));
    });

    it("rejects a lock whose system pool has no instance type, naming the field", () => {
      const broken = JSON.parse(serializeLock(planCapacity(spec()))) as { fixed: { systemPool: Record<string, unknown> } };
      delete broken.fixed.systemPool.instanceType;
      assert.throws(
        () => parseLock(JSON.stringify(broken), "stacks/capacity.dev.json"),
        (e: Error & { problems?: { path: string }[] }) => e.problems?.[0]?.path === "stacks/capacity.dev.json fixed.systemPool.instanceType",
      );
    });
  });

  describe("withPlannedSystemPool", () => {
    it("gives the clusters the plan's type and counts", () => {
      const s = withPool(spec(), {});
      const plan = planCapacity(s);
      const planned = withPlannedSystemPool(s, plan).systemPool;
      assert.deepEqual([planned.instanceType, planned.minNodes, planned.maxNodes], [plan.fixed!.systemPool.instanceType, plan.fixed!.systemPool.minNodes, plan.fixed!.systemPool.maxNodes]);
    });

    it("keeps the spec's counts with a plan from before the pool was sized", () => {
      const s = withPool(spec(), { minNodes: 3, maxNodes: 5 });
      const plan = planCapacity(s);
      const old = { ...plan, fixed: { ...plan.fixed!, systemPool: { instanceType: "m7i.xlarge", nodes: 3, pricePerHour: 0.2016 } } };
      assert.deepEqual(withPlannedSystemPool(s, old).systemPool, { ...s.systemPool, instanceType: "m7i.xlarge" });
    });
  });
});
