/**
 * Kubernetes quantities, parsed once at the edge: CPU to millicores, memory to bytes.
 *
 * Grammar (kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/, and
 * apimachinery's resource.ParseQuantity, which also takes the n and u decimal suffixes):
 *   quantity ::= sign? number suffix?      number ::= digits | digits "." digits? | "." digits
 *   suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei  (binary)  |  n|u|m|k|M|G|T|P|E  (decimal)  |  (e|E) sign? digits
 * Arithmetic is exact (BigInt fractions), so "0.1" is 100m and never 99.99999m.
 */
import type { CpuQuantity, MemoryQuantity } from "./types";

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export type QuantityFormat = "binary" | "decimal";

/** An exact, non-reduced fraction `numerator / denominator` with its notation. */
export interface ExactQuantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly negative: boolean;
  readonly format: QuantityFormat;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;

/** Powers of 1024 for the binary suffixes. */
const BINARY: { readonly [s: string]: number } = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
/** Powers of ten for the decimal suffixes. */
const DECIMAL: { readonly [s: string]: number } = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** apimachinery rejects exponents it cannot represent; nothing sane needs more than this. */
const MAX_EXPONENT = 30;

/** Parses a quantity's text exactly; `message` says what is wrong. */
export function parseQuantity(text: string): Parsed<ExactQuantity> {
  const m = QUANTITY.exec(text);
  if (m === null) return { ok: false, message: "is not a Kubernetes quantity" };
  const [, sign, number, suffix = ""] = m as unknown as [string, string, string, string | undefined];
  const [whole = "", fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole}${fraction}` || "0");
  let denominator = 10n ** BigInt(fraction.length);
  let format: QuantityFormat = "decimal";
  let power10: number;
  if (suffix in BINARY) {
    numerator *= 1024n ** BigInt(BINARY[suffix]!);
    format = "binary";
    power10 = 0;
  } else if (suffix in DECIMAL) {
    power10 = DECIMAL[suffix]!;
  } else {
    power10 = Number(suffix.slice(1));
    if (Math.abs(power10) > MAX_EXPONENT) return { ok: false, message: `has an exponent beyond ±${MAX_EXPONENT}` };
  }
  if (power10 >= 0) numerator *= 10n ** BigInt(power10);
  else denominator *= 10n ** BigInt(-power10);
  return { ok: true, value: { numerator, denominator, negative: sign === "-" && numerator !== 0n, format } };
}

/** A quantity as written in a spec: text, or a YAML/JSON number. */
function quantityText(input: unknown): string | undefined {
  if (typeof input === "string") return input;
  if (typeof input === "number" && Number.isFinite(input)) return String(input);
  return undefined;
}

const CPU_HELP = 'a number of cores like 4 or 0.5, or millicores like "500m"';
const MEMORY_HELP = 'a size like "16Gi" (GiB), "512Mi" (MiB) or a number of bytes';

/** CPU: millicores, the unit Kubernetes schedules in. Finer than 1m is rejected, as the API server does. */
export function parseCpu(input: unknown): Parsed<CpuQuantity> {
  const text = quantityText(input);
  const parsed = text === undefined ? undefined : parseQuantity(text);
  if (parsed === undefined || !parsed.ok) return { ok: false, message: `must be a CPU quantity, ${CPU_HELP}, got ${show(input)}` };
  const q = parsed.value;
  if (q.negative) return { ok: false, message: `must not be negative, got ${show(input)}` };
  const scaled = q.numerator * 1000n;
  if (scaled % q.denominator !== 0n) {
    const up = scaled / q.denominator + 1n;
    return { ok: false, message: `is finer than 1m (a thousandth of a core), the smallest CPU step Kubernetes accepts, got ${show(input)}; use "${up}m"` };
  }
  const millis = scaled / q.denominator;
  if (millis > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `is too large to be a CPU request, got ${show(input)}` };
  return { ok: true, value: { text: cpuText(Number(millis)), millis: Number(millis) } };
}

/** Memory: bytes. Fractions of a byte are rejected, and so is the `m` suffix (milli-bytes). */
export function parseMemory(input: unknown): Parsed<MemoryQuantity> {
  const text = quantityText(input);
  const parsed = text === undefined ? undefined : parseQuantity(text);
  if (parsed === undefined || !parsed.ok) {
    return { ok: false, message: `must be a memory quantity, ${MEMORY_HELP}, got ${show(input)}${memoryHint(text)}` };
  }
  const q = parsed.value;
  if (q.negative) return { ok: false, message: `must not be negative, got ${show(input)}` };
  if (text !== undefined && /\dm$/.test(text)) {
    return { ok: false, message: `uses "m" (thousandths of a byte), got ${show(input)}; write "${text.slice(0, -1)}Mi" for mebibytes` };
  }
  if (q.numerator % q.denominator !== 0n) {
    return { ok: false, message: `is not a whole number of bytes, got ${show(input)}; use a smaller unit, e.g. "Mi" instead of "Gi"` };
  }
  const bytes = q.numerator / q.denominator;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `is too large (above 8 PiB), got ${show(input)}` };
  return { ok: true, value: { text: memoryText(Number(bytes), q.format), bytes: Number(bytes) } };
}

/** Canonical CPU text: whole cores as a plain number ("4"), otherwise millicores ("500m"). */
export function cpuText(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const BINARY_SUFFIXES = ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"] as const;
const DECIMAL_SUFFIXES = ["E", "P", "T", "G", "M", "k"] as const;

/**
 * Canonical memory text, keeping the notation the user chose, with the largest suffix that
 * divides exactly ("1.5Gi" -> "1536Mi", "1e9" -> "1G"), as Kubernetes canonicalises.
 */
export function memoryText(bytes: number, format: QuantityFormat = "binary"): string {
  const value = BigInt(bytes);
  const [suffixes, base] = format === "binary" ? [BINARY_SUFFIXES, 1024n] : [DECIMAL_SUFFIXES, 1000n];
  for (let i = 0; i < suffixes.length; i++) {
    const unit = base ** BigInt(suffixes.length - i);
    if (value !== 0n && value % unit === 0n) return `${value / unit}${suffixes[i]}`;
  }
  return String(value);
}

export const BYTES_PER_GIB = 1024 ** 3;

/** How a value reads in a message: strings quoted, numbers bare. */
function show(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input);
  if (typeof input === "number") return String(input);
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  return typeof input === "object" ? "a mapping" : String(input);
}

/** "16GB", "16 GiB", "16gi": the usual slips, with the spelling Kubernetes reads. */
function memoryHint(text: string | undefined): string {
  const m = text === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])(i?)[bB]?\s*$/.exec(text);
  if (m === null) return "";
  const unit = m[2]!.toUpperCase() === "K" ? "K" : m[2]!.toUpperCase();
  return `; did you mean "${m[1]}${unit}i"?`;
}
