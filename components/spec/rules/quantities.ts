/** Quantity fields: CPU and memory parsed once, here, and required to be above zero where they are requests. */
import { memoryText, parseCpu, parseMemory } from "../quantity";
import type { CpuQuantity, MemoryQuantity } from "../types";
import { Mapping, readField, Required } from "./fields";
import { at, Problems, show } from "./problems";

export interface QuantityRule extends Required {
  /** Zero allowed (quotas); requests must be above zero. */
  readonly allowZero?: boolean;
}

export function readCpu(obj: Mapping, key: string, path: string, out: Problems, rule: QuantityRule = {}): CpuQuantity | undefined {
  const p = at(path, key);
  const v = readField(obj, key);
  if (v === undefined) {
    if (rule.required !== undefined) out.error(p, `is required: ${rule.required}`);
    return undefined;
  }
  const parsed = parseCpu(v);
  if (!parsed.ok) {
    out.error(p, parsed.message);
    return undefined;
  }
  if (parsed.value.millis === 0 && !rule.allowZero) {
    out.error(p, `must be above 0, got ${show(v)}; give the CPU the workload needs, e.g. 2 or "500m"`);
    return undefined;
  }
  return parsed.value;
}

export function readMemory(obj: Mapping, key: string, path: string, out: Problems, rule: QuantityRule = {}): MemoryQuantity | undefined {
  const p = at(path, key);
  const v = readField(obj, key);
  if (v === undefined) {
    if (rule.required !== undefined) out.error(p, `is required: ${rule.required}`);
    return undefined;
  }
  const parsed = parseMemory(v);
  if (!parsed.ok) {
    out.error(p, parsed.message);
    return undefined;
  }
  if (parsed.value.bytes === 0 && !rule.allowZero) {
    out.error(p, `must be above 0, got ${show(v)}; give a size like "16Gi"`);
    return undefined;
  }
  return parsed.value;
}

/**
 * Smallest volume a spec may ask for. EBS gp3, the smallest block volume of the three clouds,
 * starts at 1 GiB (docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html, gp3 "Volume
 * size 1 GiB - 16 TiB", read 2026-11); anything smaller is a slip (a bare `100` is 100 bytes),
 * never a checkpoint of a GPU training run.
 */
export const MIN_VOLUME_SIZE = "1Gi";
export const MIN_VOLUME_BYTES = 1024 ** 3;

/** A unit suffix Kubernetes reads: binary (Ki..Ei) or decimal SI (k..E); an exponent is no unit. */
const SIZE_UNIT = /(?:[KMGTPE]i|[kMGTPE])$/;

/**
 * A volume size: a memory quantity written with a unit and at least MIN_VOLUME_SIZE. Without a
 * unit Kubernetes reads bytes, so `size: 100` would quietly become a 100-byte volume.
 */
export function readVolumeSize(obj: Mapping, key: string, path: string, out: Problems, rule: QuantityRule = {}): MemoryQuantity | undefined {
  const before = out.count;
  const size = readMemory(obj, key, path, out, rule);
  if (size === undefined || out.count !== before) return undefined;
  const v = readField(obj, key);
  const p = at(path, key);
  if (typeof v !== "string" || !SIZE_UNIT.test(v.trim())) {
    // A plain number was most likely meant in GiB; an exponent gets its exact size in SI units.
    const meant = /^\s*\d+\s*$/.test(String(v)) ? `${String(v).trim()}Gi` : memoryText(size.bytes, "decimal");
    out.error(p, `must be a size with a unit such as "200Gi", got ${show(v)}, which Kubernetes reads as ${size.bytes} byte(s); write e.g. "${meant}"`);
    return undefined;
  }
  if (size.bytes < MIN_VOLUME_BYTES) {
    out.error(p, `must be at least ${MIN_VOLUME_SIZE}, got ${show(v)}; no cloud disk is smaller, and a checkpoint needs gigabytes: ask for e.g. "100Gi"`);
    return undefined;
  }
  return size;
}
