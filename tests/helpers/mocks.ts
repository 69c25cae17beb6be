/**
 * The mock-engine harness for component tests: run a program on Pulumi's mocks (setMocks happens
 * inside each run, never at module load) and query what it registered.
 */
import { MockRun, MockRunOptions, RecordedResource, runOnMocks } from "../../cli/engine";

export { maskSecrets, unwrapSecrets, isSecretValue } from "../../cli/engine";
export type { MockRun, RecordedResource } from "../../cli/engine";

/** Runs a program (a function that builds components) on the mock engine. */
export function render(program: () => unknown, options: MockRunOptions = {}): Promise<MockRun> {
  return runOnMocks(program, options);
}

/** Every recorded resource of a type token. */
export function ofType(run: MockRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name, when given); throws when there is not exactly one. */
export function one(run: MockRun, type: string, name?: string): RecordedResource {
  const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    const names = ofType(run, type).map((r) => r.name);
    throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length} (of this type: ${names.join(", ") || "none"})`);
  }
  return found[0];
}

/** Reads a nested input by a dotted path (`spec.template.spec.containers`). */
export function input(r: RecordedResource, path: string): any {
  return path.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), r.inputs);
}

/** Kubernetes resources that would fall back to the ambient kubeconfig (no explicit provider). */
export function kubernetesWithoutProvider(run: MockRun): RecordedResource[] {
  return run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.provider === undefined);
}
