/**
 * Makes the per-region price snapshot, components/catalog/prices/{aws,gcp,azure}.json, from
 * public price tables fetched beforehand. It downloads nothing: give it the files.
 *
 * What to fetch (clone or download the file at a commit; record the commit you used):
 * - AWS on-demand: aws/karpenter-provider-aws `pkg/providers/pricing/zz_generated.pricing_aws.go`.
 *   Karpenter generates it for us-east-1 only (hack/code/prices_gen), so AWS has one region.
 * - Azure on-demand: Azure/karpenter-provider-azure `pkg/providers/pricing/zz_generated.pricing.go`
 *   (every public region).
 * - GCP on-demand and spot: cloudpilot-ai/karpenter-provider-gcp
 *   `pkg/providers/pricing/initial-prices.json` (every region, refreshed weekly from the Cloud
 *   Billing catalogue). Its date is the date of the commit that last changed it: pass it.
 * - GCP GPUs attached to N1: kubernetes/autoscaler
 *   `cluster-autoscaler/cloudprovider/gce/gce_price_info.go` (`gpuPrices`). That table names no
 *   region; its figures are GCP's us-central1 list prices, so N1 + GPU shapes are priced in
 *   us-central1 only (host price from the GCP file plus the GPUs) and have no spot price.
 *
 * Run from the repository root:
 *   npx tsx scripts/prices/snapshot.ts \
 *     --aws PATH/zz_generated.pricing_aws.go --aws-commit SHA \
 *     --azure PATH/zz_generated.pricing.go --azure-commit SHA \
 *     --gcp PATH/initial-prices.json --gcp-commit SHA --gcp-as-of YYYY-MM-DD \
 *     --gce-gpus PATH/gce_price_info.go --gce-gpus-commit SHA
 * then `npx mocha tests/components/catalog/prices.test.ts` and review the diff.
 *
 * What lands in the snapshot: only the catalogue's types (GPU, CPU and system pool), only the
 * regions regions.ts knows, only where a source publishes a price. No region ever borrows
 * another's price. No source here publishes AWS or Azure spot prices: their spot is null.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CLOUD_FACTS, CPU_INSTANCE_TYPES, INSTANCE_TYPES, REGIONS } from "../../components/catalog";
import { roundPrice } from "../../components/catalog/freeze";
import type { Cloud } from "../../components/catalog";

/** USD per hour by region, then by the cloud's machine type. */
export type RegionTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface PriceEntry {
  readonly onDemand: number | null;
  readonly spot: number | null;
}

/** The shape of components/catalog/prices/<cloud>.json. */
export interface Snapshot {
  readonly cloud: Cloud;
  readonly source: string;
  readonly asOf: string;
  readonly spotAsOf: string | null;
  readonly prices: { readonly [type: string]: { readonly [region: string]: PriceEntry } };
}

/** One of the catalogue's types as a price source names it. */
export interface PricedType {
  readonly name: string;
  readonly machineType: string;
  /** GCP N1 shapes: the attached GPUs, priced separately from the machine. */
  readonly attached?: { readonly acceleratorType: string; readonly count: number };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function mapOf(entries: Iterable<readonly [string, number]>): Map<string, number> {
  return new Map(entries);
}

/** The `"name": price` pairs of a Go map literal's body. */
function goPairs(body: string): [string, number][] {
  return [...body.matchAll(/"([^"]+)":\s*([0-9.]+)/g)].map((m) => [m[1]!, Number(m[2])]);
}

/** Karpenter AWS: `"region": { "type": price, ... },` blocks and a "generated at <RFC 3339>" line. */
export function parseAwsPricing(text: string): { asOf: string; onDemand: RegionTable } {
  const generated = /generated at (\d{4}-\d{2}-\d{2})T/.exec(text);
  if (!generated) throw new Error("AWS pricing file: no 'generated at' line");
  const onDemand = new Map<string, Map<string, number>>();
  for (const block of text.matchAll(/^\t"([a-z0-9-]+)": \{\n([\s\S]*?)^\t\},?$/gm)) {
    onDemand.set(block[1]!, mapOf(goPairs(block[2]!)));
  }
  if (onDemand.size === 0) throw new Error("AWS pricing file: no region blocks");
  return { asOf: generated[1]!, onDemand };
}

/** Karpenter Azure: `initialOnDemandPrices["region"] = map[string]float64{ ... }` blocks. */
export function parseAzurePricing(text: string): { asOf: string; onDemand: RegionTable } {
  const generated = /generated at (\d{4}-\d{2}-\d{2})T/.exec(text);
  if (!generated) throw new Error("Azure pricing file: no 'generated at' line");
  const onDemand = new Map<string, Map<string, number>>();
  for (const block of text.matchAll(/initialOnDemandPrices\["([a-z0-9]+)"\] = map\[string\]float64\{([\s\S]*?)\n\t\}/g)) {
    onDemand.set(block[1]!, mapOf(goPairs(block[2]!)));
  }
  if (onDemand.size === 0) throw new Error("Azure pricing file: no region blocks");
  return { asOf: generated[1]!, onDemand };
}

/** cloudpilot-ai GCP: `{ prices: { region: { on_demand: {type: price}, spot: {type: price} } } }`. */
export function parseGcpPricing(json: unknown): { onDemand: RegionTable; spot: RegionTable } {
  const prices = (json as { prices?: Record<string, { on_demand?: Record<string, number>; spot?: Record<string, number> }> }).prices;
  if (prices === undefined || typeof prices !== "object") throw new Error("GCP pricing file: no 'prices' object");
  const onDemand = new Map<string, Map<string, number>>();
  const spot = new Map<string, Map<string, number>>();
  for (const [region, table] of Object.entries(prices)) {
    onDemand.set(region, mapOf(Object.entries(table.on_demand ?? {})));
    spot.set(region, mapOf(Object.entries(table.spot ?? {})));
  }
  return { onDemand, spot };
}

/** cluster-autoscaler GCE: the on-demand `gpuPrices` map, accelerator type to USD/h per GPU. */
export function parseGceGpuPrices(text: string): ReadonlyMap<string, number> {
  const block = /\bgpuPrices = map\[string\]float64\{([\s\S]*?)\n\t\}/.exec(text);
  if (!block) throw new Error("GCE price file: no gpuPrices map");
  return mapOf(goPairs(block[1]!).filter(([, price]) => price > 0));
}

/** The catalogue's types of one cloud (GPU, CPU, system pool), sorted by name. */
export function catalogueTypes(cloud: Cloud): PricedType[] {
  const types = new Map<string, PricedType>();
  for (const t of INSTANCE_TYPES[cloud]) {
    const attached = t.machineType !== t.name && t.acceleratorType !== undefined ? { acceleratorType: t.acceleratorType, count: t.gpus } : undefined;
    types.set(t.name, { name: t.name, machineType: t.machineType, ...(attached ? { attached } : {}) });
  }
  for (const t of CPU_INSTANCE_TYPES[cloud]) types.set(t.name, { name: t.name, machineType: t.name });
  for (const t of CLOUD_FACTS[cloud].systemInstanceTypes) types.set(t.name, { name: t.name, machineType: t.name });
  return [...types.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Tables {
  readonly onDemand: RegionTable;
  readonly spot?: RegionTable;
  /** Per attached GPU, by region then accelerator type. */
  readonly attachedGpus?: RegionTable;
}

/** Six decimals, the catalogue's own precision: the GCP table carries up to fourteen. */
function roundOrNull(usdPerHour: number | null): number | null {
  return usdPerHour === null ? null : roundPrice(usdPerHour);
}

function priceOf(table: RegionTable | undefined, region: string, type: PricedType): number | null {
  return table?.get(region)?.get(type.machineType) ?? null;
}

/**
 * The prices of `types` in every known region of the cloud where a table has one. An N1 shape
 * with attached GPUs is priced only where both its machine and its GPU have an on-demand price.
 */
export function buildPrices(cloud: Cloud, types: readonly PricedType[], tables: Tables): Snapshot["prices"] {
  const regions = [...REGIONS[cloud]].sort();
  const out: Record<string, Record<string, PriceEntry>> = {};
  for (const type of types) {
    const byRegion: Record<string, PriceEntry> = {};
    for (const region of regions) {
      let onDemand = roundOrNull(priceOf(tables.onDemand, region, type));
      let spot = roundOrNull(priceOf(tables.spot, region, type));
      if (type.attached !== undefined) {
        const host = tables.onDemand.get(region)?.get(type.machineType);
        const gpu = tables.attachedGpus?.get(region)?.get(type.attached.acceleratorType);
        onDemand = host !== undefined && gpu !== undefined ? roundPrice(host + gpu * type.attached.count) : null;
        spot = null;
      }
      if (onDemand !== null || spot !== null) byRegion[region] = { onDemand, spot };
    }
    if (Object.keys(byRegion).length > 0) out[type.name] = byRegion;
  }
  return out;
}

/** JSON with one line per type and region, so a refresh shows up as a readable diff. */
export function serialise(snapshot: Snapshot): string {
  const head = [
    `  "cloud": ${JSON.stringify(snapshot.cloud)},`,
    `  "source": ${JSON.stringify(snapshot.source)},`,
    `  "asOf": ${JSON.stringify(snapshot.asOf)},`,
    `  "spotAsOf": ${JSON.stringify(snapshot.spotAsOf)},`,
  ];
  const types = Object.keys(snapshot.prices).sort();
  const body = types.map((type, i) => {
    const regions = Object.keys(snapshot.prices[type]!).sort();
    const lines = regions.map((region, j) => {
      const e = snapshot.prices[type]![region]!;
      return `      ${JSON.stringify(region)}: { "onDemand": ${JSON.stringify(e.onDemand)}, "spot": ${JSON.stringify(e.spot)} }${j < regions.length - 1 ? "," : ""}`;
    });
    return [`    ${JSON.stringify(type)}: {`, ...lines, `    }${i < types.length - 1 ? "," : ""}`].join("\n");
  });
  return ["{", ...head, `  "prices": {`, ...body, "  }", "}", ""].join("\n");
}

interface Args {
  readonly aws: string;
  readonly awsCommit: string;
  readonly azure: string;
  readonly azureCommit: string;
  readonly gcp: string;
  readonly gcpCommit: string;
  readonly gcpAsOf: string;
  readonly gceGpus: string;
  readonly gceGpusCommit: string;
  readonly out: string;
}

const FLAGS: { readonly [flag: string]: keyof Args } = {
  "--aws": "aws",
  "--aws-commit": "awsCommit",
  "--azure": "azure",
  "--azure-commit": "azureCommit",
  "--gcp": "gcp",
  "--gcp-commit": "gcpCommit",
  "--gcp-as-of": "gcpAsOf",
  "--gce-gpus": "gceGpus",
  "--gce-gpus-commit": "gceGpusCommit",
  "--out": "out",
};

/** Every problem with the command line at once, or the arguments. */
export function parseArgs(argv: readonly string[]): Args | string[] {
  const values: Partial<Record<keyof Args, string>> = { out: "components/catalog/prices" };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const field = FLAGS[argv[i]!];
    if (field === undefined || argv[i + 1] === undefined) problems.push(`${argv[i]}: not one of ${Object.keys(FLAGS).join(", ")} followed by a value`);
    else values[field] = argv[i + 1]!;
  }
  for (const [flag, field] of Object.entries(FLAGS)) if (values[field] === undefined) problems.push(`${flag}: required`);
  if (values.gcpAsOf !== undefined && !ISO_DATE.test(values.gcpAsOf)) problems.push(`--gcp-as-of: must be a date like 2026-08-03, got ${values.gcpAsOf}`);
  return problems.length > 0 ? problems : (values as Args);
}

function sourceLine(repo: string, file: string, commit: string): string {
  return `${repo} ${file} @${commit.slice(0, 8)}`;
}

export function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (Array.isArray(args)) {
    for (const p of args) process.stderr.write(`${p}\n`);
    return 2;
  }
  const aws = parseAwsPricing(fs.readFileSync(args.aws, "utf8"));
  const azure = parseAzurePricing(fs.readFileSync(args.azure, "utf8"));
  const gcp = parseGcpPricing(JSON.parse(fs.readFileSync(args.gcp, "utf8")));
  const n1Gpus = parseGceGpuPrices(fs.readFileSync(args.gceGpus, "utf8"));

  const snapshots: Snapshot[] = [
    {
      cloud: "aws",
      source: `${sourceLine("aws/karpenter-provider-aws", "pkg/providers/pricing/zz_generated.pricing_aws.go", args.awsCommit)} (on-demand, us-east-1 only; no spot)`,
      asOf: aws.asOf,
      spotAsOf: null,
      prices: buildPrices("aws", catalogueTypes("aws"), { onDemand: aws.onDemand }),
    },
    {
      cloud: "gcp",
      source:
        `${sourceLine("cloudpilot-ai/karpenter-provider-gcp", "pkg/providers/pricing/initial-prices.json", args.gcpCommit)} (on-demand and spot); ` +
        `N1 + GPU: machine plus ${sourceLine("kubernetes/autoscaler", "cluster-autoscaler/cloudprovider/gce/gce_price_info.go", args.gceGpusCommit)} gpuPrices, us-central1 only, no spot`,
      asOf: args.gcpAsOf,
      spotAsOf: args.gcpAsOf,
      prices: buildPrices("gcp", catalogueTypes("gcp"), {
        onDemand: gcp.onDemand,
        spot: gcp.spot,
        attachedGpus: new Map([["us-central1", n1Gpus]]),
      }),
    },
    {
      cloud: "azure",
      source: `${sourceLine("Azure/karpenter-provider-azure", "pkg/providers/pricing/zz_generated.pricing.go", args.azureCommit)} (on-demand; no spot)`,
      asOf: azure.asOf,
      spotAsOf: null,
      prices: buildPrices("azure", catalogueTypes("azure"), { onDemand: azure.onDemand }),
    },
  ];
  for (const s of snapshots) {
    const file = path.join(args.out, `${s.cloud}.json`);
    fs.writeFileSync(file, serialise(s));
    const entries = Object.values(s.prices).reduce((n, r) => n + Object.keys(r).length, 0);
    process.stdout.write(`${file}: ${Object.keys(s.prices).length} types, ${entries} type-region prices\n`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
