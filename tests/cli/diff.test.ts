import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapacityPlan, PlanPool } from "../../components/capacity/types";
import { compareRenders, diffMarkdown, diffValues } from "../../cli/diff/index";
import { maskSecrets, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../cli/engine";
import { run } from "../../cli/main";
import { Render, RenderedResource, RENDER_FILES, stableJson } from "../../cli/render-format";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

function resource(type: string, name: string, inputs: Record<string, unknown>, options: Record<string, unknown> = {}): RenderedResource {
  return { urn: `urn:pulumi:dev::ml-clusters::${type}::${name}`, type, name, inputs, options };
}

function pool(overrides: Partial<PlanPool> = {}): PlanPool {
  return {
    name: "l4-1", gpu: "l4", instanceType: "g6.xlarge", spot: false, gpusPerNode: 1, pricePerHour: 0.8048,
    minNodes: 1, maxNodes: 2, base: { nodes: [{ pods: ["research/chat#0"] }] },
    peak: { nodes: [{ pods: ["research/chat#0"] }, { pods: ["research/chat#1"] }] }, ...overrides,
  };
}

function plan(pools: PlanPool[], cost: CapacityPlan["cost"]): CapacityPlan {
  return {
    cloud: "aws", region: "us-east-1", catalog: { source: "test", date: "2026-07-20", priceRegion: "us-east-1" },
    pools, workloads: [], cost, gpuUtilisationAtPeak: 1,
  };
}

function render(resources: RenderedResource[], capacity?: CapacityPlan): Render {
  return { dir: "x", resources, outputs: {}, capacity };
}

const basePool = resource(NODE_GROUP, "ml-l4-1", { instanceTypes: ["g6.xlarge"], scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 }, labels: { "ml-clusters.io/pool": "l4-1" } });
const deployment = resource("kubernetes:apps/v1:Deployment", "chat", { spec: { template: { spec: { containers: [{ image: "vllm:0.6.3" }] } } } });

describe("diff of two renders", () => {
  it("shows a change of access as such: a widened policy, a new bucket grant and a new RoleBinding subject, before the resource list", () => {
    const policy = (actions: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "arn:aws:s3:::data/llama/*" }] });
    const rolePolicy = (actions: string[]) => resource("aws:iam/rolePolicy:RolePolicy", "chat-identity-s3", { role: "chat", policy: policy(actions) });
    const binding = (subjects: string[]) =>
      resource("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "research-edit", {
        metadata: { name: "team-edit", namespace: "research" },
        roleRef: { name: "edit" },
        subjects: subjects.map((name) => ({ kind: "User", name })),
      });
    const grant = resource("gcp:storage/bucketIAMMember:BucketIAMMember", "job-identity-read-0", { bucket: "datasets", role: "roles/storage.objectViewer", member: "principal://x/ns/research/sa/job" });
    const diff = compareRenders(render([rolePolicy(["s3:GetObject"]), binding(["alice"]), deployment]), render([rolePolicy(["s3:GetObject", "s3:PutObject"]), binding(["alice", "bob"]), grant, deployment]));
    assert.deepEqual(
      diff.access.map((a) => [a.action, a.resource.name, a.details]),
      [
        ["grant", "job-identity-read-0", ["bucket: datasets", "role: roles/storage.objectViewer", "member: principal://x/ns/research/sa/job"]],
        ["change", "chat-identity-s3", [`policy: ${policy(["s3:GetObject"])} → ${policy(["s3:GetObject", "s3:PutObject"])}`]],
        ["change", "research-edit", ['subjects: [{"kind":"User","name":"alice"}] → [{"kind":"User","name":"alice"},{"kind":"User","name":"bob"}]']],
      ],
    );
    const md = diffMarkdown(diff, "dev");
    assert.ok(md.includes("#### Access: 3 grant(s) added, removed or changed"), md);
    assert.ok(md.includes("- **grants** `job-identity-read-0` (`gcp:storage/bucketIAMMember:BucketIAMMember`)"), md);
    assert.ok(md.indexOf("#### Access") < md.indexOf("#### Resources"), "access comes before the resource list");
  });

  it("shows a widened Azure custom role as a change of access", () => {
    const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers";
    const role = (actions: string[]) =>
      resource("azure-native:authorization:RoleDefinition", "ml-blob-writer", {
        scope: "/subscriptions/s",
        roleName: "ml-clusters ml blob writer 0123456789ab",
        permissions: [{ actions, dataActions: [`${blobs}/blobs/read`] }],
        assignableScopes: ["/subscriptions/s"],
      });
    const diff = compareRenders(render([role([`${blobs}/read`])]), render([role([`${blobs}/read`, `${blobs}/delete`])]));
    assert.deepEqual(
      diff.access.map((a) => [a.action, a.resource.name, a.details]),
      [["change", "ml-blob-writer", [`permissions[0].actions: ["${blobs}/read"] → ["${blobs}/read","${blobs}/delete"]`]]],
    );
  });

  it("says nothing about access when no grant changes", () => {
    const diff = compareRenders(render([deployment]), render([resource("kubernetes:apps/v1:Deployment", "chat", { spec: { replicas: 2 } })]));
    assert.deepEqual(diff.access, []);
    assert.ok(!diffMarkdown(diff, "dev").includes("#### Access"));
  });

  it("lists property-level changes with their paths", () => {
    assert.deepEqual(diffValues("", { a: { b: 1, c: [1, 2] }, d: [{ e: 1 }] }, { a: { b: 2, c: [1, 3] }, d: [{ e: 1 }] }), [
      { path: "a.b", before: 1, after: 2 },
      { path: "a.c", before: [1, 2], after: [1, 3] },
    ]);
  });

  it("calls out a node-pool replacement first when its instance type changes", () => {
    const headPool = resource(NODE_GROUP, "ml-l4-1", { ...basePool.inputs, instanceTypes: ["g6.2xlarge"] });
    const diff = compareRenders(
      render([basePool, deployment], plan([pool()], { basePerHour: 0.8, peakPerHour: 1.61, fixedPerHour: 0.58 })),
      render([headPool, deployment], plan([pool({ instanceType: "g6.2xlarge", pricePerHour: 0.9776 })], { basePerHour: 0.98, peakPerHour: 1.96, fixedPerHour: 0.58 })),
    );
    assert.equal(diff.critical.length, 1);
    assert.equal(diff.critical[0].action, "replace");
    assert.equal(diff.critical[0].reason, 'instanceTypes: ["g6.xlarge"] → ["g6.2xlarge"]');
    assert.equal(diff.pools[0].replaced, true);
    const md = diffMarkdown(diff, "dev");
    const replaceLine = md.indexOf("**replaces** node pool `ml-l4-1`");
    assert.ok(replaceLine > 0, md);
    assert.ok(replaceLine < md.indexOf("#### Resources"), "replacements come before the resource list");
    assert.match(md, /\| l4-1 \(\*\*node pool replaced\*\*\) \| g6\.xlarge → g6\.2xlarge \|/);
    assert.match(md, /\| worker pools at peak \| \$1\.61 \| \$1\.96 \| \+\$0\.35 \| \+\$256 \|/);
  });

  it("does not call a scaling change a replacement", () => {
    const headPool = resource(NODE_GROUP, "ml-l4-1", { ...basePool.inputs, scalingConfig: { minSize: 0, maxSize: 6, desiredSize: 0 } });
    const diff = compareRenders(render([basePool]), render([headPool]));
    assert.equal(diff.critical.length, 0);
    assert.deepEqual(diff.changed[0].changes.map((c) => c.path), ["scalingConfig.desiredSize", "scalingConfig.maxSize", "scalingConfig.minSize"]);
    assert.match(diffMarkdown(diff, "dev"), /No cluster or node pool is replaced/);
  });

  it("calls out a deleted checkpoint volume and says when it is retained", () => {
    const pvc = resource("kubernetes:core/v1:PersistentVolumeClaim", "ckpt", { spec: { storageClassName: "ckpt" } }, { retainOnDelete: true, protect: true });
    const md = diffMarkdown(compareRenders(render([pvc, deployment]), render([deployment])), "dev");
    assert.match(md, /\*\*deletes\*\* volume `ckpt` \(`kubernetes:core\/v1:PersistentVolumeClaim`\) from the stack; retained in the cloud/);
    assert.match(md, /#### Resources: 0 to add, 1 to remove, 0 to change/);
  });

  it("shows which key of a rendered Secret came or went, its values masked", () => {
    // stringData as the engine records it (one secret mapping), masked as render writes it.
    const wire = (value: unknown) => ({ [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value });
    const secret = (stringData: Record<string, string>) =>
      resource("kubernetes:core/v1:Secret", "chat-env", maskSecrets({ metadata: { name: "chat-env" }, stringData: wire(stringData) }) as Record<string, unknown>);
    const diff = compareRenders(render([secret({ HF_TOKEN: "hf_a" })]), render([secret({ HF_TOKEN: "hf_b", WANDB_KEY: "w" })]));
    assert.deepEqual(diff.changed[0]!.changes, [{ path: "stringData.WANDB_KEY", before: undefined, after: "[secret]" }]);
  });

  describe("dependsOn", () => {
    const urn = (name: string) => `urn:pulumi:dev::ml-clusters::${NODE_GROUP}::${name}`;
    const waiting = (name: string, dependsOn: string[], inputs: Record<string, unknown> = {}) => resource("kubernetes:apps/v1:Deployment", name, inputs, { dependsOn });
    const before = [urn("ml-cluster-l4-1"), urn("ml-cluster-system")];
    const after = [urn("ml-cluster-l4-1"), urn("ml-cluster-l40s-1"), urn("ml-cluster-system")];

    it("sums up resources whose dependsOn alone changed in one line, apart from the real changes", () => {
      const diff = compareRenders(
        render([waiting("chat", before), waiting("embed", before), waiting("old", [urn("ml-cluster-t4-1")]), waiting("rerank", before, { image: "a" })]),
        render([waiting("chat", after), waiting("embed", after), waiting("old", []), waiting("rerank", before, { image: "b" })]),
      );
      assert.deepEqual(diff.changed.map((c) => c.resource.name), ["rerank"]);
      assert.deepEqual(diff.dependsOnOnly.map((c) => [c.resource.name, c.added, c.removed]), [
        ["chat", [urn("ml-cluster-l40s-1")], []],
        ["embed", [urn("ml-cluster-l40s-1")], []],
        ["old", [], [urn("ml-cluster-t4-1")]],
      ]);
      const md = diffMarkdown(diff, "dev").split("\n");
      assert.ok(md.includes("#### Resources: 0 to add, 0 to remove, 1 to change"), md.join("\n"));
      const at = md.indexOf("3 resources changed only their dependsOn:");
      assert.deepEqual(md.slice(at, at + 10), [
        "3 resources changed only their dependsOn:",
        "",
        "- 2 now also on `ml-cluster-l40s-1`",
        "- 1 no longer on `ml-cluster-t4-1`",
        "",
        "<details><summary>Which (3)</summary>",
        "",
        "- now also on `ml-cluster-l40s-1`: chat, embed",
        "- no longer on `ml-cluster-t4-1`: old",
        "",
      ]);
    });

    it("says in one line what a single dependsOn change is", () => {
      const md = diffMarkdown(compareRenders(render([waiting("chat", before)]), render([waiting("chat", after)])), "dev");
      assert.ok(md.includes("\n1 resource changed only their dependsOn: now also on `ml-cluster-l40s-1`\n"), md);
    });

    it("shows what left and what came when dependsOn changes beside other properties", () => {
      const md = diffMarkdown(compareRenders(render([waiting("chat", before, { image: "a" })]), render([waiting("chat", after, { image: "b" })])), "dev");
      assert.ok(md.includes("|  | `options.dependsOn` |  | + ml-cluster-l40s-1 |"), md);
    });
  });

  it("prints the cost at base and at peak, each with the fixed part, and their change", () => {
    const md = diffMarkdown(
      compareRenders(render([], plan([pool()], { basePerHour: 0.8, peakPerHour: 1.61, fixedPerHour: 0.58 })), render([], plan([pool()], { basePerHour: 1.6, peakPerHour: 1.61, fixedPerHour: 0.58 }))),
      "dev",
    ).split("\n");
    assert.deepEqual(md.slice(md.indexOf("| worker pools at base | $0.80 | $1.60 | +$0.80 | +$584 |")).slice(0, 5), [
      "| worker pools at base | $0.80 | $1.60 | +$0.80 | +$584 |",
      "| worker pools at peak | $1.61 | $1.61 | ±$0 | ±$0 |",
      "| fixed (system pool, control plane) | $0.58 | $0.58 | ±$0 | ±$0 |",
      "| total at base | $1.38 | $2.18 | +$0.80 | +$584 |",
      "| total at peak | $2.19 | $2.19 | ±$0 | ±$0 |",
    ]);
  });

  it("adds the peak with spot capacity when a side plans spot pools, and marks spot, fallback and CPU pools", () => {
    const spotPool = pool({ name: "cpu-spot-1", gpu: null, gpusPerNode: 0, instanceType: "c7i.2xlarge", spot: true });
    const fallback = pool({ name: "cpu-spot-1-fallback", gpu: null, gpusPerNode: 0, instanceType: "c7i.2xlarge", fallbackFor: "cpu-spot-1", minNodes: 0 });
    const md = diffMarkdown(
      compareRenders(
        render([], plan([pool()], { basePerHour: 0.8, peakPerHour: 1.61, fixedPerHour: 0.58 })),
        render([], plan([pool(), spotPool, fallback], { basePerHour: 1.16, peakPerHour: 2.32, fixedPerHour: 0.58, spotBasePerHour: 1.16, spotPeakPerHour: 1.9 })),
      ),
      "dev",
    ).split("\n");
    assert.ok(md.includes("| worker pools at peak, with spot | $1.61 | $1.90 | +$0.29 | +$212 |"), md.join("\n"));
    assert.ok(md.some((l) => l.startsWith("| cpu-spot-1 (new) | c7i.2xlarge | CPU (spot) |")), md.join("\n"));
    assert.ok(md.some((l) => l.startsWith("| cpu-spot-1-fallback (new) | c7i.2xlarge | CPU (fallback for cpu-spot-1) |")), md.join("\n"));
  });

  it("reports added resources and a new pool", () => {
    const md = diffMarkdown(compareRenders(render([]), render([deployment], plan([pool()], { basePerHour: 0.8, peakPerHour: 1.61, fixedPerHour: 0.58 }))), "dev");
    assert.match(md, /#### Resources: 1 to add, 0 to remove, 0 to change/);
    assert.match(md, /\| `kubernetes:apps\/v1:Deployment` \| chat \|/);
    assert.match(md, /\| l4-1 \(new\) \| g6\.xlarge \| 1 \| 1–2 \| \$0\.80 \|/);
  });

  it("prints the diff of two render directories from the command line", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-diff-"));
    for (const [dir, resources] of [["base", [basePool]], ["head", [basePool, deployment]]] as const) {
      fs.mkdirSync(path.join(tmp, dir));
      fs.writeFileSync(path.join(tmp, dir, RENDER_FILES.resources), stableJson(resources));
    }
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["diff", "base", "head", "--title", "dev"], { out: (l) => out.push(l), err: (l) => err.push(l), cwd: tmp });
    assert.equal(code, 0, err.join("\n"));
    assert.match(out.join("\n"), /^<!-- ml-clusters-diff -->\n### ml-clusters: dev\n/);
    assert.match(out.join("\n"), /1 to add, 0 to remove, 0 to change/);
  });

  it("rejects a directory that is not a render, naming the file", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-diff-"));
    fs.mkdirSync(path.join(tmp, "a"));
    const err: string[] = [];
    const code = await run(["diff", "a", "a"], { out: () => undefined, err: (l) => err.push(l), cwd: tmp });
    assert.equal(code, 1);
    assert.match(err.join("\n"), /resources\.json: missing/);
  });

  it("rejects a call without two directories as a usage error", async () => {
    const err: string[] = [];
    assert.equal(await run(["diff", "only-one"], { out: () => undefined, err: (l) => err.push(l), cwd: "/" }), 2);
    assert.match(err[0], /expected two render directories, got 1/);
  });
});
