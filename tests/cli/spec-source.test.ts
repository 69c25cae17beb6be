import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { InputError, UsageError } from "../../cli/io";
import type { CliIo } from "../../cli/io";
import { listStacks, parseSpecText, readSpecFile, readStackSpec } from "../../cli/spec-source";

const SPECS = path.resolve(__dirname, "../fixtures/specs");
const io = (cwd: string): CliIo => ({ out: () => undefined, err: () => undefined, cwd });

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected an InputError");
}

describe("spec sources", () => {
  it("reads a YAML spec file, labelled with the path as given", () => {
    const source = readSpecFile("gcp.yaml", io(SPECS));
    assert.equal(source.label, "gcp.yaml");
    assert.deepEqual((source.spec as { name: string; region: string }).name, "ml-gcp");
  });

  it("reads a JSON spec file the same way", () => {
    const source = readSpecFile("aws.json", io(SPECS));
    assert.equal((source.spec as { region: string }).region, "us-west-2");
  });

  it("resolves relative paths against the working directory", () => {
    const source = readSpecFile("specs/aws.json", io(path.dirname(SPECS)));
    assert.equal(source.label, "specs/aws.json");
  });

  it("reads the platform key of a stack's structured config", () => {
    const source = readStackSpec("dev", io(path.join(SPECS, "stack-root")));
    assert.equal(source.label, "stacks/Pulumi.dev.yaml");
    assert.deepEqual(Object.keys(source.spec as object), ["name", "cloud", "region", "apiAccess", "namespaces", "services"]);
  });

  it("lists the stacks that have a stack file", () => {
    assert.deepEqual(listStacks(io(path.join(SPECS, "stack-root"))), ["bad", "dev", "nokey"]);
    assert.deepEqual(listStacks(io(tmpdir())), []);
  });

  it("rejects a stack name that could leave the stacks directory, as usage", () => {
    assert.throws(() => readStackSpec("../etc", io(SPECS)), (e: unknown) => e instanceof UsageError);
  });

  it("parses YAML 1.2: yes stays text, a leading BOM is ignored", () => {
    assert.deepEqual(parseSpecText("\uFEFFname: ml\nprotect: yes\n", "s.yaml"), { name: "ml", protect: "yes" });
  });

  it("expands YAML merge keys, so services can share settings", () => {
    const text = "defaults: &gpu { cpu: 3, memory: 12Gi }\nservice:\n  <<: *gpu\n  name: chat\n";
    assert.deepEqual(parseSpecText(text, "s.yaml"), { defaults: { cpu: 3, memory: "12Gi" }, service: { cpu: 3, memory: "12Gi", name: "chat" } });
  });

  it("rejects YAML syntax errors with the line and column", () => {
    assert.equal(inputError(() => parseSpecText("name: a\nname: b\n", "s.yaml")), "s.yaml: line 2, column 1: Map keys must be unique");
    assert.equal(inputError(() => parseSpecText('{"name": "a",, }', "s.json")), "s.json: line 1, column 14: Unexpected , in flow map");
  });

  it("rejects more than one YAML document", () => {
    assert.equal(inputError(() => parseSpecText("name: a\n---\nname: b\n", "s.yaml")), "s.yaml: holds 2 YAML documents; put one platform spec per file");
  });

  it("rejects a file with only comments as empty", () => {
    assert.equal(
      inputError(() => parseSpecText("# nothing here\n", "s.yaml")),
      "s.yaml: the file is empty; it should hold a platform spec (name, cloud, region, ...)",
    );
  });

  it("stops alias expansion bombs", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      return `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
    })].join("\n");
    assert.equal(inputError(() => parseSpecText(bomb, "bomb.yaml")), "bomb.yaml: Excessive alias count indicates a resource exhaustion attack");
  });
});
