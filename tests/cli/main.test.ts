import assert from "node:assert/strict";
import { run, usage } from "../../cli/main";
import type { CliIo } from "../../cli/io";

async function cli(argv: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(...l.split("\n")), cwd: __dirname };
  return { code: await run(argv, io), out, err };
}

describe("ml-clusters command dispatch", () => {
  it("rejects a mistyped command with the command it probably meant, and the usage", async () => {
    assert.deepEqual(await cli(["rendr"]), { code: 2, out: [], err: ['ml-clusters: unknown command "rendr"; did you mean "render"?', ...usage().split("\n")] });
    assert.deepEqual((await cli(["valdiate"])).err[0], 'ml-clusters: unknown command "valdiate"; did you mean "validate"?');
  });

  it("rejects an unknown command that resembles none without a guess", async () => {
    assert.deepEqual((await cli(["deploy"])).err[0], 'ml-clusters: unknown command "deploy"');
  });
});
