import { GPU_MODELS, GpuFacts, GpuModel } from "./types";

/**
 * Every GPU model the package knows, total over `GpuModel`.
 * Nominal memory: NVIDIA datasheets; MIG: NVIDIA MIG user guide, "Supported GPUs" (read 2026-08).
 * TODO(catalog): complete rows (seed only).
 */
export const GPUS: { readonly [m in GpuModel]: GpuFacts } = Object.freeze({
  t4: { name: "t4", displayName: "NVIDIA T4", aliases: ["tesla-t4", "nvidia-tesla-t4"], memoryGiB: 16, mig: false },
  v100: { name: "v100", displayName: "NVIDIA V100", aliases: ["tesla-v100", "nvidia-tesla-v100"], memoryGiB: 16, mig: false },
  a10g: { name: "a10g", displayName: "NVIDIA A10G", aliases: [], memoryGiB: 24, mig: false },
  a10: { name: "a10", displayName: "NVIDIA A10", aliases: [], memoryGiB: 24, mig: false },
  l4: { name: "l4", displayName: "NVIDIA L4", aliases: ["nvidia-l4"], memoryGiB: 24, mig: false },
  l40s: { name: "l40s", displayName: "NVIDIA L40S", aliases: [], memoryGiB: 48, mig: false },
  "a100-40gb": { name: "a100-40gb", displayName: "NVIDIA A100 40GB", aliases: ["a100", "a100-40g", "nvidia-tesla-a100"], memoryGiB: 40, mig: true },
  "a100-80gb": { name: "a100-80gb", displayName: "NVIDIA A100 80GB", aliases: ["a100-80g", "nvidia-a100-80gb"], memoryGiB: 80, mig: true },
  h100: { name: "h100", displayName: "NVIDIA H100 80GB", aliases: ["h100-80gb", "nvidia-h100-80gb"], memoryGiB: 80, mig: true },
  "h100-nvl": { name: "h100-nvl", displayName: "NVIDIA H100 NVL 94GB", aliases: ["h100-94gb"], memoryGiB: 94, mig: true },
  h200: { name: "h200", displayName: "NVIDIA H200 141GB", aliases: ["h200-141gb", "nvidia-h200-141gb"], memoryGiB: 141, mig: true },
  b200: { name: "b200", displayName: "NVIDIA B200", aliases: ["nvidia-b200"], memoryGiB: 180, mig: true },
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
  return [...BY_NAME.keys()];
}
