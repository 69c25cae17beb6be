/**
 * `ml-clusters catalog CLOUD [--json]`: the GPU instance types the planner chooses from, with
 * what a pod can request on each (allocatable, after the cloud's reservations and the daemons).
 */
import { CLOUDS, Cloud } from "../components/catalog/types";
import { instanceCatalog, InstanceCatalog } from "../components/capacity/catalog-view";
import { alignedTable, TERMINAL_WIDTH, wrapWords } from "../components/capacity/text-layout";
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

/**
 * An aligned table, one row per type in catalogue order, within TERMINAL_WIDTH columns. A type's
 * regions would make rows hundreds of characters wide, and most types share one of a few region
 * lists: each row names its list by a letter, and the lists follow the table.
 */
export function catalogText(cat: InstanceCatalog): string {
  const header = ["NAME", "GPUS", "GIB/GPU", "VCPUS", "MEM GIB", "$/H", "ALLOC CPU", "ALLOC GIB", "REGIONS"];
  const regionSets = [...new Set(cat.instanceTypes.map((t) => t.regions.join(", ")))];
  const setOf = (t: InstanceCatalog["instanceTypes"][number]) => regionLabel(regionSets.indexOf(t.regions.join(", ")));
  const rows = cat.instanceTypes.map((t) => [
    t.name,
    t.gpu === null ? `CPU (${t.kind ?? "general"})` : `${t.gpus} × ${t.gpu}`,
    t.gpu === null ? "-" : String(t.gpuMemoryGiB),
    String(t.vcpus),
    String(t.memoryGiB),
    t.pricePerHour === null ? "unknown" : String(t.pricePerHour) + (t.spotOnly ? " spot only" : ""),
    String(t.allocatable.cpu),
    String(t.allocatable.memoryGiB),
  ]);
  const intro =
    `${cat.cloud} instance types for worker pools, GPU then CPU: on-demand prices in ${cat.priceRegion} (${cat.source}, ${cat.date}); ALLOC is what pods can ` +
    "request after the node's reservations, eviction threshold and per-node daemons; types with an unknown price are never planned";
  const table = alignedTable(header, rows, { lastColumn: (i) => [`${setOf(cat.instanceTypes[i]!)} (${cat.instanceTypes[i]!.regions.length})`] });
  const legend = regionSets.flatMap((set, i) => {
    const head = `  ${regionLabel(i)}: `;
    return wrapWords(`${head}${set}`, TERMINAL_WIDTH, " ".repeat(head.length));
  });
  return [...wrapWords(intro, TERMINAL_WIDTH, "  "), "", ...table, "", "region lists (REGIONS above names a list by its letter, with its number of regions):", ...legend].join("\n");
}

/** A, B, ..., Z, then AA, AB, ...: short labels for the region lists. */
function regionLabel(i: number): string {
  const letter = String.fromCharCode(65 + (i % 26));
  return i < 26 ? letter : `${regionLabel(Math.floor(i / 26) - 1)}${letter}`;
}
