import assert from "node:assert/strict";
import { CLOUD_FACTS, DAEMONS, GPUS, INSTANCE_TYPES, REGIONS } from "../../../components/catalog";

/** Every object reachable from `value` that is not frozen, as paths. */
function unfrozen(value: unknown, path: string): string[] {
  if (typeof value !== "object" || value === null) return [];
  const here = Object.isFrozen(value) ? [] : [path];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => unfrozen(v, `${path}.${k}`))];
}

/** Writes in strict mode, where writing to a frozen object throws instead of doing nothing. */
function writeStrictly(target: object, key: string, value: unknown): void {
  "use strict";
  (target as Record<string, unknown>)[key] = value;
}

describe("catalog: frozen tables", () => {
  it("freezes every object reachable from the catalogues", () => {
    assert.deepEqual(unfrozen(GPUS, "GPUS"), []);
    assert.deepEqual(unfrozen(INSTANCE_TYPES, "INSTANCE_TYPES"), []);
    assert.deepEqual(unfrozen(REGIONS, "REGIONS"), []);
    assert.deepEqual(unfrozen(CLOUD_FACTS, "CLOUD_FACTS"), []);
    assert.deepEqual(unfrozen(DAEMONS, "DAEMONS"), []);
  });

  it("throws on a write to a row, a nested list or a table", () => {
    assert.throws(() => writeStrictly(GPUS.t4, "memoryGiB", 1), TypeError);
    assert.throws(() => writeStrictly(INSTANCE_TYPES.aws[0] as object, "pricePerHour", 0), TypeError);
    assert.throws(() => writeStrictly(INSTANCE_TYPES.gcp[0]?.regions as object, "0", "nowhere"), TypeError);
    assert.throws(() => writeStrictly(CLOUD_FACTS.azure.systemInstanceTypes[0] as object, "pricePerHour", 0), TypeError);
    assert.throws(() => writeStrictly(DAEMONS[0] as object, "cpuMillis", 0), TypeError);
    assert.throws(() => (REGIONS.aws as string[]).push("mars-1"), TypeError);
    assert.equal(GPUS.t4.memoryGiB, 16);
    assert.equal(REGIONS.aws.includes("mars-1"), false);
  });
});
