import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run } from "../../cli/main";
import type { CliIo } from "../../cli/io";

const SPECS = path.resolve(__dirname, "../fixtures/specs");
const STACK_ROOT = path.join(SPECS, "stack-root");

interface Result {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

async function cli(argv: readonly string[], cwd = SPECS): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(...l.split("\n")), cwd };
  const code = await run(argv, io);
  return { code, out, err };
}

const PRIVATE_ENDPOINT =
  "  warning: apiAccess: is absent, so the API endpoint is private: pulumi up and kubectl must run from inside the cluster's network (VPN, peering or a bastion); set apiAccess.allowedCidrs to open it to your networks only";

/** The plan's advice on azure.yaml: an A100 80GB job that an H100 NVL size serves for less. */
const AZURE_ADVICE =
  "  warning: trainingJobs[0].gpu.model: team-a/tune asks for a100-80gb (80 GiB); h100-nvl (94 GiB) on Standard_NC40ads_H100_v5 serves it for $0.37/h ($267 a month) less at peak; set gpu.minMemoryGiB: 80 instead of model to let the planner choose [cheaper-model]";
/** aws.json is in us-west-2, where the price snapshot has no g6.xlarge price. */
const AWS_JSON_ADVICE =
  "  warning: region: g6.xlarge (pool l4-1) has no published us-west-2 price in the snapshot; it is priced at its us-east-1 price, which us-west-2 may not match [price-region]";

describe("ml-clusters validate", () => {
  describe("valid specs", () => {
    it("prints ok for each cloud's example spec and exits 0, with the plan's advice as warnings", async () => {
      assert.deepEqual(await cli(["validate", "aws.yaml", "azure.yaml", "aws.json"]), {
        code: 0,
        out: [
          "aws.yaml: ok",
          "azure.yaml: ok",
          AZURE_ADVICE,
          "aws.json: ok",
          AWS_JSON_ADVICE,
        ],
        err: [],
      });
    });

    it("prints warnings under the ok line, marked as warnings", async () => {
      assert.deepEqual(await cli(["validate", "gcp.yaml"]), {
        code: 0,
        out: [
          "gcp.yaml: ok",
          PRIVATE_ENDPOINT,
          "  warning: services[0].replicas: min is 0: the first request after an idle spell waits for a node to start and the model to load (up to health.startupSeconds)",
        ],
        err: [],
      });
    });

    it("reads the spec of a stack from stacks/Pulumi.<env>.yaml", async () => {
      assert.deepEqual(await cli(["validate", "--stack", "dev"], STACK_ROOT), { code: 0, out: ["stacks/Pulumi.dev.yaml: ok"], err: [] });
      assert.deepEqual(await cli(["validate", "--stack=dev"], STACK_ROOT), { code: 0, out: ["stacks/Pulumi.dev.yaml: ok"], err: [] });
    });
  });

  describe("specs with problems", () => {
    it("prints the count and one line per problem, and exits 1", async () => {
      assert.deepEqual(await cli(["validate", "broken-fields.yaml"]), {
        code: 1,
        out: [
          "broken-fields.yaml: 3 problem(s)",
          '  services[0].image: must not use the tag "latest", which changes under a running workload, got "vllm/vllm-openai:latest"; use a version tag or a digest "@sha256:..."',
          "  services[0].gpu.count: must be a whole number from 1 to 8 (the most l4 GPUs on one aws node in us-east-1), got 16",
          '  services[0].namespace: is not declared under namespaces, got "reserch"; did you mean "research"?',
        ],
        err: [],
      });
    });

    it("reports every file and exits 1 when any has problems", async () => {
      const r = await cli(["validate", "aws.yaml", "list.yaml", "azure.yaml"]);
      assert.deepEqual(r, {
        code: 1,
        out: ["aws.yaml: ok", "list.yaml: 1 problem(s)", "  the platform spec must be a mapping with name, cloud, region and the rest, got a list", "azure.yaml: ok", AZURE_ADVICE],
        err: [],
      });
    });

    it("reports the problems of a stack's spec under the stack file's name", async () => {
      assert.deepEqual(await cli(["validate", "--stack", "bad"], STACK_ROOT), {
        code: 1,
        out: [
          "stacks/Pulumi.bad.yaml: 1 problem(s)",
          '  apiAccess.allowedCidrs[0]: opens the API endpoint to the whole internet, got "0.0.0.0/0"; list the networks that run pulumi and kubectl (CIS 5.4.1), or remove apiAccess for a private endpoint',
        ],
        err: [],
      });
    });

    it("reports demand no instance type can hold as a problem of the spec", async () => {
      const r = await cli(["validate", "infeasible.yaml"]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.err, []);
      assert.match(r.out[0]!, /^infeasible\.yaml: \d+ problem\(s\)$/);
      assert.ok(r.out.length >= 2);
      for (const line of r.out.slice(1)) assert.match(line, /^ {2}services\[0\]/);
    });
  });

  describe("specs the cluster would reject", () => {
    it("reports what the spec's cluster would reject for the plan, so render and up cannot fail on it later", async () => {
      const r = await cli(["validate", "gcp-small-network.yaml"]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.out.slice(0, 2), [
        "gcp-small-network.yaml: 1 problem(s)",
        '  network.cidr: must be a /8 to /18 so that nodes, pods, services and the control plane fit, got "10.0.0.0/24"; use e.g. "10.0.0.0/16"',
      ]);
    });
  });

  describe("files that cannot be read as a spec", () => {
    const cases: [string, string][] = [
      ["broken-syntax.yaml", "broken-syntax.yaml: line 10, column 1: All mapping items must start at the same column"],
      ["empty.yaml", "empty.yaml: the file is empty; it should hold a platform spec (name, cloud, region, ...)"],
      ["missing.yaml", "missing.yaml: no such file"],
      ["stack-root", "stack-root: is a directory, not a spec file"],
      ["binary.yaml", "binary.yaml: not a text file; expected YAML or JSON"],
      ["latin1.yaml", "latin1.yaml: not valid UTF-8 text; expected YAML or JSON"],
      ["alias-bomb.yaml", "alias-bomb.yaml: Excessive alias count indicates a resource exhaustion attack"],
    ];
    for (const [file, line] of cases) {
      it(`rejects ${file} with one line naming the file and the reason`, async () => {
        assert.deepEqual(await cli(["validate", file]), { code: 1, out: [line], err: [] });
      });
    }

    it("rejects a stack file given as a spec, saying which --stack reads it", async () => {
      assert.deepEqual(await cli(["validate", "stack-root/stacks/Pulumi.dev.yaml"]), {
        code: 1,
        out: ["stack-root/stacks/Pulumi.dev.yaml: is a Pulumi stack file, not a platform spec; use --stack dev, which reads the spec from the stack's config"],
        err: [],
      });
    });

    it("rejects a stack without a stack file and lists the stacks there", async () => {
      assert.deepEqual(await cli(["validate", "--stack", "qa"], STACK_ROOT), {
        code: 1,
        out: ["stacks/Pulumi.qa.yaml: no such stack file (stacks here: bad, dev, nokey)"],
        err: [],
      });
    });

    it("rejects a stack file without the platform key", async () => {
      assert.deepEqual(await cli(["validate", "--stack", "nokey"], STACK_ROOT), {
        code: 1,
        out: ['stacks/Pulumi.nokey.yaml: no platform spec under "config:" (looked for "ml-clusters:platform"; keys there: aws:region); put the platform spec under it as structured config, or name its key with --key'],
        err: [],
      });
    });

    it("rejects a stack where there is no stacks directory", async () => {
      assert.deepEqual(await cli(["validate", "--stack", "dev"], path.join(SPECS, "no-stacks")), {
        code: 1,
        out: ["stacks/Pulumi.dev.yaml: no such stack file (no stack files in stacks/)"],
        err: [],
      });
    });

    it("rejects a stack outside any Pulumi project, saying where it looked", async () => {
      const cwd = tmpdir();
      assert.deepEqual(await cli(["validate", "--stack", "dev"], cwd), {
        code: 1,
        out: [`--stack dev: no Pulumi.yaml in ${cwd} or any directory above it; run from inside the Pulumi project, or give the spec as a FILE`],
        err: [],
      });
    });
  });

  describe("usage", () => {
    const usage = "usage: ml-clusters validate FILE... | --stack ENV [--key KEY]";
    const cases: [string, string[], string][] = [
      ["no arguments", [], "validate needs a spec FILE or --stack ENV"],
      ["--stack without a name", ["--stack"], "--stack needs a stack name, e.g. --stack dev"],
      ["--stack followed by an option", ["--stack", "--json"], "--stack needs a stack name, e.g. --stack dev"],
      ["files and --stack together", ["aws.yaml", "--stack", "dev"], "give spec files or --stack ENV, not both"],
      ["two stacks", ["--stack", "dev", "--stack", "prod"], "give --stack once; validate one stack per run, or list spec files"],
      ["an unknown option", ["--strict", "aws.yaml"], 'unknown option "--strict" for validate'],
      ["a stack name with a path", ["--stack", "../dev"], '--stack takes a stack name (letters, digits, "-", "_", "."), got "../dev"'],
      ["--key without a stack", ["aws.yaml", "--key", "platform"], "--key names the config key a stack file holds the spec under; give it with --stack ENV"],
      ["--key without a value", ["--stack", "dev", "--key"], "--key needs a stack config key, e.g. --key platform or --key acme:platform"],
      ["--key twice", ["--stack", "dev", "--key", "a", "--key=b"], "give --key once"],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what} with the usage and exit 2`, async () => {
        assert.deepEqual(await cli(["validate", ...args], STACK_ROOT), { code: 2, out: [], err: [`ml-clusters: ${message}`, usage] });
      });
    }

    it("prints its usage for --help and exits 0", async () => {
      assert.deepEqual(await cli(["validate", "--help"]), { code: 0, out: [usage], err: [] });
    });
  });

  it("never prints a stack trace or an internal error, whatever the input", async () => {
    const inputs = ["broken-syntax.yaml", "broken-fields.yaml", "list.yaml", "empty.yaml", "binary.yaml", "latin1.yaml", "alias-bomb.yaml", "missing.yaml", "stack-root", "infeasible.yaml"];
    const r = await cli(["validate", ...inputs]);
    assert.equal(r.code, 1);
    assert.equal(r.out.filter((l) => /^\S/.test(l)).length, inputs.length);
    for (const line of [...r.out, ...r.err]) {
      assert.doesNotMatch(line, /^\s+at |internal error|Error:/, line);
    }
  });
});
