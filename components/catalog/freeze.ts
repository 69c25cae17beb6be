/**
 * Catalogues are shared by every caller in the process: a stray write in one planner run would
 * silently change the next. Freezing everything reachable turns such a write into a TypeError
 * (in strict mode, which every TypeScript module is).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return Object.freeze(value);
}

/** GiB from the MiB figure a cloud API reports (EC2 `GpuInfo.Gpus[].MemoryInfo.SizeInMiB`). */
export function gibFromMiB(mib: number): number {
  return mib / 1024;
}

/** Sums of hourly prices rounded to the price tables' own precision (six decimals), so 0.19 + 0.35 is 0.54. */
export function roundPrice(usdPerHour: number): number {
  return Math.round(usdPerHour * 1e6) / 1e6;
}
