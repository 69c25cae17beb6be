import { deepFreeze } from "./freeze";
import { GPU_MODELS, GpuFacts, GpuModel } from "./types";

/**
 * Every GPU model the package knows, total over `GpuModel`.
 *
 * Nominal memory per GPU: NVIDIA product datasheets (T4 16 GB, V100 16 GB in the PCIe/SXM2 parts
 * GCP and p3 use, A10/A10G/L4 24 GB, L40S 48 GB, A100 40/80 GB, H100 SXM 80 GB, H100 NVL 94 GB,
 * H200 141 GB, B200 180 GB as in DGX B200's 1,440 GB for 8 GPUs), read 2026-08. `gpu.minMemoryGiB`
 * compares with this figure on every cloud (DESIGN.md); what a cloud reports per row is
 * `InstanceType.gpuMemoryGiB` (EC2 says 22.35 GiB for an L4, and p3dn's V100s have 32 GB).
 *
 * MIG: NVIDIA Multi-Instance GPU user guide, "Supported GPUs" (docs.nvidia.com/datacenter/tesla/
 * mig-user-guide, read 2026-08, via shared/reference/gpu-catalog.md): A30, A100 40/80 GB, H100
 * 80/94 GB, H20, H200, GH200, B200 and later; not T4, V100, A10/A10G, L4, L40S.
 *
 * Aliases are what users copy from elsewhere: the GKE accelerator strings (`nvidia-tesla-t4`,
 * `nvidia-l4`, `nvidia-h100-mega-80gb`, ...; shared/reference/gpu-catalog.md §2.3), Karpenter's
 * `instance-gpu-name` values (`a100`, `h100`, ...) and "<model>-<memory>" spellings. `a100` and
 * `nvidia-tesla-a100` mean the 40 GB part, as on GKE; ask for `a100-80gb` (or `minMemoryGiB: 80`)
 * for the larger one.
 */
export const GPUS: { readonly [m in GpuModel]: GpuFacts } = deepFreeze({
  t4: { name: "t4", displayName: "NVIDIA T4", aliases: ["tesla-t4", "nvidia-tesla-t4", "nvidia-t4", "t4-16gb"], memoryGiB: 16, mig: false },
  v100: { name: "v100", displayName: "NVIDIA V100", aliases: ["tesla-v100", "nvidia-tesla-v100", "nvidia-v100", "v100-16gb"], memoryGiB: 16, mig: false },
  a10g: { name: "a10g", displayName: "NVIDIA A10G", aliases: ["nvidia-a10g", "a10g-24gb"], memoryGiB: 24, mig: false },
  a10: { name: "a10", displayName: "NVIDIA A10", aliases: ["nvidia-a10", "a10-24gb"], memoryGiB: 24, mig: false },
  l4: { name: "l4", displayName: "NVIDIA L4", aliases: ["nvidia-l4", "l4-24gb"], memoryGiB: 24, mig: false },
  l40s: { name: "l40s", displayName: "NVIDIA L40S", aliases: ["nvidia-l40s", "l40s-48gb"], memoryGiB: 48, mig: false },
  "a100-40gb": {
    name: "a100-40gb",
    displayName: "NVIDIA A100 40GB",
    aliases: ["a100", "a100-40g", "nvidia-tesla-a100", "nvidia-a100", "nvidia-a100-40gb"],
    memoryGiB: 40,
    mig: true,
  },
  "a100-80gb": { name: "a100-80gb", displayName: "NVIDIA A100 80GB", aliases: ["a100-80g", "nvidia-a100-80gb"], memoryGiB: 80, mig: true },
  h100: {
    name: "h100",
    displayName: "NVIDIA H100 80GB",
    aliases: ["h100-80gb", "h100-80g", "nvidia-h100", "nvidia-h100-80gb", "nvidia-h100-mega-80gb"],
    memoryGiB: 80,
    mig: true,
  },
  "h100-nvl": { name: "h100-nvl", displayName: "NVIDIA H100 NVL 94GB", aliases: ["h100-94gb", "nvidia-h100-nvl"], memoryGiB: 94, mig: true },
  h200: { name: "h200", displayName: "NVIDIA H200 141GB", aliases: ["h200-141gb", "nvidia-h200", "nvidia-h200-141gb"], memoryGiB: 141, mig: true },
  b200: { name: "b200", displayName: "NVIDIA B200", aliases: ["nvidia-b200", "b200-180gb"], memoryGiB: 180, mig: true },
});

const BY_NAME: ReadonlyMap<string, GpuModel> = new Map(
  GPU_MODELS.flatMap((m) => [[m, m] as const, ...GPUS[m].aliases.map((a) => [a, m] as const)]),
);

/** The canonical model for a name or alias (case-insensitive), or undefined. */
export function resolveGpuModel(name: string): GpuModel | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** Every accepted spelling, canonical names first: for "did you mean" hints. */
export function gpuModelSpellings(): readonly string[] {
  return [...GPU_MODELS, ...GPU_MODELS.flatMap((m) => GPUS[m].aliases)];
}

/**
 * Aliases that name more than one part: NVIDIA sells the A100 with 40 GB and with 80 GB, and
 * "A100" alone is read as the 40 GB part (its first release), which the plan then says.
 */
export const AMBIGUOUS_ALIASES: Readonly<Record<string, readonly GpuModel[]>> = Object.freeze({
  a100: ["a100-40gb", "a100-80gb"],
  "nvidia-a100": ["a100-40gb", "a100-80gb"],
  "nvidia-tesla-a100": ["a100-40gb", "a100-80gb"],
});
