/**
 * The package as a consumer gets it, from what is committed (a clone of HEAD: commit first when
 * changing what ships). One consumer project installs ml-clusters from a `git+file://` URL, the
 * way README's git install works (npm clones it, installs its devDependencies and runs
 * `prepare`), beside a newer @pulumi/pulumi than this repository locks. Its program type-checks
 * and runs against the installed package and its `ml-clusters` binary runs. Meanwhile
 * `npm publish --dry-run` in the clone lists what the registry would get. Installs reuse npm's
 * cache (`--prefer-offline`), so only a first run on a new machine downloads.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { planCapacity } from "../../components/capacity";
import { validateSpec, type PlatformSpec } from "../../components/spec";

const ROOT = path.resolve(__dirname, "../..");
const execFileAsync = promisify(execFile);

/**
 * A 3.x newer than the lock's @pulumi/pulumi, on the registry as of 2026-12-02
 * (`npm view @pulumi/pulumi versions --json`: 3.270.0 locked here, 3.276.0 latest).
 */
const NEWER_PULUMI = "3.276.0";

const SPEC: PlatformSpec = {
  name: "ml-consumer",
  cloud: "aws",
  region: "us-east-1",
  namespaces: [{ name: "team" }],
  services: [{ name: "chat", namespace: "team", image: "vllm/vllm-openai:v0.6.3", port: 8000, gpu: { model: "l4", count: 1 }, cpu: 3, memory: "12Gi" }],
};

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { MlPlatform, planCapacity, validateSpec, type CapacityPlan, type PlatformSpec } from "ml-clusters";
import { instanceTypes } from "ml-clusters/catalog";
import { FakeCluster } from "ml-clusters/cluster";

const spec: PlatformSpec = ${JSON.stringify(SPEC)};
const plan: CapacityPlan = planCapacity(validateSpec(spec));
const l4Types: string[] = instanceTypes("aws").filter((t) => t.gpu === "l4").map((t) => t.name);

pulumi.runtime.setMocks(
  { newResource: (args) => ({ id: args.name + "-id", state: args.inputs }), call: (args) => args.inputs },
  "consumer",
  "dev",
  false,
);
// Typed as the consumer's own ComponentResource: with a second copy of the SDK under ml-clusters
// this assignment fails to type-check (protected members of separate declarations) and
// instanceof is false.
const platform: pulumi.ComponentResource = new MlPlatform("ml", { spec, cluster: (name, args, opts) => new FakeCluster(name, { plan: args.plan }, opts) });
console.log(JSON.stringify({ pool: plan.pools[0]?.instanceType, peak: plan.cost.peakPerHour, l4: l4Types.includes(plan.pools[0]?.instanceType ?? ""), component: platform instanceof pulumi.ComponentResource }));
`;

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Every file under a directory, as sorted slash-separated paths relative to it. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("the package installed from git into a consumer project", function () {
  this.timeout(1_200_000);
  let tmp: string;
  let repo: string;
  let consumer: string;
  let published: { name: string; version: string; files: string[] };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-package-"));
    repo = path.join(tmp, "ml-clusters");
    consumer = path.join(tmp, "consumer");
    await run("git", ["clone", "--quiet", ROOT, repo], tmp);
    const head = (await run("git", ["rev-parse", "HEAD"], repo)).trim();
    // The dry-run publish builds in the clone with this checkout's tools; git never sees the link.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"));

    const own = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const url = `git+file://${repo}`;
    fs.mkdirSync(consumer);
    fs.writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({
        name: "mlc-consumer",
        version: "1.0.0",
        private: true,
        dependencies: { "ml-clusters": `${url}#${head}`, "@pulumi/pulumi": NEWER_PULUMI },
        devDependencies: { typescript: own.devDependencies.typescript, "@types/node": own.devDependencies["@types/node"] },
        // As README tells a consumer: the git URL may run its prepare. The two denials keep the
        // install offline (a plugin download through the Pulumi CLI; protobufjs's CLI setup).
        allowScripts: { [url]: true, "@pulumi/kubernetes": false, protobufjs: false },
      }),
    );
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, outDir: "out", types: ["node"] }, files: ["index.ts"] }),
    );
    fs.writeFileSync(path.join(consumer, "index.ts"), PROGRAM);
    fs.copyFileSync(path.join(ROOT, "tests/fixtures/specs/aws.yaml"), path.join(consumer, "spec.yaml"));

    // Independent, so they overlap: the install is mostly disk, the publish's build mostly CPU.
    // --strict-allow-scripts (npm 11) fails the install on any install script that allowScripts
    // does not cover, so a prepare that README's entry fails to approve is caught here.
    const [, out] = await Promise.all([
      run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--strict-allow-scripts"], consumer),
      run("npm", ["publish", "--dry-run", "--json", "--access", "public"], repo),
    ]);
    const json = JSON.parse(out.slice(out.indexOf("{")));
    const info = json.files ? json : json[own.name]; // npm 10 prints the package, npm 11 keys it by name
    published = { name: info.name, version: info.version, files: info.files.map((f: { path: string }) => f.path).sort() };
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("publishes exactly the compiled library and CLI, the stacks program, README, LICENSE and package.json", () => {
    const sources = ["components", "cli"].flatMap((dir) => filesUnder(path.join(repo, dir)).map((f) => `${dir}/${f}`)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    const compiled = [...sources, "stacks/program.ts"].flatMap((f) => [`dist/${f.replace(/\.ts$/, ".js")}`, `dist/${f.replace(/\.ts$/, ".d.ts")}`]);
    // JSON data the library imports (the price snapshot) is emitted next to the code that reads it.
    const data = ["components", "cli"].flatMap((dir) => filesUnder(path.join(repo, dir)).map((f) => `${dir}/${f}`)).filter((f) => f.endsWith(".json")).map((f) => `dist/${f}`);
    assert.ok(data.includes("dist/components/catalog/prices/aws.json"));
    assert.equal(published.name, "ml-clusters");
    assert.deepEqual(published.files, [...compiled, ...data, "LICENSE", "README.md", "package.json"].sort());
  });

  it("installs from a git+file URL with dist/ built by prepare: the files npm would publish", () => {
    assert.deepEqual(filesUnder(path.join(consumer, "node_modules/ml-clusters")), published.files);
  });

  it("type-checks and runs a consumer program that builds MlPlatform on the consumer's own @pulumi/pulumi", async () => {
    await run(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), "-p", consumer], consumer);
    const out = await run(process.execPath, [path.join(consumer, "out/index.js")], consumer);
    const plan = planCapacity(validateSpec(SPEC));
    assert.deepEqual(JSON.parse(out), { pool: plan.pools[0].instanceType, peak: plan.cost.peakPerHour, l4: true, component: true });
  });

  it("runs the ml-clusters binary that the install linked into node_modules/.bin", async () => {
    const out = await run(path.join(consumer, "node_modules/.bin/ml-clusters"), ["validate", "spec.yaml"], consumer);
    assert.equal(out, "spec.yaml: ok\n");
  });

  it("leaves one @pulumi/pulumi in the consumer's tree: its own newer 3.x, shared by ml-clusters and the cloud SDKs", async () => {
    const locked = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")).packages["node_modules/@pulumi/pulumi"].version;
    const [lockedMajor, lockedMinor] = locked.split(".").map(Number);
    const [newerMajor, newerMinor] = NEWER_PULUMI.split(".").map(Number);
    assert.ok(newerMajor === lockedMajor && newerMinor > lockedMinor, `${NEWER_PULUMI} is a newer 3.x than the locked ${locked}, or this proves nothing`);
    const paths = (await run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], consumer)).trim().split("\n");
    assert.deepEqual(paths, [path.join(consumer, "node_modules/@pulumi/pulumi")]);
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version: string; dependencies?: object }> = {}): void => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === "@pulumi/pulumi") versions.add(dep.version);
        walk(dep.dependencies as Record<string, { version: string }>);
      }
    };
    walk(JSON.parse(await run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], consumer)).dependencies);
    assert.deepEqual([...versions], [NEWER_PULUMI]);
  });
});
