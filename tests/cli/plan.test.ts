import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { platformSpec } from "../../bench/platform-spec";
import { run } from "../../cli/main";
import type { CliIo } from "../../cli/io";

interface Result {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

async function cli(argv: readonly string[], cwd: string): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(...l.split("\n")), cwd };
  return { code: await run(argv, io), out, err };
}

/** A platform spec with one L4 service; `cpu` decides the instance type (3 → g6.xlarge, 6 → g6.2xlarge). */
function specYaml(cpu: number, extra = ""): string {
  return [
    "name: ml-dev",
    "cloud: aws",
    "region: us-east-1",
    "apiAccess: { allowedCidrs: [203.0.113.0/24] }",
    "namespaces: [{ name: research }]",
    "services:",
    "  - name: chat",
    "    namespace: research",
    "    image: vllm/vllm-openai:v0.6.3",
    "    port: 8000",
    "    gpu: { model: l4, count: 1 }",
    `    cpu: ${cpu}`,
    "    memory: 12Gi",
    "    replicas: { min: 1, max: 2 }",
    extra,
  ].join("\n");
}

function stackYaml(cpu: number, extra = ""): string {
  const indented = specYaml(cpu, extra)
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
  return `config:\n  ml-clusters:platform:\n${indented}\n`;
}

describe("ml-clusters plan", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ml-clusters-plan-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ml-clusters\nruntime: nodejs\nstackConfigDir: stacks\n");
    mkdirSync(path.join(dir, "stacks"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lock = () => path.join(dir, "stacks", "capacity.dev.json");
  const setStack = (cpu: number) => writeFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), stackYaml(cpu));

  it("prints a table per pool with the totals for a spec file", async () => {
    writeFileSync(path.join(dir, "spec.yaml"), specYaml(3));
    const result = await cli(["plan", "spec.yaml"], dir);
    assert.equal(result.code, 0);
    assert.deepEqual(result.err, []);
    assert.deepEqual(result.out.slice(0, 4), [
      "Capacity plan for aws us-east-1",
      "",
      "POOL  INSTANCE TYPE  GPUS/NODE  NODES BASE–PEAK  $/H PER NODE  $/H BASE  $/H PEAK  GPU USE AT PEAK  WORKLOADS",
      "l4-1  g6.xlarge      1 × l4     1–2              0.8048        0.80      1.61      100%             research/chat",
    ]);
    assert.ok(result.out.includes("total: $1.29/h at base, $2.09/h at peak"));
  });

  it("prints the plan JSON with DESIGN.md's keys in order, 2-space indented", async () => {
    writeFileSync(path.join(dir, "spec.yaml"), specYaml(3));
    const result = await cli(["plan", "spec.yaml", "--json"], dir);
    assert.equal(result.code, 0);
    const text = result.out.join("\n");
    const plan = JSON.parse(text);
    assert.deepEqual(Object.keys(plan), ["cloud", "region", "catalog", "prices", "pools", "workloads", "cost", "fixed", "gpuUtilisationAtPeak"]);
    assert.deepEqual(Object.keys(plan.pools[0]), ["name", "gpu", "instanceType", "spot", "gpusPerNode", "pricePerHour", "minNodes", "maxNodes", "base", "peak"]);
    assert.equal(text, JSON.stringify(plan, null, 2));
    assert.deepEqual(plan.cost, { basePerHour: 0.8048, peakPerHour: 1.6096, fixedPerHour: 0.484 });
  });

  it("writes the stack's lock with --write, and says when it is already up to date", async () => {
    setStack(3);
    const first = await cli(["plan", "--stack", "dev", "--write"], dir);
    assert.equal(first.code, 0);
    assert.equal(first.out.at(-1), "wrote stacks/capacity.dev.json");
    const json = await cli(["plan", "--stack", "dev", "--json"], dir);
    assert.equal(readFileSync(lock(), "utf8"), `${json.out.join("\n")}\n`);
    const again = await cli(["plan", "--stack", "dev", "--json", "--write"], dir);
    assert.deepEqual(again.err, ["stacks/capacity.dev.json is up to date"]);
  });

  it("plans against the lock: the pool keeps its type until --replan, which lists the replacement", async () => {
    setStack(6);
    await cli(["plan", "--stack", "dev", "--write"], dir);
    setStack(3);
    const kept = JSON.parse((await cli(["plan", "--stack", "dev", "--json"], dir)).out.join("\n"));
    assert.equal(kept.pools[0].instanceType, "g6.2xlarge");
    assert.equal(kept.replacements, undefined);
    const replanned = await cli(["plan", "--stack", "dev", "--replan", "--write"], dir);
    assert.equal(replanned.code, 0);
    assert.deepEqual(replanned.out.slice(-3), ["node pools replaced:", "  l4-1: g6.2xlarge → g6.xlarge (re-planned on request (--replan))", "wrote stacks/capacity.dev.json"]);
    assert.equal(JSON.parse(readFileSync(lock(), "utf8")).pools[0].instanceType, "g6.xlarge");
  });

  it("rejects --write without a stack, as a usage error", async () => {
    writeFileSync(path.join(dir, "spec.yaml"), specYaml(3));
    assert.deepEqual(await cli(["plan", "spec.yaml", "--write"], dir), {
      code: 2,
      out: [],
      err: ["ml-clusters: --write needs --stack ENV: the plan is locked per stack, in capacity.<env>.json next to the stack file", "usage: ml-clusters plan FILE | --stack ENV [--key KEY] [--json] [--write [--replan]] [--compare [--CLOUD-region R]]"],
    });
    assert.equal(existsSync(lock()), false);
  });

  it("compares the spec on every cloud with --compare --json, its own cloud first as plan costs it", async () => {
    writeFileSync(path.join(dir, "spec.yaml"), specYaml(3));
    const own = await cli(["plan", "spec.yaml", "--json"], dir);
    const result = await cli(["plan", "spec.yaml", "--compare", "--json", "--gcp-region", "us-central1"], dir);
    assert.equal(result.code, 0);
    const { comparisons } = JSON.parse(result.out.join("\n"));
    assert.deepEqual(comparisons.map((c: { cloud: string; region: string; feasible: boolean }) => [c.cloud, c.region, c.feasible]), [
      ["aws", "us-east-1", true],
      ["gcp", "us-central1", true],
      ["azure", "eastus", false],
    ]);
    assert.deepEqual(Object.keys(comparisons[0]), ["cloud", "region", "feasible", "cost", "problems", "notes"]);
    assert.deepEqual(comparisons[0].cost, JSON.parse(own.out.join("\n")).cost);
  });

  it("rejects region flags without --compare, a region of another cloud, and --compare with --write", async () => {
    const lone = await cli(["plan", "a.yaml", "--gcp-region", "us-central1"], dir);
    assert.deepEqual([lone.code, lone.err[0]], [2, "ml-clusters: --aws-region, --gcp-region and --azure-region go with --compare"]);
    const wrong = await cli(["plan", "a.yaml", "--compare", "--azure-region", "us-east-1"], dir);
    assert.deepEqual([wrong.code, wrong.err[0]], [2, 'ml-clusters: --azure-region takes an azure region, got "us-east-1"']);
    const write = await cli(["plan", "--stack", "dev", "--compare", "--write"], dir);
    assert.deepEqual([write.code, write.err[0]], [2, "ml-clusters: --compare writes no lock: the comparison plans other clouds than the stack's; drop --write"]);
  });

  it("rejects a missing spec, two specs and unknown options, as usage errors", async () => {
    assert.deepEqual((await cli(["plan"], dir)).err[0], "ml-clusters: plan needs a spec FILE or --stack ENV");
    assert.deepEqual((await cli(["plan", "a.yaml", "--stack", "dev"], dir)).err[0], "ml-clusters: plan takes one spec: a FILE or --stack ENV");
    const unknown = await cli(["plan", "a.yaml", "--fast"], dir);
    assert.deepEqual([unknown.code, unknown.err[0]], [2, 'ml-clusters: unknown option "--fast" for plan']);
  });

  it("prints the problems of a spec no instance type can hold, and exits 1", async () => {
    writeFileSync(path.join(dir, "spec.yaml"), specYaml(500));
    assert.deepEqual(await cli(["plan", "spec.yaml"], dir), {
      code: 1,
      out: [],
      err: [
        "spec.yaml: 1 problem(s)",
        "  services[0].cpu: chat asks for 500 CPU per pod, but the most any aws type with 1 × l4 leaves for pods is 191.085 (g6.48xlarge, after the node's reservations and daemons); ask for at most 191.085",
      ],
    });
  });

  it("prints the problems of a broken lock, and exits 1 without touching it", async () => {
    setStack(3);
    writeFileSync(lock(), '{ "cloud": "aws" }\n');
    const result = await cli(["plan", "--stack", "dev", "--write"], dir);
    assert.equal(result.code, 1);
    const why = "the lock is written by `plan --write`, restore it from git or re-write it";
    assert.deepEqual(result.err, [
      "3 problem(s)",
      `  stacks/capacity.dev.json region: must be a non-empty string, got nothing; ${why}`,
      "  stacks/capacity.dev.json pools: must be a list of pools, got nothing; restore the lock from git or re-write it",
      "  stacks/capacity.dev.json workloads: must be a list of workloads, got nothing; restore the lock from git or re-write it",
    ]);
    assert.equal(readFileSync(lock(), "utf8"), '{ "cloud": "aws" }\n');
  });

  it('keeps every line within 120 columns for a 400-service spec, cutting long workload lists to "+N more"', async () => {
    // Azure: the longest instance type names, so the table's other columns are at their widest.
    writeFileSync(path.join(dir, "big.json"), JSON.stringify(platformSpec({ cloud: "azure", services: 400, trainingJobs: 60, seed: 1 })));
    const result = await cli(["plan", "big.json"], dir);
    assert.equal(result.code, 0, result.err.join("\n"));
    const widest = result.out.reduce((a, b) => (b.length > a.length ? b : a), "");
    assert.ok(widest.length <= 120, `${widest.length}: ${widest}`);
    assert.ok(result.out.some((l) => / \+\d+ more$/.test(l)));
  });

  describe("in a consumer's own Pulumi project", () => {
    // Project "acme-ml", stack files under infra/stacks, run from two levels below the project root.
    const cwd = () => path.join(dir, "src", "app");
    const stackFile = () => path.join(dir, "infra", "stacks", "Pulumi.dev.yaml");
    const consumerStack = (key: string, extra = "") => writeFileSync(stackFile(), `${stackYaml(3).replace("ml-clusters:platform", key)}${extra}`);
    beforeEach(() => {
      writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme-ml\nruntime: nodejs\nstackConfigDir: infra/stacks\n");
      mkdirSync(path.join(dir, "infra", "stacks"), { recursive: true });
      mkdirSync(cwd(), { recursive: true });
    });

    it("finds Pulumi.yaml upward, reads <project>:platform and writes the lock next to the stack file", async () => {
      consumerStack("acme-ml:platform");
      const written = await cli(["plan", "--stack", "dev", "--write"], cwd());
      assert.equal(written.code, 0, written.err.join("\n"));
      assert.equal(written.out.at(-1), "wrote ../../infra/stacks/capacity.dev.json");
      const json = await cli(["plan", "--stack", "dev", "--json"], cwd());
      assert.equal(readFileSync(path.join(dir, "infra", "stacks", "capacity.dev.json"), "utf8"), `${json.out.join("\n")}\n`);
      assert.equal(existsSync(path.join(dir, "stacks", "capacity.dev.json")), false);
    });

    it("reads ml-clusters:platform when the project's own key is absent", async () => {
      consumerStack("ml-clusters:platform");
      const result = await cli(["plan", "--stack", "dev"], cwd());
      assert.equal(result.code, 0, result.err.join("\n"));
      assert.equal(result.out[0], "Capacity plan for aws us-east-1");
    });

    it("reads the key --key names, a bare name in the project's namespace", async () => {
      consumerStack("acme-ml:gpuPlatform");
      for (const key of ["gpuPlatform", "acme-ml:gpuPlatform"]) {
        const result = await cli(["plan", "--stack", "dev", "--key", key], cwd());
        assert.equal(result.code, 0, result.err.join("\n"));
        assert.equal(result.out[0], "Capacity plan for aws us-east-1");
      }
    });

    it("rejects a stack file without the spec, listing the keys it tried and the keys there", async () => {
      consumerStack("acme-ml:gpuPlatform");
      assert.deepEqual(await cli(["plan", "--stack", "dev"], cwd()), {
        code: 1,
        out: [],
        err: [
          'ml-clusters: ../../infra/stacks/Pulumi.dev.yaml: no platform spec under "config:" (looked for "acme-ml:platform" and "ml-clusters:platform"; keys there: acme-ml:gpuPlatform); put the platform spec under one of them as structured config, or name its key with --key',
        ],
      });
      assert.deepEqual((await cli(["plan", "--stack", "dev", "--key", "spec"], cwd())).err, [
        'ml-clusters: ../../infra/stacks/Pulumi.dev.yaml: no platform spec under "config:" (looked for "acme-ml:spec"; keys there: acme-ml:gpuPlatform); check the key, or put the platform spec under it as structured config',
      ]);
    });
  });
});
