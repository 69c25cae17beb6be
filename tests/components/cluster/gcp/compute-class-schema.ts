/**
 * A small shape check of a ComputeClass object, from the documented fields (no typed model of the
 * CRD is published): cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass and
 * docs/concepts/about-custom-compute-classes, read 2026-12. It returns every deviation it finds.
 */
const SPEC_FIELDS = new Set([
  "activeMigration",
  "allocationStrategyDefaults",
  "autoscalingPolicy",
  "buffers",
  "description",
  "nodePoolAutoCreation",
  "nodePoolConfig",
  "nodePoolGroup",
  "priorities",
  "priorityDefaults",
  "whenUnsatisfiable",
]);
const ACTIVE_MIGRATION_FIELDS = new Set(["optimizeRulePriority", "ensureAllDaemonSetPodsRunning"]);
const WHEN_UNSATISFIABLE = new Set(["ScaleUpAnyway", "DoNotScaleUp"]);
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function computeClassShapeProblems(obj: any): string[] {
  const out: string[] = [];
  if (obj.apiVersion !== "cloud.google.com/v1") out.push(`apiVersion: ${obj.apiVersion}`);
  if (obj.kind !== "ComputeClass") out.push(`kind: ${obj.kind}`);
  const name = obj.metadata?.name;
  if (typeof name !== "string" || !NAME.test(name) || name.length > 63) out.push(`metadata.name: ${name}`);
  else if (name.startsWith("gke") || name.startsWith("autopilot")) out.push(`metadata.name: reserved prefix in ${name}`);
  if (obj.metadata?.namespace !== undefined) out.push("metadata.namespace: a ComputeClass is cluster-scoped");
  const spec = obj.spec ?? {};
  for (const key of Object.keys(spec)) if (!SPEC_FIELDS.has(key)) out.push(`spec.${key}: not a ComputeClass field`);
  if (!Array.isArray(spec.priorities) || spec.priorities.length === 0) out.push("spec.priorities: must list at least one rule");
  (spec.priorities ?? []).forEach((rule: any, i: number) => {
    if (rule.nodepools === undefined) return;
    // A nodepools rule takes no other field (not declarative).
    const others = Object.keys(rule).filter((k) => k !== "nodepools");
    if (others.length > 0) out.push(`spec.priorities[${i}]: nodepools with ${others.join(", ")}`);
    if (!Array.isArray(rule.nodepools) || rule.nodepools.length === 0 || rule.nodepools.some((n: unknown) => typeof n !== "string" || n === "")) {
      out.push(`spec.priorities[${i}].nodepools: must list node pool names`);
    }
  });
  if (spec.whenUnsatisfiable !== undefined && !WHEN_UNSATISFIABLE.has(spec.whenUnsatisfiable)) out.push(`spec.whenUnsatisfiable: ${spec.whenUnsatisfiable}`);
  if (spec.nodePoolAutoCreation !== undefined && typeof spec.nodePoolAutoCreation.enabled !== "boolean") out.push("spec.nodePoolAutoCreation.enabled: must be a boolean");
  for (const key of Object.keys(spec.activeMigration ?? {})) {
    if (!ACTIVE_MIGRATION_FIELDS.has(key) || typeof spec.activeMigration[key] !== "boolean") out.push(`spec.activeMigration.${key}`);
  }
  return out;
}
