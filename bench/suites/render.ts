/**
 * The offline render (`ml-clusters render --spec FILE`): generated platforms of 25 to 400 model
 * services on AWS, and the 400-service platform on GCP and Azure, each rendered in a fresh child
 * process (bench/render-worker.ts) so that its peak RSS is the render's own. Target (issue 6):
 * 400 services and 60 training jobs in under 20 s and under 1.5 GiB.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { PlatformSize } from "../platform-spec";
import type { WorkerReport } from "../render-worker";
import type { Suite, SuiteResult } from "../suite";

/** One seed for every row: the sizes differ in workload count, not in luck. */
const SEED = 2026;
const SIZES: readonly PlatformSize[] = [
  { cloud: "aws", services: 25, trainingJobs: 4, seed: SEED },
  { cloud: "aws", services: 100, trainingJobs: 15, seed: SEED },
  { cloud: "aws", services: 200, trainingJobs: 30, seed: SEED },
  { cloud: "aws", services: 400, trainingJobs: 60, seed: SEED },
  { cloud: "gcp", services: 400, trainingJobs: 60, seed: SEED },
  { cloud: "azure", services: 400, trainingJobs: 60, seed: SEED },
];
/** Issue 6: the 400 + 60 platform, on every cloud it is rendered for. */
const TARGET = { services: 400, trainingJobs: 60, seconds: 20, rssGiB: 1.5 } as const;
/** A child that runs this long has hung (the largest render takes well under a minute). */
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

const REPO = path.resolve(__dirname, "..", "..");
const WORKER = path.join(REPO, "bench", "render-worker.ts");

interface Measured {
  readonly size: PlatformSize;
  readonly report?: WorkerReport;
  /** Spawn to exit, as measured by the parent: what a user waits for. */
  readonly childMs: number;
  readonly error?: string;
}

function renderInChild(size: PlatformSize): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(size)], {
      cwd: REPO,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      timeout: CHILD_TIMEOUT_MS,
    });
    let report: WorkerReport | undefined;
    let stderr = "";
    child.on("message", (m) => (report = m as WorkerReport));
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, 20_000)));
    child.on("close", (code, signal) => {
      const childMs = performance.now() - started;
      const failed = code !== 0 || report === undefined;
      resolve({ size, report: failed ? undefined : report, childMs, error: failed ? `exit ${code ?? signal}: ${firstLines(stderr)}` : undefined });
    });
  });
}

/** The message of a child's error without its stack frames. */
function firstLines(stderr: string): string {
  return stderr.split("\n").filter((l) => l.trim() !== "" && !/^\s+at /.test(l)).slice(0, 4).join(" | ");
}

const sec = (ms: number) => (ms / 1000).toFixed(1);
const mib = (kib: number) => (kib / 1024).toFixed(0);
const workloads = (s: PlatformSize) => s.services + s.trainingJobs;

/**
 * How render time grows over the AWS sizes: the cost of each added workload between neighbouring
 * sizes (flat = linear; fixed costs do not blur it as a ratio of totals would), and per resource.
 */
function growthNotes(rows: readonly Measured[]): string[] {
  const aws = rows.filter((r) => r.size.cloud === "aws" && r.report !== undefined).sort((a, b) => workloads(a.size) - workloads(b.size));
  if (aws.length < 2) return [];
  const steps: string[] = [];
  for (let i = 1; i < aws.length; i++) {
    const [a, b] = [aws[i - 1]!, aws[i]!];
    const ms = (b.report!.renderMs - a.report!.renderMs) / (workloads(b.size) - workloads(a.size));
    steps.push(`${workloads(a.size)}→${workloads(b.size)} workloads: ${ms.toFixed(0)} ms`);
  }
  const perResource = aws.map((r) => `${(r.report!.renderMs / r.report!.resources).toFixed(1)} ms at ${r.report!.resources}`);
  return [
    `growth (aws, render s): each added workload costs ${steps.join(", ")} (equal steps = linear growth)`,
    `render ms per resource: ${perResource.join(", ")} resources`,
  ];
}

async function run(): Promise<SuiteResult> {
  const measured: Measured[] = [];
  for (const size of SIZES) {
    process.stderr.write(`render: ${size.cloud} ${size.services} services + ${size.trainingJobs} jobs ...\n`);
    measured.push(await renderInChild(size));
  }
  const missed: string[] = [];
  const rows = measured.map(({ size, report: r, childMs, error }) => {
    const label = [size.cloud, String(size.services), String(size.trainingJobs)];
    if (r === undefined) {
      missed.push(`${size.cloud} ${size.services} + ${size.trainingJobs}: the render failed (${error})`);
      return [...label, ...Array<string>(9).fill("failed")];
    }
    if (size.services === TARGET.services && size.trainingJobs === TARGET.trainingJobs) {
      if (childMs >= TARGET.seconds * 1000) missed.push(`${size.cloud} ${size.services} + ${size.trainingJobs}: the render command took ${sec(childMs)} s (target < ${TARGET.seconds} s)`);
      if (r.maxRssKiB >= TARGET.rssGiB * 1024 * 1024) missed.push(`${size.cloud} ${size.services} + ${size.trainingJobs}: peak RSS ${mib(r.maxRssKiB)} MiB (target < ${TARGET.rssGiB * 1024} MiB)`);
    }
    return [
      ...label,
      String(r.resources),
      String(r.manifests),
      (r.bytes / 1024 / 1024).toFixed(1),
      sec(r.loadMs),
      sec(r.renderMs),
      sec(r.writeMs),
      sec(childMs),
      (r.renderMs / workloads(size)).toFixed(0),
      mib(r.maxRssKiB),
    ];
  });
  return {
    title: "offline render (ml-clusters render --spec, generated platforms, one child process per row)",
    columns: ["cloud", "services", "jobs", "resources", "manifests", "MiB out", "load s", "render s", "write s", "command s", "ms/workload", "peak RSS MiB"],
    rows,
    notes: [
      "load s: node start to every module loaded (tsx, Pulumi SDKs, components); render s: spec to files in memory (validate, mock engine, serialise); write s: files to disk",
      "command s: the child from spawn to exit, what `ml-clusters render` costs a user; the 20 s target applies to it",
      "peak RSS: process.resourceUsage().maxRSS of the child at the end of the render",
      ...growthNotes(measured),
    ],
    missed,
  };
}

export const renderSuite: Suite = { name: "render", run };
