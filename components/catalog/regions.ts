import { Cloud } from "./types";

// TODO(catalog): seed only.
export const REGIONS: { readonly [c in Cloud]: readonly string[] } = Object.freeze({
  aws: ["us-east-1", "us-east-2", "us-west-2"],
  gcp: ["us-central1"],
  azure: ["eastus"],
});

export function isRegion(cloud: Cloud, region: string): boolean {
  return REGIONS[cloud].includes(region);
}
