/**
 * The collector every rule writes to: errors (the spec is rejected) and warnings (legal but
 * surprising). Rules never throw for bad input; validateSpec throws once, with all of them.
 */
import type { SpecProblem } from "../types";

export class Problems {
  readonly errors: SpecProblem[] = [];
  readonly warnings: SpecProblem[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** How many errors so far: rules compare before and after to tell whether a part was sound. */
  get count(): number {
    return this.errors.length;
  }
}

/** `services[2]`, `services[2].gpu`, `env["my-var"]`: the path of a child. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : undefined;
  if (plain === undefined) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? plain : `${path}.${plain}`;
}

/** A received value in a message: strings quoted (and cut when long), numbers bare. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  const tagged = yamlTagged(value);
  if (tagged !== undefined) return `${tagged}; drop the tag and write plain YAML`;
  return "a mapping";
}

/**
 * YAML 1.1 tags the parser honours turn values into objects that are not mappings; named after
 * the tag, so the message points at what to delete.
 */
function yamlTagged(value: object): string | undefined {
  if (value instanceof Uint8Array) return "binary data (a !!binary tag)";
  if (value instanceof Date) return "a date (a !!timestamp tag)";
  if (value instanceof Map) return "an ordered map (a !!omap tag)";
  if (value instanceof Set) return "a set (a !!set tag)";
  return undefined;
}

/** A received value with its kind, for type mismatches: `the number 42`, `the text "42"`. */
export function showTyped(value: unknown): string {
  if (typeof value === "string") return `the text ${show(value)}`;
  if (typeof value === "number") return `the number ${show(value)}`;
  if (typeof value === "boolean") return `the boolean ${show(value)}`;
  return show(value);
}

/** `a, b and c` (or `a, b or c`), for lists in messages. */
export function listing(items: readonly string[], quote = true, conjunction: "and" | "or" = "and"): string {
  const q = quote ? items.map((s) => JSON.stringify(s)) : [...items];
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} ${conjunction} ${q[q.length - 1]}`;
}

/** At most `limit` items of a list, then "and N more": messages stay one readable line. */
export function firstFew(items: readonly string[], limit = 8): string {
  if (items.length <= limit) return items.join(", ");
  return `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}

/** "an aws", "a gcp", "an azure": cloud names in running text. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // Plain objects only: a Map or Set from a YAML tag has no own keys, and would read as empty.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
