import type { ValidSpec } from "../spec/types";
import type { CapacityPlan } from "./types";

/** Placeholder with the final signature, so callers compile while the planner is built. */
export function planCapacity(_spec: ValidSpec, _previous?: CapacityPlan): CapacityPlan {
  throw new Error("planCapacity is not built yet");
}
