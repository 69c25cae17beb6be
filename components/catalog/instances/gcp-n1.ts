import { roundPrice } from "../freeze";
import { InstanceType } from "../types";

/**
 * GKE node shapes built from an N1 machine type with attached GPUs (`guestAccelerators`).
 *
 * On N1 the GPU is separate from the machine type, and the GPU count caps the machine's vCPUs and
 * memory. Only combinations inside those caps exist; each one is a catalogue row named
 * `<machineType>+<count>x<gpu>` (e.g. `n1-standard-8+1xt4`).
 *
 * Sources (shared/reference/gpu-catalog.md §2.1):
 * - Caps: cloud.google.com/compute/docs/gpus, as tabulated in skypilot-org/skypilot
 *   `sky/catalog/gcp_catalog.py` (`_NUM_ACC_TO_MAX_CPU_AND_MEMORY`), read 2026-08.
 * - Host prices: on-demand us-central1 from cloudpilot-ai/karpenter-provider-gcp
 *   `pkg/providers/pricing/initial-prices.json` (refresh commit of 2026-08-03).
 * - GPU prices: kubernetes/autoscaler `cluster-autoscaler/cloudprovider/gce/gce_price_info.go`
 *   (HEAD 55c37cd5, 2026-08-22): `nvidia-tesla-t4` 0.35, `nvidia-tesla-v100` 2.48 USD/h. That file
 *   states no region; we add them to the us-central1 host price, whose list price they match.
 * - Shapes: N1 standard = 3.75 GB per vCPU, highmem = 6.5 GB per vCPU (Compute Engine machine
 *   families page); GCP's "GB" here are GiB.
 * - Regions: cloud.google.com/compute/docs/gpus/gpu-regions-zones as best known on 2026-08;
 *   approximate. T4 is in most regions; V100 in five.
 */

/** The N1 machine types offered to GPU pools: general enough for serving, large enough for training. */
const N1_HOSTS: readonly { readonly machineType: string; readonly vcpus: number; readonly memoryGiB: number; readonly pricePerHour: number }[] = [
  { machineType: "n1-standard-4", vcpus: 4, memoryGiB: 15, pricePerHour: 0.19 },
  { machineType: "n1-standard-8", vcpus: 8, memoryGiB: 30, pricePerHour: 0.38 },
  { machineType: "n1-standard-16", vcpus: 16, memoryGiB: 60, pricePerHour: 0.76 },
  { machineType: "n1-standard-32", vcpus: 32, memoryGiB: 120, pricePerHour: 1.52 },
  { machineType: "n1-standard-64", vcpus: 64, memoryGiB: 240, pricePerHour: 3.04 },
  { machineType: "n1-standard-96", vcpus: 96, memoryGiB: 360, pricePerHour: 4.56 },
  { machineType: "n1-highmem-8", vcpus: 8, memoryGiB: 52, pricePerHour: 0.4732 },
  { machineType: "n1-highmem-16", vcpus: 16, memoryGiB: 104, pricePerHour: 0.9464 },
  { machineType: "n1-highmem-32", vcpus: 32, memoryGiB: 208, pricePerHour: 1.8928 },
  { machineType: "n1-highmem-64", vcpus: 64, memoryGiB: 416, pricePerHour: 3.7857 },
  { machineType: "n1-highmem-96", vcpus: 96, memoryGiB: 624, pricePerHour: 5.6785 },
];

/** The GPU models GKE attaches to N1 that the model table knows. P4 and P100 are not in it. */
type N1Gpu = "t4" | "v100";

interface N1GpuFacts {
  readonly acceleratorType: string;
  readonly gpuMemoryGiB: number;
  readonly pricePerGpuHour: number;
  /** Per GPU count: the largest vCPUs and memory (GiB) an N1 machine may have with that many. */
  readonly caps: readonly { readonly gpus: number; readonly vcpus: number; readonly memoryGiB: number }[];
  readonly regions: readonly string[];
}

const N1_GPUS: { readonly [g in N1Gpu]: N1GpuFacts } = {
  t4: {
    acceleratorType: "nvidia-tesla-t4",
    gpuMemoryGiB: 16,
    pricePerGpuHour: 0.35,
    caps: [
      { gpus: 1, vcpus: 48, memoryGiB: 312 },
      { gpus: 2, vcpus: 48, memoryGiB: 312 },
      { gpus: 4, vcpus: 96, memoryGiB: 624 },
    ],
    regions: [
      "us-central1", "us-east1", "us-east4", "us-west1", "us-west2", "us-west4",
      "northamerica-northeast1", "southamerica-east1",
      "europe-west1", "europe-west2", "europe-west3", "europe-west4",
      "asia-east1", "asia-northeast1", "asia-northeast3", "asia-south1", "asia-southeast1", "asia-southeast2",
      "australia-southeast1", "me-west1",
    ],
  },
  v100: {
    acceleratorType: "nvidia-tesla-v100",
    gpuMemoryGiB: 16,
    pricePerGpuHour: 2.48,
    caps: [
      { gpus: 1, vcpus: 12, memoryGiB: 78 },
      { gpus: 2, vcpus: 24, memoryGiB: 156 },
      { gpus: 4, vcpus: 48, memoryGiB: 312 },
      { gpus: 8, vcpus: 96, memoryGiB: 624 },
    ],
    regions: ["us-central1", "us-east1", "us-west1", "europe-west4", "asia-east1"],
  },
};

/** Every N1 + GPU combination within the caps: by GPU model, then GPU count, then machine type. */
export function n1GpuShapes(): InstanceType[] {
  const rows: InstanceType[] = [];
  for (const gpu of ["t4", "v100"] as const) {
    const facts = N1_GPUS[gpu];
    for (const cap of facts.caps) {
      const count = cap.gpus;
      for (const host of N1_HOSTS) {
        if (host.vcpus > cap.vcpus || host.memoryGiB > cap.memoryGiB) continue;
        rows.push({
          name: `${host.machineType}+${count}x${gpu}`,
          cloud: "gcp",
          machineType: host.machineType,
          acceleratorType: facts.acceleratorType,
          gpu,
          gpus: count,
          gpuMemoryGiB: facts.gpuMemoryGiB,
          vcpus: host.vcpus,
          memoryGiB: host.memoryGiB,
          pricePerHour: roundPrice(host.pricePerHour + facts.pricePerGpuHour * count),
          priceRegion: "us-central1",
          regions: facts.regions,
        });
      }
    }
  }
  return rows;
}
