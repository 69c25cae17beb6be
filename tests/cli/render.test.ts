import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { CapacityPlan } from "../../components/capacity/types";
import { POOL_LABEL } from "../../components/cluster/contract";
import { run } from "../../cli/main";
import { renderStack } from "../../cli/render";
import { RenderedResource } from "../../cli/render-format";
import { readStackConfig, withSecretPlaceholders } from "../../cli/stack-config";
import { listStacks } from "../../cli/spec-source";
import { renderedPools } from "../helpers/node-pools";

const ROOT = path.resolve(__dirname, "../..");
const GOLDEN = path.join(ROOT, "tests/golden");
const STACKS = ["dev", "prod", "staging"];

/** `UPDATE_GOLDEN=1 npm test` rewrites the golden renders after an intended change. */
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const io = { out: () => undefined, err: () => undefined, cwd: ROOT };

async function renderFilesOf(stack: string): Promise<ReadonlyMap<string, string>> {
  const { config } = readStackConfig(stack, io);
  return (await renderStack({ stack, config, stacksDir: path.join(ROOT, "stacks") })).files;
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join("/")];
  });
}

describe("render", () => {
  it("has a golden render for every example stack", () => {
    assert.deepEqual(listStacks(io), STACKS);
  });

  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      let files: ReadonlyMap<string, string>;
      let resources: RenderedResource[];
      let plan: CapacityPlan;
      before(async () => {
        files = await renderFilesOf(stack);
        resources = JSON.parse(files.get("resources.json")!);
        plan = JSON.parse(files.get("capacity.json")!);
      });

      it("matches the committed golden render byte for byte", () => {
        const dir = path.join(GOLDEN, stack);
        if (UPDATE) {
          fs.rmSync(dir, { recursive: true, force: true });
          for (const [rel, text] of files) {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
          }
        }
        assert.deepEqual(listFiles(dir).sort(), [...files.keys()].sort(), "the same files");
        for (const [rel, text] of files) assert.equal(text, fs.readFileSync(path.join(dir, rel), "utf8"), `${rel} differs from tests/golden/${stack} (UPDATE_GOLDEN=1 to accept)`);
      });

      it("renders the same bytes twice in one process", async () => {
        const again = await renderFilesOf(stack);
        assert.deepEqual([...again.keys()], [...files.keys()]);
        for (const [rel, text] of files) assert.equal(again.get(rel), text, rel);
      });

      it("shows no secret value anywhere", () => {
        const all = [...files.values()].join("\n");
        assert.doesNotMatch(all, /fake-[0-9a-f]{7}x+/, "the fake Grafana password");
        assert.doesNotMatch(all, /placeholder-encrypted/, "a secure config value");
        const outputs = JSON.parse(files.get("outputs.json")!);
        assert.equal(outputs.kubeconfig, "[secret]");
      });

      it("gives every Kubernetes resource an explicit provider", () => {
        const missing = resources.filter((r) => r.type.startsWith("kubernetes:") && r.provider === undefined).map((r) => r.name);
        assert.deepEqual(missing, []);
      });

      it("can schedule every workload on its planned pool, a spot workload on its fallback too, and nowhere else", () => {
        const pools = renderedPools(resources);
        const workloads = [...files.entries()]
          .filter(([rel]) => /manifests\/.*\/(deployment|job)-/.test(rel))
          .map(([rel, text]) => ({ rel, object: parse(text) }))
          // Platform add-ons rendered as manifests run on the system pool; the plan holds the workloads.
          .filter(({ object }) => object.metadata.labels?.["app.kubernetes.io/part-of"] !== undefined && plan.workloads.some((w) => w.name === `${object.metadata.namespace}/${object.metadata.labels["app.kubernetes.io/instance"]}`));
        assert.equal(workloads.length, plan.workloads.length, "one Deployment or Job per planned workload");
        for (const { rel, object } of workloads) {
          const pod = object.spec.template.spec;
          const key = `${object.metadata.namespace}/${object.metadata.labels["app.kubernetes.io/instance"]}`;
          const planned = plan.workloads.find((w) => w.name === key)!;
          const terms: { matchExpressions: { key: string; operator: string; values?: string[] }[] }[] =
            pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
          const admits = (p: (typeof pools)[number]) =>
            Object.entries(pod.nodeSelector ?? {}).every(([k, v]) => p.labels[k] === v) &&
            (terms.length === 0 || terms.some((t) => t.matchExpressions.every((e) => (e.operator === "In" ? e.values!.includes(p.labels[e.key]!) : e.operator === "Exists" ? p.labels[e.key] !== undefined : !e.values!.includes(p.labels[e.key]!)))));
          const landing = pools.filter(admits);
          assert.deepEqual(
            landing.map((p) => p.labels[POOL_LABEL]).sort(),
            [planned.pool, ...(planned.fallbackPool !== undefined ? [planned.fallbackPool] : [])].sort(),
            `${rel}: lands on its planned pool${planned.fallbackPool !== undefined ? " and its fallback" : ""} only`,
          );
          const gpus = Math.max(...pod.containers.map((c: any) => Number(c.resources?.limits?.["nvidia.com/gpu"] ?? 0)));
          for (const pool of landing) {
            for (const taint of pool.taints) {
              const [keyValue, effect] = taint.split(":");
              const [tKey] = keyValue!.split("=");
              const tolerated = (pod.tolerations ?? []).some((t: any) => t.key === tKey && t.operator === "Exists" && (t.effect === undefined || t.effect === effect));
              assert.ok(tolerated, `${rel}: tolerates ${taint}`);
            }
            assert.ok(gpus <= pool.gpusPerNode, `${rel}: ${gpus} GPUs fit a ${pool.gpusPerNode}-GPU node`);
            const planPool = plan.pools.find((p) => p.name === pool.labels[POOL_LABEL])!;
            assert.equal(pool.maxNodes, planPool.maxNodes, `${rel}: ${planPool.name} can grow to the planned peak`);
            assert.equal(pool.minNodes, planPool.minNodes, `${rel}: ${planPool.name} keeps the planned floor`);
          }
        }
      });
    });
  }

  it("writes a render directory from the command line, with the spec's warnings and progress on stderr", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-render-"));
    const err: string[] = [];
    const code = await run(["render", "--stack", "dev", "--out", tmp], { out: () => undefined, err: (l) => err.push(l), cwd: ROOT });
    assert.equal(code, 0, err.join("\n"));
    assert.deepEqual(err.slice(0, 2), [
      "stacks/Pulumi.dev.yaml: 3 warning(s)",
      "  warning: protect: is false: pulumi destroy, or a change that replaces the cluster, deletes the cluster and its checkpoint volumes without asking",
    ]);
    assert.match(err[4]!, /^rendering stack dev on Pulumi's mock engine/);
    assert.match(err.at(-1)!, /^wrote \d+ resources and \d+ manifests to /);
    for (const f of ["resources.json", "outputs.json", "capacity.json", "capacity.md"]) assert.ok(fs.existsSync(path.join(tmp, f)), f);
    assert.ok(fs.existsSync(path.join(tmp, "manifests/research/deployment-chat.yaml")));
  });

  it("renders a bare spec file with placeholders for secrets the spec names", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-render-"));
    const err: string[] = [];
    const code = await run(["render", "--spec", "tests/fixtures/specs/aws.yaml", "--out", tmp], { out: () => undefined, err: (l) => err.push(l), cwd: ROOT });
    assert.equal(code, 0, err.join("\n"));
    assert.ok(JSON.parse(fs.readFileSync(path.join(tmp, "resources.json"), "utf8")).length > 50);
  });

  it("rejects a bad spec with its problems under the file's name, before running the engine", async () => {
    const err: string[] = [];
    const code = await run(["render", "--spec", "tests/fixtures/specs/broken-fields.yaml", "--out", os.tmpdir()], { out: () => undefined, err: (l) => err.push(l), cwd: ROOT });
    assert.equal(code, 1);
    assert.deepEqual(err, [
      "tests/fixtures/specs/broken-fields.yaml: 3 problem(s)",
      '  services[0].image: must not use the tag "latest", which changes under a running workload, got "vllm/vllm-openai:latest"; use a version tag or a digest "@sha256:..."',
      "  services[0].gpu.count: must be a whole number from 1 to 8 (the most l4 GPUs on one aws node in us-east-1), got 16",
      '  services[0].namespace: is not declared under namespaces, got "reserch"; did you mean "research"?',
    ]);
  });

  it("reports a problem a cluster finds inside the program as problems, without a stack trace", async () => {
    const err: string[] = [];
    const code = await run(["render", "--spec", "tests/fixtures/specs/gcp-small-network.yaml", "--out", os.tmpdir()], { out: () => undefined, err: (l) => err.push(l), cwd: ROOT });
    assert.equal(code, 1);
    assert.deepEqual(err.slice(-2), [
      "tests/fixtures/specs/gcp-small-network.yaml: 1 problem(s)",
      '  network.cidr: must be a /8 to /18 so that nodes, pods, services and the control plane fit, got "10.0.0.0/24"; use e.g. "10.0.0.0/16"',
    ]);
  });

  it("renders a consumer project's stack: its project name, its lock next to the stack file, its namespaced secrets", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-consumer-"));
    const cwd = path.join(root, "src");
    fs.mkdirSync(cwd);
    fs.mkdirSync(path.join(root, "deploy"));
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: acme-ml\nruntime: nodejs\nstackConfigDir: deploy\n");
    const stack = (cpu: number) =>
      [
        "config:",
        "  aws:region: us-east-1",
        "  acme-ml:hfToken: { secure: v1:placeholder-encrypted }",
        "  acme-ml:platform:",
        "    name: ml-acme",
        "    cloud: aws",
        "    region: us-east-1",
        "    apiAccess: { allowedCidrs: [203.0.113.0/24] }",
        "    namespaces: [{ name: research }]",
        "    services:",
        "      - { name: chat, namespace: research, image: vllm/vllm-openai:v0.6.3, port: 8000, gpu: { model: l4, count: 1 },",
        `          cpu: ${cpu}, memory: 12Gi, replicas: { min: 1, max: 2 }, secretEnv: { HF_TOKEN: hfToken } }`,
        "",
      ].join("\n");
    const io = (err: string[]) => ({ out: () => undefined, err: (l: string) => err.push(l), cwd });
    try {
      // The lock holds g6.2xlarge (cpu 6); at cpu 3 a fresh plan would pick g6.xlarge.
      fs.writeFileSync(path.join(root, "deploy", "Pulumi.dev.yaml"), stack(6));
      assert.equal(await run(["plan", "--stack", "dev", "--write"], io([])), 0);
      fs.writeFileSync(path.join(root, "deploy", "Pulumi.dev.yaml"), stack(3));
      const err: string[] = [];
      const out = path.join(root, "out");
      assert.equal(await run(["render", "--stack", "dev", "--out", out], io(err)), 0, err.join("\n"));
      assert.deepEqual(err.filter((l) => l.startsWith("warning: secret")), [], "hfToken is found under acme-ml:");
      const resources: RenderedResource[] = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
      assert.ok(resources.every((r) => r.urn.startsWith("urn:pulumi:dev::acme-ml::")), resources[0]!.urn);
      const plan: CapacityPlan = JSON.parse(fs.readFileSync(path.join(out, "capacity.json"), "utf8"));
      assert.deepEqual(plan.pools.map((p) => p.instanceType), ["g6.2xlarge"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("rejects --out naming a file, or a path through one, as a usage error before rendering", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-render-"));
    try {
      fs.writeFileSync(path.join(tmp, "notes.txt"), "");
      const usage = "usage: ml-clusters render (--stack ENV [--key KEY] | --spec FILE) --out DIR";
      for (const [out, message] of [
        ["notes.txt", "ml-clusters: --out notes.txt is a file; give a directory for the render (it is created if missing)"],
        ["notes.txt/dev", "ml-clusters: --out notes.txt/dev cannot hold a directory: notes.txt is a file; give a directory for the render (it is created if missing)"],
      ]) {
        const err: string[] = [];
        const code = await run(["render", "--spec", path.join(ROOT, "tests/fixtures/specs/aws.yaml"), "--out", out!], { out: () => undefined, err: (l) => err.push(l), cwd: tmp });
        assert.deepEqual({ code, err }, { code: 2, err: [message, usage] });
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("rejects a call without --out as a usage error", async () => {
    const err: string[] = [];
    assert.equal(await run(["render", "--stack", "dev"], { out: () => undefined, err: (l) => err.push(l), cwd: ROOT }), 2);
    assert.equal(err[0], "ml-clusters: --out DIR is required");
  });

  it("fills a placeholder, marked secret, for a secret the stack file does not set", () => {
    const { config, filled } = withSecretPlaceholders({ config: {}, secretKeys: [] }, ["hfToken"]);
    assert.deepEqual(filled, ["ml-clusters:hfToken"]);
    assert.deepEqual(config.secretKeys, ["ml-clusters:hfToken"]);
    assert.equal(config.config["ml-clusters:hfToken"], "[secret ml-clusters:hfToken: not decrypted offline]");
  });
});
