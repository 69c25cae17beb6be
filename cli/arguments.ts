/** Command-line flags several commands share. */
import { UsageError } from "./io";

/** The value of `--key KEY` or `--key=KEY` at `argv[i]`. */
export function keyValue(argv: readonly string[], i: number): string {
  const arg = argv[i]!;
  const value = arg === "--key" ? argv[i + 1] : arg.slice("--key=".length);
  if (value === undefined || value === "" || value.startsWith("-")) {
    throw new UsageError("--key needs a stack config key, e.g. --key platform or --key acme:platform");
  }
  return value;
}

/** The one `--key` given, if any; it names a key of a stack file, so it needs `--stack`. */
export function onlyKey(keys: readonly string[], hasStack: boolean): string | undefined {
  if (keys.length > 1) throw new UsageError("give --key once");
  if (keys.length === 1 && !hasStack) throw new UsageError("--key names the config key a stack file holds the spec under; give it with --stack ENV");
  return keys[0];
}
