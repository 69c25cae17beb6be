import { deepFreeze } from "./freeze";
import { Cloud } from "./types";

/**
 * The public regions of each cloud, as the cloud's API spells them (as of 2026-08).
 *
 * - aws: the commercial `aws` partition (docs.aws.amazon.com/global-infrastructure, "Regions and
 *   Availability Zones"), including the 2025 regions ap-east-2 (Taipei), ap-southeast-6 (New Zealand),
 *   ap-southeast-7 (Thailand) and mx-central-1 (Mexico). GovCloud, China and the European Sovereign
 *   Cloud are separate partitions with their own accounts and are not listed.
 * - gcp: cloud.google.com/compute/docs/regions-zones (the Compute Engine region list), including
 *   europe-north2 (Stockholm) and northamerica-south1 (Querétaro).
 * - azure: the ARM location names of the public cloud (learn.microsoft.com "Azure geographies" and
 *   `az account list-locations`), including restricted-access pairs such as germanynorth; regions
 *   only announced by 2026-08 are left out.
 * New regions open every year: a missing one is a catalogue update, not a user error.
 */
export const REGIONS: { readonly [c in Cloud]: readonly string[] } = deepFreeze({
  aws: [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
    "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
    "il-central-1", "me-south-1", "me-central-1", "af-south-1",
    "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  ],
  gcp: [
    "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
    "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1", "southamerica-east1", "southamerica-west1",
    "europe-central2", "europe-north1", "europe-north2", "europe-southwest1",
    "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9", "europe-west10", "europe-west12",
    "me-central1", "me-central2", "me-west1", "africa-south1",
    "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
    "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2",
    "australia-southeast1", "australia-southeast2",
  ],
  azure: [
    "eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3",
    "canadacentral", "canadaeast", "brazilsouth", "brazilsoutheast", "mexicocentral", "chilecentral",
    "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "francesouth",
    "germanywestcentral", "germanynorth", "switzerlandnorth", "switzerlandwest", "norwayeast", "norwaywest",
    "swedencentral", "polandcentral", "italynorth", "spaincentral",
    "uaenorth", "uaecentral", "qatarcentral", "israelcentral", "southafricanorth", "southafricawest",
    "centralindia", "southindia", "westindia", "jioindiawest", "jioindiacentral",
    "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "koreasouth",
    "australiaeast", "australiasoutheast", "australiacentral", "australiacentral2",
    "newzealandnorth", "indonesiacentral", "malaysiawest",
  ],
});

const REGION_SETS: { readonly [c in Cloud]: ReadonlySet<string> } = {
  aws: new Set(REGIONS.aws),
  gcp: new Set(REGIONS.gcp),
  azure: new Set(REGIONS.azure),
};

/** Whether `region` is a region of `cloud`, spelled exactly as the cloud spells it. */
export function isRegion(cloud: Cloud, region: string): boolean {
  return REGION_SETS[cloud].has(region);
}

/**
 * Regions of the three clouds in the same metro area, for comparing one spec across clouds
 * (`plan --compare`): the same users, the same latency, comparable prices. Each row is one area,
 * from the clouds' own region location pages (read 2026-12): N. Virginia, Oregon/Washington,
 * Ireland (GCP's nearest: Belgium), Frankfurt, London, Tokyo, Singapore, Sydney.
 */
export const COMPARABLE_REGIONS: readonly { readonly [c in Cloud]: string }[] = deepFreeze([
  { aws: "us-east-1", gcp: "us-east4", azure: "eastus" },
  { aws: "us-west-2", gcp: "us-west1", azure: "westus2" },
  { aws: "eu-west-1", gcp: "europe-west1", azure: "northeurope" },
  { aws: "eu-central-1", gcp: "europe-west3", azure: "germanywestcentral" },
  { aws: "eu-west-2", gcp: "europe-west2", azure: "uksouth" },
  { aws: "ap-northeast-1", gcp: "asia-northeast1", azure: "japaneast" },
  { aws: "ap-southeast-1", gcp: "asia-southeast1", azure: "southeastasia" },
  { aws: "ap-southeast-2", gcp: "australia-southeast1", azure: "australiaeast" },
]);

/** The region of `to` in the same area as `region` of `from`; undefined when the table has no such row. */
export function comparableRegion(from: Cloud, region: string, to: Cloud): string | undefined {
  return COMPARABLE_REGIONS.find((row) => row[from] === region)?.[to];
}
