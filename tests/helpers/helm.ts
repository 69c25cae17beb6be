/**
 * How Helm lays user values over a chart's defaults (helm/helm `pkg/chartutil/coalesce.go`,
 * `CoalesceTables`): maps merge key by key, a user `null` deletes the chart's key, any other user
 * value wins, and a default the user does not mention stays. Tests use it to check what a release's
 * values leave of a chart default, which the mock engine cannot render.
 */
type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

export function helmCoalesce(user: Table, defaults: Table): Table {
  const out: Table = { ...user };
  for (const [key, fallback] of Object.entries(defaults)) {
    if (!(key in out)) out[key] = fallback;
    else if (out[key] === null) delete out[key];
    else if (isTable(out[key]) && isTable(fallback)) out[key] = helmCoalesce(out[key] as Table, fallback);
  }
  return out;
}
