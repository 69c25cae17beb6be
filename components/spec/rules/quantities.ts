/** Quantity fields: CPU and memory parsed once, here, and required to be above zero where they are requests. */
import { parseCpu, parseMemory } from "../quantity";
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
