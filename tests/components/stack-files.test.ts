import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { serializeLock } from "../../components/capacity/lock";
import { planCapacity } from "../../components/capacity/plan";
import { readCapacityLock, stackLockFile } from "../../components";
import { SpecError } from "../../components/spec/errors";
import { findPulumiProject, stackConfigFile } from "../../components/stack-files";
import { validSpec } from "../helpers/builders";

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SpecError, `expected a SpecError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected a SpecError");
}

describe("stack files of a Pulumi project", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "ml-clusters-project-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };

  it("finds the nearest Pulumi.yaml above a nested directory, with its name and stackConfigDir", () => {
    write("Pulumi.yaml", "name: acme-ml\nruntime: nodejs\nstackConfigDir: infra/stacks\n");
    mkdirSync(path.join(root, "src/app"), { recursive: true });
    const project = findPulumiProject(path.join(root, "src/app"))!;
    assert.deepEqual(project, { file: path.join(root, "Pulumi.yaml"), dir: root, name: "acme-ml", stackConfigDir: path.join(root, "infra/stacks"), extension: ".yaml" });
    assert.equal(stackConfigFile(project, "dev"), path.join(root, "infra/stacks/Pulumi.dev.yaml"));
  });

  it("keeps stack files beside Pulumi.yaml when there is no stackConfigDir, and takes a .yml project's extension", () => {
    write("Pulumi.yml", "name: acme-ml\nruntime: nodejs\n");
    const project = findPulumiProject(root)!;
    assert.equal(project.stackConfigDir, root);
    assert.equal(stackConfigFile(project, "prod"), path.join(root, "Pulumi.prod.yml"));
  });

  it("finds no project where there is none", () => {
    assert.equal(findPulumiProject(root), undefined);
  });

  it("rejects a project file without a name, naming the file", () => {
    write("Pulumi.yaml", "runtime: nodejs\nstackConfigDir: [stacks]\n");
    const file = path.join(root, "Pulumi.yaml");
    assert.deepEqual(specError(() => findPulumiProject(root)).problems, [
      { path: `${file} name`, message: "must name the project, as Pulumi requires" },
      { path: `${file} stackConfigDir`, message: 'must be a directory path relative to the project, got ["stacks"]' },
    ]);
  });

  it("puts a stack's lock next to its stack file, found from inside the project", () => {
    write("Pulumi.yaml", "name: acme-ml\nruntime: nodejs\nstackConfigDir: infra/stacks\n");
    mkdirSync(path.join(root, "src"));
    assert.equal(stackLockFile("dev", path.join(root, "src")), path.join(root, "infra/stacks/capacity.dev.json"));
  });

  it("throws when asked for a stack's lock outside any project", () => {
    assert.throws(() => stackLockFile("dev", root), {
      message: `no Pulumi.yaml in ${root} or any directory above it: the capacity lock of stack "dev" lives next to the stack's Pulumi.dev.yaml`,
    });
  });

  it("reads a lock back as the plan it was written from", () => {
    const plan = planCapacity(validSpec());
    write("capacity.dev.json", serializeLock(plan));
    const read = readCapacityLock(path.join(root, "capacity.dev.json"))!;
    assert.equal(serializeLock(read), serializeLock(plan));
  });

  it("reads no lock when the file does not exist yet", () => {
    assert.equal(readCapacityLock(path.join(root, "capacity.dev.json")), undefined);
  });

  it("rejects a malformed lock, naming the file as labelled and the fix", () => {
    write("capacity.dev.json", "{ not json");
    const e = specError(() => readCapacityLock(path.join(root, "capacity.dev.json"), "capacity.dev.json"));
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0]!.path, "capacity.dev.json");
    assert.match(e.problems[0]!.message, /^is not valid JSON \(.+\); restore it from git, or delete it and run `plan --write` to write a fresh one$/);
  });

  it("rejects a directory in the lock's place", () => {
    mkdirSync(path.join(root, "capacity.dev.json"));
    assert.deepEqual(specError(() => readCapacityLock(path.join(root, "capacity.dev.json"), "capacity.dev.json")).problems, [
      { path: "capacity.dev.json", message: "is a directory, not a lock file" },
    ]);
  });
});
