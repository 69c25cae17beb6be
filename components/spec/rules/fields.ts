/**
 * Typed readers over untyped input. Each reads one field, records what is wrong with it, and
 * returns the value when it is sound (undefined otherwise), so the rules above stay short.
 * `null` counts as absent: YAML writes `key:` with nothing after it as null.
 */
import { at, isMapping, listing, Problems, show, showTyped } from "./problems";
import { suggest } from "./suggest";

export type Mapping = Readonly<Record<string, unknown>>;

/**
 * A mapping with known fields. Every other key is an error with a did-you-mean, so a typo like
 * `replica:` is caught instead of silently ignored.
 */
export function readMapping(value: unknown, path: string, what: string, fields: readonly string[], out: Problems): Mapping | undefined {
  if (!isMapping(value)) {
    out.error(path, `must be a mapping (${what}), got ${showTyped(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (fields.includes(key)) continue;
    const close = suggest(key, fields);
    out.error(
      at(path, key),
      close !== undefined
        ? `is not a field of ${what}; did you mean "${close}"?`
        : `is not a field of ${what} (its fields: ${fields.join(", ")}); remove it or fix the spelling`,
    );
  }
  return value;
}

/** The field's value, or undefined when absent or null. */
function field(obj: Mapping, key: string): unknown {
  const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  return v === null ? undefined : v;
}

export interface Required {
  /** When set the field is required; the text says what to put there. */
  readonly required?: string;
}

function missing(path: string, opts: Required, out: Problems): undefined {
  if (opts.required !== undefined) out.error(path, `is required: ${opts.required}`);
  return undefined;
}

export function readString(obj: Mapping, key: string, path: string, out: Problems, opts: Required = {}): string | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return missing(p, opts, out);
  if (typeof v !== "string") {
    out.error(p, `must be text, got ${showTyped(v)}${typeof v === "number" && Number.isFinite(v) ? `; quote it: "${v}"` : ""}`);
    return undefined;
  }
  if (v.trim() === "") {
    out.error(p, `must not be empty${opts.required !== undefined ? `: ${opts.required}` : "; remove it or give a value"}`);
    return undefined;
  }
  return v;
}

export interface IntegerRange extends Required {
  readonly min: number;
  readonly max?: number;
}

/** `must be a whole number from 1 to 8, got 1.5` */
export function integerRangeText(range: { readonly min: number; readonly max?: number }): string {
  return range.max === undefined ? `a whole number of at least ${range.min}` : `a whole number from ${range.min} to ${range.max}`;
}

export function readInteger(obj: Mapping, key: string, path: string, out: Problems, range: IntegerRange): number | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return missing(p, range, out);
  return checkInteger(v, p, range, out);
}

export function checkInteger(v: unknown, path: string, range: { readonly min: number; readonly max?: number }, out: Problems): number | undefined {
  const ok = typeof v === "number" && Number.isInteger(v) && v >= range.min && (range.max === undefined || v <= range.max);
  if (!ok) {
    out.error(path, `must be ${integerRangeText(range)}, got ${typeof v === "number" ? show(v) : showTyped(v)}`);
    return undefined;
  }
  return v;
}

export interface NumberRange extends Required {
  /** Exclusive lower bound. */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  readonly what: string;
}

export function readNumber(obj: Mapping, key: string, path: string, out: Problems, range: NumberRange): number | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return missing(p, range, out);
  const ok = typeof v === "number" && Number.isFinite(v) && (range.above === undefined || v > range.above) && (range.max === undefined || v <= range.max);
  if (!ok) {
    out.error(p, `must be ${range.what}, got ${typeof v === "number" ? show(v) : showTyped(v)}`);
    return undefined;
  }
  return v;
}

export function readBoolean(obj: Mapping, key: string, path: string, out: Problems): boolean | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") {
    out.error(p, `must be true or false, got ${showTyped(v)}`);
    return undefined;
  }
  return v;
}

/** One of a closed set of words, with a did-you-mean. */
export function readEnum<T extends string>(obj: Mapping, key: string, path: string, out: Problems, allowed: readonly T[], opts: Required = {}): T | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return missing(p, opts, out);
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  const close = typeof v === "string" ? suggest(v, allowed) : undefined;
  out.error(p, `must be ${listing(allowed, true, "or")}, got ${showTyped(v)}${close !== undefined ? `; did you mean "${close}"?` : ""}`);
  return undefined;
}

/**
 * How to write a text as a list. A command line is split into words, as the container runtime
 * will not: `command: ["vllm serve"]` would look for an executable named "vllm serve".
 */
function asList(text: string): string {
  const words = text.trim().split(/\s+/);
  if (words.length < 2) return `write [${JSON.stringify(text.trim())}]`;
  if (/["'\\]/.test(text)) return "write it as a list with one item per word, as the program receives them";
  return `write one item per word: [${words.map((w) => JSON.stringify(w)).join(", ")}]`;
}

/** A list of non-empty strings. */
export function readStringList(obj: Mapping, key: string, path: string, out: Problems, opts: Required & { readonly nonEmpty?: string } = {}): string[] | undefined {
  const p = at(path, key);
  const v = field(obj, key);
  if (v === undefined) return missing(p, opts, out);
  if (!Array.isArray(v)) {
    out.error(p, `must be a list of text, got ${showTyped(v)}${typeof v === "string" ? `; ${asList(v)}` : ""}`);
    return undefined;
  }
  if (v.length === 0 && opts.nonEmpty !== undefined) {
    out.error(p, `must not be empty: ${opts.nonEmpty}`);
    return undefined;
  }
  const before = out.count;
  v.forEach((item: unknown, i) => {
    if (typeof item !== "string" || item.trim() === "") out.error(at(p, i), `must be non-empty text, got ${showTyped(item)}`);
  });
  return out.count === before ? (v as string[]) : undefined;
}

/** The raw value of a sub-mapping field, or undefined when absent. */
export function readField(obj: Mapping, key: string): unknown {
  return field(obj, key);
}
