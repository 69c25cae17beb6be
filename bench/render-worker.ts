/**
 * One render in a process of its own, so its peak RSS is the render's and nothing else's:
 * `node --import tsx bench/render-worker.ts '{"cloud":"aws","services":400,"trainingJobs":60,"seed":1}'`.
 * Does what `ml-clusters render --spec FILE --out DIR` does (cli/render.ts): validate, fill secret
 * placeholders, run the stacks program on the mock engine, write the files. Reports to the parent
 * over the IPC channel (stdout is left to whatever the program prints).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { PlatformSize } from "./platform-spec";

export interface WorkerReport {
  readonly services: number;
  readonly trainingJobs: number;
  readonly resources: number;
  readonly manifests: number;
  /** Bytes of all files the render wrote. */
  readonly bytes: number;
  /** From process start to every module of the render loaded (node, tsx, Pulumi SDKs, components). */
  readonly loadMs: number;
  /** Spec to files in memory: validation, the mock engine run, serialisation. */
  readonly renderMs: number;
  /** Writing the files to a temporary directory. */
  readonly writeMs: number;
  /** process.resourceUsage().maxRSS at the end, KiB. */
  readonly maxRssKiB: number;
}

async function main(size: PlatformSize): Promise<WorkerReport> {
  // Everything the render imports, loaded before the clock starts; renderStack's own dynamic
  // import of the program then comes from the module cache.
  const { renderStack, SPEC_STACK } = await import("../cli/render.js");
  const { writeRender } = await import("../cli/render-write.js");
  const { specConfig, withSecretPlaceholders } = await import("../cli/stack-config.js");
  const { secretConfigKeys } = await import("../components/platform.js");
  const { validateSpec } = await import("../components/spec/index.js");
  const { PLATFORM_CONFIG_KEY } = await import("../components/spec/defaults.js");
  await import("../stacks/program.js");
  const { platformSpec } = await import("./platform-spec.js");
  const loadMs = performance.now();

  const spec = platformSpec(size);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ml-clusters-bench-"));
  try {
    // An empty stacks directory: no capacity lock, as for a spec file rendered the first time.
    const stacksDir = path.join(work, "stacks");
    const out = path.join(work, "out");
    fs.mkdirSync(stacksDir);
    const started = performance.now();
    const read = specConfig(spec);
    const valid = validateSpec(JSON.parse(read.config[PLATFORM_CONFIG_KEY]!));
    const { config } = withSecretPlaceholders(read, secretConfigKeys(valid));
    const result = await renderStack({ stack: SPEC_STACK, config, stacksDir });
    const rendered = performance.now();
    writeRender(out, result.files);
    const written = performance.now();
    let bytes = 0;
    for (const text of result.files.values()) bytes += Buffer.byteLength(text);
    return {
      services: valid.services.length,
      trainingJobs: valid.trainingJobs.length,
      resources: result.resourceCount,
      manifests: [...result.files.keys()].filter((f) => f.startsWith("manifests/")).length,
      bytes,
      loadMs,
      renderMs: rendered - started,
      writeMs: written - rendered,
      maxRssKiB: process.resourceUsage().maxRSS,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.send === undefined) {
  process.stderr.write("bench/render-worker.ts runs as a child of bench/run.ts (it reports over IPC)\n");
  process.exit(2);
}
main(JSON.parse(process.argv[2]!) as PlatformSize).then(
  (report) => process.send!(report, () => process.exit(0)),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
