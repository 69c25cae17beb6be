/**
 * The committed locks (stacks/capacity.<env>.json) were written before the EKS node monitoring
 * agent joined the daemon table. Planning each stack against its lock must give the lock back byte
 * for byte: no pool renamed, retyped or repacked because allocatable moved; `--replan` is where a
 * new type would show, and for these stacks it shows none.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "../../cli/main";
import type { CliIo } from "../../cli/io";

const ROOT = path.resolve(__dirname, "..", "..");
const ENVS = ["dev", "staging", "prod"] as const;

async function cli(argv: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(...l.split("\n")), cwd: ROOT };
  return { code: await run(argv, io), out, err };
}

const lockText = (env: string) => readFileSync(path.join(ROOT, "stacks", `capacity.${env}.json`), "utf8");
const pools = (plan: { pools: { name: string; instanceType: string }[] }) => plan.pools.map((p) => `${p.name}=${p.instanceType}`);

describe("ml-clusters plan against the committed locks", () => {
  for (const env of ENVS) {
    it(`plans the ${env} stack to its committed lock, byte for byte: every pool keeps its name, type and packing`, async () => {
      const result = await cli(["plan", "--stack", env, "--json"]);
      assert.deepEqual([result.code, result.err], [0, []]);
      // The lock is the plan without its advice (advice is about the spec, not the pools' state).
      const { advice: _, ...state } = JSON.parse(result.out.join("\n"));
      assert.equal(`${JSON.stringify(state, null, 2)}\n`, lockText(env));
    });

    it(`re-plans the ${env} stack with --replan to the same pools, listing no replacement`, async () => {
      const json = await cli(["plan", "--stack", env, "--replan", "--json"]);
      assert.equal(json.code, 0);
      const replanned = JSON.parse(json.out.join("\n"));
      assert.deepEqual(pools(replanned), pools(JSON.parse(lockText(env))));
      assert.equal(replanned.replacements, undefined);
      const text = await cli(["plan", "--stack", env, "--replan"]);
      assert.deepEqual([text.code, text.out[0]], [0, `Capacity plan for ${replanned.cloud} ${replanned.region}`]);
      assert.ok(!text.out.includes("node pools replaced:"), text.out.join("\n"));
    });
  }
});
