/** `ml-clusters diff BASE_DIR HEAD_DIR`: markdown for a pull-request comment. */
import * as path from "node:path";
import { compareRenders, diffMarkdown } from "./diff/index";
import { CliIo, EXIT_OK, UsageError } from "./io";
import { readRender } from "./render-format";

export async function diff(argv: readonly string[], io: CliIo): Promise<number> {
  const args = argv.filter((a) => !a.startsWith("--"));
  const titleFlag = argv.indexOf("--title");
  const title = titleFlag >= 0 ? argv[titleFlag + 1] : undefined;
  const positional = titleFlag >= 0 ? args.filter((a) => a !== title) : args;
  const unknown = argv.filter((a) => a.startsWith("--") && a !== "--title");
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
  if (positional.length !== 2) throw new UsageError(`expected two render directories, got ${positional.length}`);
  const [baseDir, headDir] = positional.map((p) => path.resolve(io.cwd, p));
  const base = readRender(baseDir);
  const head = readRender(headDir);
  io.out(diffMarkdown(compareRenders(base, head), title ?? `${positional[0]} → ${positional[1]}`).trimEnd());
  return EXIT_OK;
}
