import { Cloud, CloudFacts } from "./types";

// TODO(catalog): seed only.
export const CLOUD_FACTS: { readonly [c in Cloud]: CloudFacts } = Object.freeze({
  aws: { cloud: "aws", controlPlanePricePerHour: 0.1, defaultSystemInstanceType: "m6i.xlarge", systemInstanceTypes: [{ name: "m6i.xlarge", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192, priceRegion: "us-east-1" }], priceRegion: "us-east-1", source: "seed", date: "2026-07-20" },
  gcp: { cloud: "gcp", controlPlanePricePerHour: 0.1, defaultSystemInstanceType: "e2-standard-4", systemInstanceTypes: [{ name: "e2-standard-4", vcpus: 4, memoryGiB: 16, pricePerHour: 0.134, priceRegion: "us-central1" }], priceRegion: "us-central1", source: "seed", date: "2026-08-03" },
  azure: { cloud: "azure", controlPlanePricePerHour: 0.1, defaultSystemInstanceType: "Standard_D4s_v5", systemInstanceTypes: [{ name: "Standard_D4s_v5", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192, priceRegion: "eastus" }], priceRegion: "eastus", source: "seed", date: "2026-06-18" },
});
