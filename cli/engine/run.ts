/**
 * Runs a Pulumi program on Pulumi's mock engine and records what it would create: every
 * resource with its inputs, provider, parent and the resource options that matter for safety
 * (captured with a stack transformation, since mocks never see options).
 * Used by `ml-clusters render` and by the component tests (tests/helpers).
 */
import * as pulumi from "@pulumi/pulumi";
import { awsFakes } from "./answers/aws";
import { azureFakes } from "./answers/azure";
import { gcpFakes } from "./answers/gcp";
import { kubernetesFakes } from "./answers/kubernetes";
import { FakeOutputs, ProviderFakes, stableSuffix } from "./answers/types";

/** The key Pulumi's SDK marks a secret value with when it crosses to the engine. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedOptions {
  readonly protect?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly retainOnDelete?: boolean;
  readonly deleteBeforeReplace?: boolean;
  /** URNs. */
  readonly dependsOn?: readonly string[];
  readonly aliases?: readonly unknown[];
  readonly customTimeouts?: pulumi.CustomTimeouts;
  /** URN. */
  readonly deletedWith?: string;
  readonly replaceOnChanges?: readonly string[];
  readonly additionalSecretOutputs?: readonly string[];
}

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** URN of the parent resource; the stack for top-level resources. */
  readonly parent?: string;
  /** URN of the explicit provider; absent when the engine would use the default provider. */
  readonly provider?: string;
  /** Inputs as the engine received them; secrets still wrapped (see maskSecrets/unwrapSecrets). */
  readonly inputs: Record<string, unknown>;
  readonly options: RecordedOptions;
  /** An existing object the program reads (`Resource.get`), which it neither creates nor changes. */
  readonly read?: true;
}

export interface MockRunOptions {
  readonly project?: string;
  readonly stack?: string;
  /** Run as `pulumi preview` would: computed outputs unknown. @default false */
  readonly preview?: boolean;
  /** Stack config, `"<namespace>:<key>"` to a string (objects JSON-encoded). */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Extra or overriding fake answers (tests). */
  readonly fakes?: ProviderFakes;
  /** Fill provider config the stack does not set with stand-ins (a GCP project). @default true */
  readonly configStandIns?: boolean;
  /** Called with the count of registered resources every PROGRESS_EVERY registrations. */
  readonly onProgress?: (registered: number) => void;
}

export interface MockRun {
  readonly resources: readonly RecordedResource[];
  readonly outputs: Record<string, unknown>;
}

/** How often a long run reports progress, in registered resources. */
export const PROGRESS_EVERY = 250;

const PROVIDER_FAKES: readonly ProviderFakes[] = [awsFakes, gcpFakes, azureFakes, kubernetesFakes];

interface Registration {
  readonly inputs: Record<string, unknown>;
  readonly provider?: string;
  readonly custom: boolean;
  readonly read: boolean;
}

interface Captured {
  readonly resource: pulumi.Resource;
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.ResourceOptions;
}

/**
 * Runs `program` inside a mock stack and returns the recorded resources (sorted by URN) and
 * stack outputs. One run at a time per process: mocks and config are process-global.
 */
export async function runOnMocks(program: () => unknown, options: MockRunOptions = {}): Promise<MockRun> {
  const project = options.project ?? "ml-clusters";
  const stack = options.stack ?? "test";
  const fakes = options.fakes ? [options.fakes, ...PROVIDER_FAKES] : PROVIDER_FAKES;
  const registrations = new Map<string, Registration>();
  const duplicates: string[] = [];
  const unanswered: string[] = [];

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        if (registrations.has(key)) duplicates.push(key);
        // The mock monitor passes an ID only for reads (and imports, which nothing here uses).
        registrations.set(key, { inputs: args.inputs ?? {}, provider: args.provider || undefined, custom: args.custom ?? false, read: Boolean(args.id) });
        if (options.onProgress && registrations.size % PROGRESS_EVERY === 0) options.onProgress(registrations.size);
        if (!args.custom) return { id: undefined, state: {} };
        const outputs = fakeOutputs(fakes, args.type, args.name, args.inputs);
        // A fake may give the cloud's own ID shape (an ARM resource ID, a GKE self link).
        const id = typeof outputs.id === "string" ? outputs.id : fakeId(args.type, args.name, args.inputs);
        return { id, state: { ...args.inputs, ...outputs } };
      },
      call(args) {
        for (const f of fakes) {
          const answer = f.invokes[args.token];
          if (answer) return answer(args.inputs ?? {});
        }
        // Every invoke the program makes must have a plausible answer here, or the render lies.
        unanswered.push(args.token);
        throw new Error(`no fake answer for invoke ${args.token}`);
      },
    },
    project,
    stack,
    options.preview ?? false,
    "organization",
  );
  const standIns = options.configStandIns === false ? {} : Object.assign({}, ...[...fakes].reverse().map((f) => f.config ?? {}));
  pulumi.runtime.setAllConfig({ ...standIns, ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);

  const captured: Captured[] = [];
  let outputs: Record<string, unknown> | undefined;
  let secretOutputs: string[][] = [];
  // An error the program throws is kept here and rethrown after the run: letting it reject the
  // stack's own promise would also surface in the SDK as an unhandled rejection, with a trace.
  let programError: { error: unknown } | undefined;
  try {
    outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((a) => {
        captured.push({ resource: a.resource, type: a.type, name: a.name, opts: a.opts });
        return undefined;
      });
      try {
        const result = await program();
        secretOutputs = await secretPaths(result);
        return result;
      } catch (error) {
        programError = { error };
        return undefined;
      }
    });
    if (programError) throw programError.error;
  } catch (e) {
    // The SDK drops the mock's message on the way back; say which invokes lacked an answer.
    if (unanswered.length > 0) throw new Error(`no fake answer for invoke(s) ${[...new Set(unanswered)].join(", ")}: add them in cli/engine/answers/`);
    throw e;
  } finally {
    await pulumi.runtime.disconnect();
  }

  if (duplicates.length > 0) {
    // The real engine rejects two resources with the same URN; be at least as strict.
    throw new Error(`resources registered twice (type::name): ${[...new Set(duplicates)].join(", ")}`);
  }
  const resources = await Promise.all(captured.map((c) => record(c, registrations)));
  resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  // Stack outputs come back as plain values; mark again the ones the program made secret.
  return { resources, outputs: markSecret(outputs ?? {}, secretOutputs) as Record<string, unknown> };
}

async function record(c: Captured, registrations: ReadonlyMap<string, Registration>): Promise<RecordedResource> {
  const reg = registrations.get(`${c.type}::${c.name}`);
  const urn = await urnOf(c.resource);
  const o = c.opts;
  const options: RecordedOptions = stripUndefined({
    protect: o.protect,
    ignoreChanges: o.ignoreChanges,
    retainOnDelete: o.retainOnDelete,
    deleteBeforeReplace: (o as pulumi.CustomResourceOptions).deleteBeforeReplace,
    dependsOn: await dependsOnUrns(o.dependsOn),
    aliases: o.aliases?.length ? await Promise.all(o.aliases.map(aliasText)) : undefined,
    customTimeouts: o.customTimeouts,
    deletedWith: o.deletedWith ? await urnOf(o.deletedWith) : undefined,
    replaceOnChanges: o.replaceOnChanges,
    additionalSecretOutputs: (o as pulumi.CustomResourceOptions).additionalSecretOutputs,
  });
  return stripUndefined({
    urn,
    type: c.type,
    name: c.name,
    custom: reg?.custom ?? false,
    parent: o.parent ? await urnOf(o.parent) : undefined,
    provider: reg?.provider ? providerUrn(reg.provider) : undefined,
    inputs: (reg?.inputs ?? {}) as Record<string, unknown>,
    options,
    read: reg?.read ? true : undefined,
  });
}

/** Paths (keys from the root) of the secret Outputs in a program's returned value. */
async function secretPaths(value: unknown, at: string[] = []): Promise<string[][]> {
  if (pulumi.Output.isInstance(value)) return (await pulumi.isSecret(value)) ? [at] : [];
  if (Array.isArray(value)) return (await Promise.all(value.map((v, i) => secretPaths(v, [...at, String(i)])))).flat();
  if (value && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    return (await Promise.all(Object.entries(value).map(([k, v]) => secretPaths(v, [...at, k])))).flat();
  }
  return [];
}

/** A copy of `value` with the values at `paths` wrapped as secrets. */
function markSecret(value: unknown, paths: readonly string[][]): unknown {
  if (paths.some((p) => p.length === 0)) return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  for (const key of new Set(paths.map((p) => p[0]!))) {
    if (key in copy) copy[key] = markSecret(copy[key], paths.filter((p) => p[0] === key).map((p) => p.slice(1)));
  }
  return copy;
}

function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply((u) => resolve(u)));
}

async function dependsOnUrns(d: pulumi.ResourceOptions["dependsOn"]): Promise<string[] | undefined> {
  const resources = await dependencyResources(d);
  if (resources.length === 0) return undefined;
  return [...new Set(await Promise.all(resources.map(urnOf)))].sort();
}

/**
 * The resources a `dependsOn` names, walked as the SDK walks it (arrays, promises, Outputs).
 * Never wrap the list in `pulumi.output`: that walks every object reachable from each resource
 * (up to the whole spec and plan of MlPlatform), which made large renders quadratic.
 */
async function dependencyResources(d: unknown): Promise<pulumi.Resource[]> {
  if (d === undefined || d === null) return [];
  if (Array.isArray(d)) return (await Promise.all(d.map(dependencyResources))).flat();
  if (d instanceof Promise) return dependencyResources(await d);
  // Output.promise() (internal, as the SDK uses it here) resolves unknown values too, where apply would wait forever.
  if (pulumi.Output.isInstance(d)) return dependencyResources(await (d as unknown as { promise(): Promise<unknown> }).promise());
  return pulumi.Resource.isInstance(d) ? [d] : [];
}

async function aliasText(a: unknown): Promise<unknown> {
  if (typeof a === "string") return a;
  const out = await new Promise<unknown>((resolve) => pulumi.output(a as pulumi.Input<object>).apply(resolve));
  return JSON.parse(JSON.stringify(out, (_k, v) => (pulumi.Resource.isInstance(v) ? "[resource]" : v)));
}

/** `"<providerURN>::<providerID>"` -> the provider's URN. */
function providerUrn(ref: string): string {
  const cut = ref.lastIndexOf("::");
  return cut > 0 ? ref.slice(0, cut) : ref;
}

function fakeId(type: string, name: string, inputs: Record<string, any>): string {
  if (type.startsWith("pulumi:providers:")) return `${name}-provider-id`;
  const explicit = inputs?.name ?? inputs?.metadata?.name;
  return typeof explicit === "string" ? explicit : `${name}-${stableSuffix(`${type}/${name}`)}`;
}

function fakeOutputs(fakes: readonly ProviderFakes[], type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const fn: FakeOutputs | undefined = fakes.map((f) => f.outputs[type]).find((x) => x !== undefined);
  const answer = fn ? fn(inputs ?? {}, name) : {};
  if (type.startsWith("kubernetes:") && inputs?.metadata && !inputs.metadata.name) {
    // The Kubernetes provider auto-names objects without metadata.name; every object of ours is named.
    return { metadata: { ...inputs.metadata, name: `${name}-${stableSuffix(name)}` }, ...answer };
  }
  return answer;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Whether a value is Pulumi's wire form of a secret. */
export function isSecretValue(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** What a render shows for a secret value. */
export const SECRET_MASK = "[secret]";

/**
 * A deep copy with every secret value replaced by `"[secret]"`. A secret mapping keeps its keys,
 * masking each value: a Kubernetes Secret's `stringData` stays a valid mapping, and a diff of
 * two renders shows which key came or went. Keys are names (`HF_TOKEN`), never secret material.
 */
export function maskSecrets(v: unknown): unknown {
  if (isSecretValue(v)) return maskLeaves(v.value);
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecrets(x)]));
  return v;
}

function maskLeaves(v: unknown): unknown {
  if (isSecretValue(v)) return maskLeaves(v.value);
  if (Array.isArray(v)) return v.map(maskLeaves);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskLeaves(x)]));
  return SECRET_MASK;
}

/** A deep copy with every secret replaced by its plain value (tests only). */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecretValue(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  return v;
}
