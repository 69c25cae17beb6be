/** Fake engine answers, per provider package: computed outputs per resource type, invokes per token. */
export type FakeOutputs = (inputs: Record<string, any>, name: string) => Record<string, unknown>;
export type FakeInvoke = (inputs: Record<string, any>) => Record<string, unknown>;

export interface ProviderFakes {
  /** Outputs the provider would compute, keyed by resource type token. */
  readonly outputs: Readonly<Record<string, FakeOutputs>>;
  /** Answers to invokes (data sources), keyed by function token. */
  readonly invokes: Readonly<Record<string, FakeInvoke>>;
  /**
   * Provider config a real stack must set but an offline render can stand in for (a GCP project),
   * used only when the stack's own config does not set the key.
   */
  readonly config?: Readonly<Record<string, string>>;
}

/** A short stable suffix, standing in for the random suffix of auto-named resources. */
export function stableSuffix(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, "0").slice(0, 7);
}
