/**
 * `ml-clusters catalog CLOUD [--json]`: the GPU instance types the planner chooses from, with
 * what a pod can request on each (allocatable, after the cloud's reservations and the daemons).
 */
import { CLOUDS, Cloud } from "../components/catalog/types";
import { instanceCatalog, InstanceCatalog } from "../components/capacity/catalog-view";
import { CliIo, EXIT_OK, UsageError } from "./io";

const USAGE = "usage: ml-clusters catalog CLOUD [--json]";

export async function catalog(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const json = argv.includes("--json");
  const unknown = argv.find((a) => a.startsWith("-") && a !== "--json");
  if (unknown !== undefined) throw new UsageError(`unknown option "${unknown}" for catalog`);
  const clouds = argv.filter((a) => !a.startsWith("-"));
  if (clouds.length !== 1) throw new UsageError(`catalog takes one cloud (${CLOUDS.join(", ")}), got ${clouds.length === 0 ? "none" : clouds.join(" ")}`);
  const cloud = clouds[0]!;
  if (!(CLOUDS as readonly string[]).includes(cloud)) throw new UsageError(`catalog takes one of ${CLOUDS.join(", ")}, got "${cloud}"`);
  const cat = instanceCatalog(cloud as Cloud);
  io.out(json ? JSON.stringify(cat, null, 2) : catalogText(cat));
  return EXIT_OK;
}

/** An aligned table, one row per type, in catalogue order. */
export function catalogText(cat: InstanceCatalog): string {
  const header = ["NAME", "GPUS", "GPU MEM GIB", "VCPUS", "MEMORY GIB", "$/H", "ALLOCATABLE CPU", "ALLOCATABLE GIB", "REGIONS"];
  const rows = cat.instanceTypes.map((t) => [
    t.name,
    `${t.gpus} × ${t.gpu}`,
    String(t.gpuMemoryGiB),
    String(t.vcpus),
    String(t.memoryGiB),
    t.pricePerHour === null ? "unknown" : String(t.pricePerHour),
    String(t.allocatable.cpu),
    String(t.allocatable.memoryGiB),
    t.regions.join(","),
  ]);
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = [
    `${cat.cloud} GPU instance types: on-demand prices in ${cat.priceRegion} (${cat.source}, ${cat.date}); allocatable is what pods can request after the node's reservations, eviction threshold and per-node daemons; types with an unknown price are never planned`,
    "",
    ...table.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ")),
  ];
  return lines.join("\n");
}
