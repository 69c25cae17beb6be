/**
 * The clusters' own argument checks, without building a cluster: what `validate` adds to the spec
 * and capacity checks, so a spec that validates does not fail later inside a cluster component.
 * Imports only the pure check modules, never a cloud SDK.
 */
import type { CapacityPlan } from "../capacity/types";
import type { Cloud } from "../catalog/types";
import { SpecError } from "../spec/errors";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { eksClusterProblems } from "./aws/validate";
import { validateAksClusterArgs } from "./azure/validate";
import { gkeClusterProblems } from "./gcp/validate";

/**
 * Stands in for the GCP project, which comes from provider config (`gcp:project`) at deploy time,
 * not from the spec: the project check belongs to `pulumi up`, the rest can run here.
 */
const PROJECT_CHECKED_AT_DEPLOY = "project-from-provider-config";

/** Every problem the spec's cluster would throw for this plan; empty when it would build. */
export function clusterProblems(spec: ValidSpec, plan: CapacityPlan): readonly SpecProblem[] {
  const cloud: Cloud = spec.cloud;
  switch (cloud) {
    case "aws":
      return eksClusterProblems({ spec, plan });
    case "gcp":
      return gkeClusterProblems({ name: "cluster", project: PROJECT_CHECKED_AT_DEPLOY, args: { spec, plan } });
    case "azure":
      try {
        validateAksClusterArgs("cluster", { spec, plan });
        return [];
      } catch (e) {
        if (e instanceof SpecError) return e.problems;
        throw e;
      }
    default: {
      const never: never = cloud;
      throw new Error(`no cluster checks for cloud "${String(never)}"`);
    }
  }
}
