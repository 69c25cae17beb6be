import assert from "node:assert/strict";
import {
  BLOB_ACTIONS,
  BLOB_PATH_ATTRIBUTE,
  BLOB_PREFIX_ATTRIBUTE,
  LIST_SUBOPERATION,
  blobPrefixCondition,
  directoryPrefix,
  grantPrefixes,
} from "../../../../components/cluster/azure/blob-condition";
import { AbacRequest, conditionAllows, parseCondition } from "../../../helpers/abac";

const PATH = BLOB_PATH_ATTRIBUTE.slice("@Resource[".length, -1);
const PREFIX = BLOB_PREFIX_ATTRIBUTE.slice("@Request[".length, -1);

/**
 * Data actions of the custom reader and writer roles (blob-roles.ts), which are those of the
 * built-in Reader and Contributor, copied from built-in-roles/storage.md (MicrosoftDocs/azure-docs,
 * read 2026-12) rather than from the code under test, so a grant the role lacks is denied here.
 */
const ROLE_DATA_ACTIONS = {
  read: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
  write: [
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
  ],
} as const;

type Op = "get" | "list" | "put" | "append" | "delete" | "rename";

function request(op: Op, where: string | undefined): AbacRequest {
  if (op === "list") return { action: BLOB_ACTIONS.read, subOperation: LIST_SUBOPERATION, request: where === undefined ? {} : { [PREFIX]: where } };
  const action = { get: BLOB_ACTIONS.read, put: BLOB_ACTIONS.write, append: BLOB_ACTIONS.add, delete: BLOB_ACTIONS.delete, rename: BLOB_ACTIONS.move }[op];
  return { action, resource: { [PATH]: where! } };
}

/** What Azure decides: the role grants the data action and the condition (if any) holds. */
function allowed(access: "read" | "write", prefixes: readonly string[], op: Op, where?: string): boolean {
  const req = request(op, where);
  if (!(ROLE_DATA_ACTIONS[access] as readonly string[]).includes(req.action)) return false;
  const condition = blobPrefixCondition(access, prefixes);
  return condition === undefined || conditionAllows(condition, req);
}

describe("Azure blob prefix conditions", () => {
  describe("the ABAC evaluator the tests rely on", () => {
    const containerOnly = `((!(ActionMatches{'${BLOB_ACTIONS.read}'} AND NOT SubOperationMatches{'${LIST_SUBOPERATION}'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))`;

    it("allows an untargeted action and decides a targeted one by its expression", () => {
      assert.equal(conditionAllows(containerOnly, { action: BLOB_ACTIONS.write }), true);
      assert.equal(conditionAllows(containerOnly, { action: BLOB_ACTIONS.read, resource: { "Microsoft.Storage/storageAccounts/blobServices/containers:name": "logs" } }), true);
      assert.equal(conditionAllows(containerOnly, { action: BLOB_ACTIONS.read, resource: { "Microsoft.Storage/storageAccounts/blobServices/containers:name": "other" } }), false);
    });

    it("treats a listing as outside a NOT Blob.List target and a missing attribute as false", () => {
      assert.equal(conditionAllows(containerOnly, { action: BLOB_ACTIONS.read, subOperation: LIST_SUBOPERATION }), true);
      assert.equal(conditionAllows(containerOnly, { action: BLOB_ACTIONS.read }), false);
    });

    it("throws on AND and OR mixed without parentheses", () => {
      assert.throws(() => parseCondition("ActionMatches{'a'} AND ActionMatches{'b'} OR ActionMatches{'c'}"), /mixed without parentheses/);
    });
  });

  describe("prefixes", () => {
    it("treats a prefix as a directory: data becomes data/, and a trailing slash is kept", () => {
      assert.deepEqual(["data", "data/", "a/b", ""].map(directoryPrefix), ["data/", "data/", "a/b/", ""]);
    });

    it("keeps only the outermost of nested prefixes, deduplicated and sorted", () => {
      assert.deepEqual(grantPrefixes(["data/train", "ckpt", "data", "data/"]), ["ckpt/", "data/"]);
    });

    it("needs no condition when any entry is the whole container", () => {
      assert.deepEqual(grantPrefixes(["data", ""]), []);
      assert.equal(blobPrefixCondition("read", ["data", ""]), undefined);
      assert.equal(blobPrefixCondition("write", []), undefined);
    });
  });

  describe("read access (the custom reader role) to the prefix data", () => {
    const read = (op: Op, where?: string) => allowed("read", ["data"], op, where);

    it("allows reading blobs inside the prefix", () => {
      assert.equal(read("get", "data/train/part-0.parquet"), true);
      assert.equal(read("get", "data/x"), true);
    });

    it("denies reading outside the prefix, the sibling data-private/ and a blob named data included", () => {
      assert.equal(read("get", "data-private/secrets.csv"), false);
      assert.equal(read("get", "dataset/x"), false);
      assert.equal(read("get", "other/x"), false);
      assert.equal(read("get", "data"), false);
      assert.equal(read("get", "Data/x"), false);
    });

    it("allows listing inside the prefix only, never the container root or the bare word", () => {
      assert.equal(read("list", "data/"), true);
      assert.equal(read("list", "data/train/"), true);
      assert.equal(read("list", "data"), false);
      assert.equal(read("list", ""), false);
      assert.equal(read("list", undefined), false);
      assert.equal(read("list", "data-private/"), false);
    });

    it("grants no write, append, delete or rename, inside the prefix or out", () => {
      for (const op of ["put", "append", "delete", "rename"] as const) assert.equal(read(op, "data/x"), false, op);
    });
  });

  describe("write access (the custom writer role) to the prefix ckpt/run1", () => {
    const write = (op: Op, where?: string) => allowed("write", ["ckpt/run1"], op, where);

    it("allows every data operation of the role inside the prefix", () => {
      for (const op of ["get", "put", "append", "delete", "rename"] as const) assert.equal(write(op, "ckpt/run1/step-100.pt"), true, op);
      assert.equal(write("list", "ckpt/run1/"), true);
    });

    it("denies every data operation of the role outside the prefix, siblings included", () => {
      for (const op of ["get", "put", "append", "delete", "rename"] as const) {
        assert.equal(write(op, "ckpt/run10/step-100.pt"), false, op);
        assert.equal(write(op, "ckpt/other.pt"), false, op);
        assert.equal(write(op, "data/x"), false, op);
      }
      assert.equal(write("list", "ckpt/"), false);
      assert.equal(write("list", undefined), false);
    });
  });

  describe("several prefixes in one container", () => {
    it("allows each prefix and nothing between them", () => {
      const read = (where: string) => allowed("read", ["a", "b/c"], "get", where);
      assert.deepEqual(["a/1", "b/c/2", "b/d/3", "c/4", "ab/5"].map(read), [true, true, false, false, false]);
      assert.equal(allowed("read", ["a", "b/c"], "list", "b/c/"), true);
      assert.equal(allowed("read", ["a", "b/c"], "list", "b/"), false);
    });
  });

  describe("the condition text", () => {
    it("targets the role's data actions with the documented attributes, in one parseable expression", () => {
      const condition = blobPrefixCondition("write", ["ckpt"])!;
      assert.doesNotThrow(() => parseCondition(condition));
      for (const action of Object.values(BLOB_ACTIONS)) assert.ok(condition.includes(`ActionMatches{'${action}'`), action);
      assert.ok(condition.includes(`${BLOB_PATH_ATTRIBUTE} StringStartsWith 'ckpt/'`));
      assert.ok(condition.includes(`${BLOB_PREFIX_ATTRIBUTE} StringStartsWith 'ckpt/'`));
      assert.ok(condition.includes(`SubOperationMatches{'${LIST_SUBOPERATION}'}`));
    });

    it("writes exactly the documented shape for read access to one prefix", () => {
      assert.equal(
        blobPrefixCondition("read", ["data"]),
        "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'}) AND " +
          "!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/runAsSuperUser/action'})) OR " +
          "((@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'data/'))) AND " +
          "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'})) OR " +
          "((@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith 'data/')))",
      );
    });
  });
});
