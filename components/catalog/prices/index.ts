import { deepFreeze } from "../freeze";
import type { Cloud } from "../types";
import awsSnapshot from "./aws.json";
import azureSnapshot from "./azure.json";
import gcpSnapshot from "./gcp.json";

/**
 * Per-region list prices for every catalogue type (GPU, CPU and system pool), from a dated
 * snapshot of public price tables. The JSON files are written by scripts/prices/snapshot.ts,
 * whose header names the sources and how to refresh them; never edit them by hand.
 *
 * A region without a published price has no entry: callers say so for the type instead of
 * borrowing another region's price. Spot prices are null where the source has none (AWS and
 * Azure today).
 */

/** USD per hour for one type in one region. */
export interface PriceEntry {
  readonly onDemand: number | null;
  readonly spot: number | null;
}

/** One cloud's snapshot, as the JSON file holds it. */
export interface PriceSnapshot {
  readonly cloud: string;
  /** The repositories, files and commits the numbers come from. */
  readonly source: string;
  /** ISO date of the on-demand prices. */
  readonly asOf: string;
  /** ISO date of the spot prices; null when the snapshot has none. */
  readonly spotAsOf: string | null;
  readonly prices: { readonly [type: string]: { readonly [region: string]: PriceEntry } };
}

/** A type's price in one region, with where and when it was read. */
export interface RegionalPrice extends PriceEntry {
  readonly asOf: string;
  readonly spotAsOf: string | null;
  readonly source: string;
}

export const PRICE_SNAPSHOTS: { readonly [c in Cloud]: PriceSnapshot } = deepFreeze({
  aws: awsSnapshot,
  gcp: gcpSnapshot,
  azure: azureSnapshot,
});

/** The price of catalogue type `type` in `region`, or undefined when the snapshot has none there. */
export function regionalPrice(cloud: Cloud, type: string, region: string): RegionalPrice | undefined {
  const snapshot = PRICE_SNAPSHOTS[cloud];
  // Own keys only, so a type or region named like an Object.prototype member is not "priced".
  const byRegion = Object.hasOwn(snapshot.prices, type) ? snapshot.prices[type]! : undefined;
  if (byRegion === undefined || !Object.hasOwn(byRegion, region)) return undefined;
  const entry = byRegion[region]!;
  return { onDemand: entry.onDemand, spot: entry.spot, asOf: snapshot.asOf, spotAsOf: snapshot.spotAsOf, source: snapshot.source };
}

/** The regions where the snapshot prices `type`, sorted; empty when it prices it nowhere. */
export function pricedRegions(cloud: Cloud, type: string): readonly string[] {
  const snapshot = PRICE_SNAPSHOTS[cloud];
  return Object.hasOwn(snapshot.prices, type) ? Object.keys(snapshot.prices[type]!).sort() : [];
}
