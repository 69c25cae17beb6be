import { deepFreeze } from "../freeze";
import type { InstanceType } from "../types";
import { Family, instanceRow, Shape } from "./rows";
import { n1GpuShapes } from "./gcp-n1";

/**
 * GCE machine types a GKE node pool can use for GPUs: accelerator-optimized G2/A2/A3 (GPUs fixed
 * by the machine type) and N1 with attached T4/V100 (see gcp-n1.ts).
 *
 * Sources (shared/reference/gpu-catalog.md §2.2):
 * - vCPUs and memory: skypilot-org/skypilot-catalog `catalogs/v8/gcp/vms.csv` (commit 8427bbff),
 *   cross-checked against cloud.google.com/compute/docs/accelerator-optimized-machines; GCP's
 *   "GB" are GiB.
 * - GPU model, count and GKE accelerator string: cloud.google.com/compute/docs/gpus and
 *   GoogleCloudPlatform/cluster-toolkit `pkg/config/machine_mappings.json` (2026-06-25). A2 Ultra
 *   is `nvidia-a100-80gb` (the Toolkit's `nvidia-tesla-a100` for it contradicts GCP's docs).
 * - Prices: on-demand USD/h in us-central1, GPUs included, from cloudpilot-ai/karpenter-provider-gcp
 *   `pkg/providers/pricing/initial-prices.json` (refresh commit 373e2baa, 2026-08-03). That table
 *   has no us-central1 on-demand price for a3-megagpu-8g and none at all for a3-ultragpu-8g: null.
 * - Regions: cloud.google.com/compute/docs/gpus/gpu-regions-zones as best known on 2026-08;
 *   approximate (GPU zones change often; a region listed may have the type in one zone only).
 *
 * Not included: a3-edgegpu, A4/A4X (B200/GB200, no price in the source), G4 (RTX PRO 6000).
 */

const PRICE_REGION = "us-central1";

type GcpFamily = Omit<Family, "priceRegion"> & { readonly acceleratorType: string };

function row(family: GcpFamily, shape: Shape): InstanceType {
  return instanceRow("gcp", { ...family, priceRegion: PRICE_REGION }, shape);
}

const G2: GcpFamily = {
  gpu: "l4",
  acceleratorType: "nvidia-l4",
  gpuMemoryGiB: 24,
  regions: [
    "us-central1", "us-east1", "us-east4", "us-west1", "us-west4", "northamerica-northeast2",
    "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
    "asia-east1", "asia-northeast1", "asia-northeast3", "asia-south1", "asia-southeast1",
  ],
};
const A2_HIGH: GcpFamily = {
  gpu: "a100-40gb",
  acceleratorType: "nvidia-tesla-a100",
  gpuMemoryGiB: 40,
  regions: [
    "us-central1", "us-east1", "us-west1", "us-west3", "us-west4", "europe-west4",
    "asia-northeast1", "asia-northeast3", "asia-southeast1", "me-west1",
  ],
};
const A2_MEGA: GcpFamily = { ...A2_HIGH, regions: ["us-central1", "us-east1", "europe-west4", "asia-southeast1"] };
const A2_ULTRA: GcpFamily = {
  gpu: "a100-80gb",
  acceleratorType: "nvidia-a100-80gb",
  gpuMemoryGiB: 80,
  regions: ["us-central1", "us-east4", "us-east5", "europe-west4", "asia-southeast1"],
};
const A3_HIGH: GcpFamily = {
  gpu: "h100",
  acceleratorType: "nvidia-h100-80gb",
  gpuMemoryGiB: 80,
  regions: [
    "us-central1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west4",
    "europe-west1", "europe-west4", "asia-northeast1", "asia-southeast1",
  ],
};
const A3_MEGA: GcpFamily = {
  gpu: "h100",
  acceleratorType: "nvidia-h100-mega-80gb",
  gpuMemoryGiB: 80,
  regions: ["us-central1", "us-east4", "us-east5", "us-west1", "us-west4", "europe-west1", "europe-west4", "asia-northeast1", "asia-southeast1"],
};
const A3_ULTRA: GcpFamily = {
  gpu: "h200",
  acceleratorType: "nvidia-h200-141gb",
  gpuMemoryGiB: 141,
  regions: ["us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "europe-west1", "europe-west4", "asia-south1", "asia-southeast1"],
};

export const GCP_INSTANCE_TYPES: readonly InstanceType[] = deepFreeze([
  row(G2, { name: "g2-standard-4", gpus: 1, vcpus: 4, memoryGiB: 16, pricePerHour: 0.706832 }),
  row(G2, { name: "g2-standard-8", gpus: 1, vcpus: 8, memoryGiB: 32, pricePerHour: 0.853624 }),
  row(G2, { name: "g2-standard-12", gpus: 1, vcpus: 12, memoryGiB: 48, pricePerHour: 1.000416 }),
  row(G2, { name: "g2-standard-16", gpus: 1, vcpus: 16, memoryGiB: 64, pricePerHour: 1.147208 }),
  row(G2, { name: "g2-standard-24", gpus: 2, vcpus: 24, memoryGiB: 96, pricePerHour: 2.000833 }),
  row(G2, { name: "g2-standard-32", gpus: 1, vcpus: 32, memoryGiB: 128, pricePerHour: 1.734376 }),
  row(G2, { name: "g2-standard-48", gpus: 4, vcpus: 48, memoryGiB: 192, pricePerHour: 4.001665 }),
  row(G2, { name: "g2-standard-96", gpus: 8, vcpus: 96, memoryGiB: 384, pricePerHour: 8.00333 }),

  row(A2_HIGH, { name: "a2-highgpu-1g", gpus: 1, vcpus: 12, memoryGiB: 85, pricePerHour: 3.673385 }),
  row(A2_HIGH, { name: "a2-highgpu-2g", gpus: 2, vcpus: 24, memoryGiB: 170, pricePerHour: 7.34677 }),
  row(A2_HIGH, { name: "a2-highgpu-4g", gpus: 4, vcpus: 48, memoryGiB: 340, pricePerHour: 14.69354 }),
  row(A2_HIGH, { name: "a2-highgpu-8g", gpus: 8, vcpus: 96, memoryGiB: 680, pricePerHour: 29.38708 }),
  row(A2_MEGA, { name: "a2-megagpu-16g", gpus: 16, vcpus: 96, memoryGiB: 1360, pricePerHour: 55.739504 }),

  row(A2_ULTRA, { name: "a2-ultragpu-1g", gpus: 1, vcpus: 12, memoryGiB: 170, pricePerHour: 5.068798 }),
  row(A2_ULTRA, { name: "a2-ultragpu-2g", gpus: 2, vcpus: 24, memoryGiB: 340, pricePerHour: 10.137596 }),
  row(A2_ULTRA, { name: "a2-ultragpu-4g", gpus: 4, vcpus: 48, memoryGiB: 680, pricePerHour: 20.275192 }),
  row(A2_ULTRA, { name: "a2-ultragpu-8g", gpus: 8, vcpus: 96, memoryGiB: 1360, pricePerHour: 40.550383 }),

  // A3 High with 1, 2 or 4 GPUs is sold only as Spot or Flex-start VMs, never on-demand (Google
  // Cloud, "Accelerator-optimized machine family", A3 High machine types, read 2026-12): the
  // planner never plans them as on-demand. Their price is still the on-demand list price.
  row(A3_HIGH, { name: "a3-highgpu-1g", gpus: 1, vcpus: 26, memoryGiB: 234, pricePerHour: 11.06125, spotOnly: true }),
  row(A3_HIGH, { name: "a3-highgpu-2g", gpus: 2, vcpus: 52, memoryGiB: 468, pricePerHour: 22.1225, spotOnly: true }),
  row(A3_HIGH, { name: "a3-highgpu-4g", gpus: 4, vcpus: 104, memoryGiB: 936, pricePerHour: 44.245, spotOnly: true }),
  row(A3_HIGH, { name: "a3-highgpu-8g", gpus: 8, vcpus: 208, memoryGiB: 1872, pricePerHour: 88.49 }),
  row(A3_MEGA, { name: "a3-megagpu-8g", gpus: 8, vcpus: 208, memoryGiB: 1872, pricePerHour: null }),
  row(A3_ULTRA, { name: "a3-ultragpu-8g", gpus: 8, vcpus: 224, memoryGiB: 2952, pricePerHour: null }),

  ...n1GpuShapes(),
]);
