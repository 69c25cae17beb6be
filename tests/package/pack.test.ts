/**
 * The npm package as users get it: `npm pack` (which builds on prepack), unpacked into a fresh
 * project whose small program imports the public API, is type-checked by tsc and run by node.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

const CONSUMER = `
import * as pulumi from "@pulumi/pulumi";
import { MlPlatform, planCapacity, validateSpec, type CapacityPlan, type PlatformSpec } from "ml-clusters";
import { instanceTypes } from "ml-clusters/catalog";
import { FakeCluster } from "ml-clusters/cluster";

const spec: PlatformSpec = {
  name: "ml-consumer",
  cloud: "aws",
  region: "us-east-1",
  namespaces: [{ name: "team" }],
  services: [{ name: "chat", namespace: "team", image: "vllm/vllm-openai:v0.6.3", port: 8000, gpu: { model: "l4", count: 1 }, cpu: 3, memory: "12Gi" }],
};
export const plan: CapacityPlan = planCapacity(validateSpec(spec));
export const l4Types: string[] = instanceTypes("aws").filter((t) => t.gpu === "l4").map((t) => t.name);
export function program(): pulumi.Output<string> {
  const platform = new MlPlatform("ml", { spec, cluster: (name, args, opts) => new FakeCluster(name, { plan: args.plan }, opts) });
  return platform.kubeconfig;
}
console.log(JSON.stringify({ pool: plan.pools[0]?.instanceType, peak: plan.cost.peakPerHour, l4: l4Types.length > 0 }));
`;

describe("the npm package", function () {
  this.timeout(600_000);
  let tmp: string;
  let files: string[];

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-pack-"));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [info] = JSON.parse(out.slice(out.indexOf("[")));
    files = info.files.map((f: { path: string }) => f.path);
    const consumer = path.join(tmp, "consumer");
    fs.mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
    execFileSync("tar", ["-xzf", path.join(tmp, info.filename), "-C", tmp]);
    fs.renameSync(path.join(tmp, "package"), path.join(consumer, "node_modules", "ml-clusters"));
    // The package's own dependencies, as npm would install them beside it.
    for (const dep of fs.readdirSync(path.join(ROOT, "node_modules"))) {
      if (dep.startsWith(".")) continue;
      fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(consumer, "node_modules", dep));
    }
    fs.writeFileSync(path.join(consumer, "index.ts"), CONSUMER);
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, outDir: "out", types: ["node"] }, files: ["index.ts"] }),
    );
  });

  it("ships compiled JavaScript with declarations, the bin and the README, and no sources or tests", () => {
    for (const f of ["package.json", "README.md", "dist/components/index.js", "dist/components/index.d.ts", "dist/cli/main.js", "dist/stacks/program.js"]) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.deepEqual(files.filter((f) => f.startsWith("tests/") || f.startsWith("bench/") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))), []);
    assert.match(fs.readFileSync(path.join(tmp, "consumer/node_modules/ml-clusters/dist/cli/main.js"), "utf8"), /^#!\/usr\/bin\/env node\n/);
  });

  it("type-checks and runs a consumer program that imports the public API", () => {
    const consumer = path.join(tmp, "consumer");
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", consumer], { cwd: consumer, stdio: "pipe" });
    const out = execFileSync(process.execPath, [path.join(consumer, "out/index.js")], { cwd: consumer, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), { pool: "g6.xlarge", peak: 0.8048, l4: true });
  });

  it("runs its command line from the installed package", () => {
    const consumer = path.join(tmp, "consumer");
    fs.copyFileSync(path.join(ROOT, "tests/fixtures/specs/aws.yaml"), path.join(consumer, "spec.yaml"));
    const out = execFileSync(process.execPath, ["node_modules/ml-clusters/dist/cli/main.js", "validate", "spec.yaml"], { cwd: consumer, encoding: "utf8" });
    assert.match(out, /^spec\.yaml: ok$/m);
  });
});
