import assert from "node:assert/strict";
import { evaluate } from "@marcbachmann/cel-js";
import { folderPrefix, gcsGrants } from "../../../../components/cluster/gcp";
import type { GcsGrant } from "../../../../components/cluster/gcp";
import type { StorageLocation, ValidAccess } from "../../../../components/spec/types";
import { gs } from "./fixtures";

function access(read: StorageLocation[], write: StorageLocation[] = []): ValidAccess {
  return { read, write };
}

/** What Cloud Storage's IAM check sees: an object or a bucket, as IAM Conditions name them. */
function object(bucket: string, name: string) {
  return { service: "storage.googleapis.com", type: "storage.googleapis.com/Object", name: `projects/_/buckets/${bucket}/objects/${name}` };
}
function bucketResource(bucket: string) {
  return { service: "storage.googleapis.com", type: "storage.googleapis.com/Bucket", name: `projects/_/buckets/${bucket}` };
}

/** Whether a grant applies to a resource: always without a condition, else its CEL expression decides. */
function admits(grant: GcsGrant, resource: ReturnType<typeof object>): boolean {
  if (grant.condition === undefined) return true;
  const result = evaluate(grant.condition.expression, { resource });
  assert.equal(typeof result, "boolean", `the condition evaluates to a boolean: ${grant.condition.expression}`);
  return result as boolean;
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected one, got ${items.length}`);
  return items[0]!;
}

describe("gcsGrants", () => {
  describe("a read prefix", () => {
    const viewer = only(gcsGrants(access([gs("weights", "models/llama")])));

    it("grants object viewer on that bucket, under a condition", () => {
      assert.equal(viewer.bucket, "weights");
      assert.equal(viewer.role, "roles/storage.objectViewer");
      assert.equal(viewer.condition?.title, "ml-clusters list and read prefixes");
    });

    it("admits objects inside the prefix, at any depth", () => {
      assert.equal(admits(viewer, object("weights", "models/llama/config.json")), true);
      assert.equal(admits(viewer, object("weights", "models/llama/shards/00001.safetensors")), true);
    });

    it("denies a sibling prefix that a bare string prefix would admit", () => {
      assert.equal(admits(viewer, object("weights", "models/llama-private/config.json")), false);
      assert.equal(admits(viewer, object("weights", "models/llama2/config.json")), false);
    });

    it("denies an object named like the prefix itself, the parent folder and the bucket's other objects", () => {
      assert.equal(admits(viewer, object("weights", "models/llama")), false);
      assert.equal(admits(viewer, object("weights", "models/other/config.json")), false);
      assert.equal(admits(viewer, object("weights", "secrets.txt")), false);
    });

    it("denies the same prefix in another bucket", () => {
      assert.equal(admits(viewer, object("weights-backup", "models/llama/config.json")), false);
      assert.equal(admits(viewer, object("other", "models/llama/config.json")), false);
    });

    it("admits the bucket resource itself, which object listing is checked on, and no other bucket", () => {
      assert.equal(admits(viewer, bucketResource("weights")), true);
      assert.equal(admits(viewer, bucketResource("weights-backup")), false);
      assert.equal(admits(viewer, { ...object("weights", "x"), type: "storage.googleapis.com/Bucket" }), false, "a bucket-typed resource with an object's name");
    });

    it("writes the exact condition: the bucket for listing, then the folder", () => {
      assert.equal(
        viewer.condition?.expression,
        '(resource.type == "storage.googleapis.com/Bucket" && resource.name == "projects/_/buckets/weights") || ' +
          'resource.name.startsWith("projects/_/buckets/weights/objects/models/llama/")',
      );
    });
  });

  it("treats a prefix with and without its trailing slash alike", () => {
    assert.deepEqual(gcsGrants(access([gs("weights", "models/llama/")])), gcsGrants(access([gs("weights", "models/llama")])));
    assert.equal(folderPrefix("data"), "data/");
    assert.equal(folderPrefix("data/"), "data/");
    assert.equal(folderPrefix(""), "");
  });

  describe("a write prefix", () => {
    const grants = gcsGrants(access([], [gs("ckpt", "runs/finetune")]));
    const [viewer, user] = grants as [GcsGrant, GcsGrant];

    it("grants object user under the folder and object viewer for listing only", () => {
      assert.deepEqual(
        grants.map((g) => [g.bucket, g.role, g.condition?.title]),
        [
          ["ckpt", "roles/storage.objectViewer", "ml-clusters list and read prefixes"],
          ["ckpt", "roles/storage.objectUser", "ml-clusters write prefixes"],
        ],
      );
    });

    it("lets the object user role create, overwrite and delete inside the folder only", () => {
      assert.equal(admits(user, object("ckpt", "runs/finetune/step-1000/model.pt")), true);
      assert.equal(admits(user, object("ckpt", "runs/finetune-old/step-1000/model.pt")), false);
      assert.equal(admits(user, object("ckpt", "runs/other/model.pt")), false);
      assert.equal(admits(user, bucketResource("ckpt")), false, "the bucket's own permissions stay out of the write grant");
    });

    it("lets the viewer grant list the bucket and read nothing", () => {
      assert.equal(admits(viewer, bucketResource("ckpt")), true);
      assert.equal(admits(viewer, object("ckpt", "runs/finetune/step-1000/model.pt")), false);
      assert.equal(admits(viewer, object("ckpt", "runs/other/model.pt")), false);
    });
  });

  it("grants one viewer and one user binding per bucket that is read and written, each with its own folders", () => {
    const grants = gcsGrants(access([gs("data", "train"), gs("data", "eval")], [gs("data", "ckpt")]));
    const [viewer, user] = grants as [GcsGrant, GcsGrant];
    assert.equal(grants.length, 2);
    assert.equal(admits(viewer, object("data", "train/a.parquet")), true);
    assert.equal(admits(viewer, object("data", "eval/b.parquet")), true);
    assert.equal(admits(viewer, object("data", "ckpt/c.pt")), false, "the viewer grant reads the read folders only; the user grant covers the written one");
    assert.equal(admits(user, object("data", "ckpt/c.pt")), true);
    assert.equal(admits(user, object("data", "train/a.parquet")), false, "read folders stay read-only");
  });

  it("grants a whole bucket without a condition: viewer to read, user alone to write", () => {
    assert.deepEqual(gcsGrants(access([gs("weights")])), [{ bucket: "weights", role: "roles/storage.objectViewer" }]);
    assert.deepEqual(gcsGrants(access([gs("ckpt", "runs")], [gs("ckpt")])), [{ bucket: "ckpt", role: "roles/storage.objectUser" }]);
  });

  it("keeps a whole-bucket read unconditional next to a conditional write", () => {
    const grants = gcsGrants(access([gs("data")], [gs("data", "ckpt")]));
    assert.deepEqual(grants[0], { bucket: "data", role: "roles/storage.objectViewer" });
    assert.equal(grants[1]?.role, "roles/storage.objectUser");
    assert.equal(admits(grants[1]!, object("data", "ckpt/x")), true);
    assert.equal(admits(grants[1]!, object("data", "train/x")), false);
  });

  it("names each folder once, dropping one inside another", () => {
    const viewer = only(gcsGrants(access([gs("data", "train"), gs("data", "train/shard-1"), gs("data", "train/")])));
    assert.equal(
      viewer.condition?.expression,
      '(resource.type == "storage.googleapis.com/Bucket" && resource.name == "projects/_/buckets/data") || ' +
        'resource.name.startsWith("projects/_/buckets/data/objects/train/")',
    );
  });

  it("grants per bucket in order of first mention, never one bucket's folder on another", () => {
    const grants = gcsGrants(access([gs("b-two", "x"), gs("a-one", "y")]));
    assert.deepEqual(
      grants.map((g) => g.bucket),
      ["b-two", "a-one"],
    );
    assert.equal(admits(grants[0]!, object("b-two", "y/z")), false);
    assert.equal(admits(grants[1]!, object("a-one", "y/z")), true);
  });

  it("keeps a prefix holding quotes and backslashes inside its CEL string literal", () => {
    const hostile = 'x") || true || ("\\';
    const viewer = only(gcsGrants(access([gs("data", hostile)])));
    assert.equal(admits(viewer, object("data", "elsewhere/secret")), false);
    assert.equal(admits(viewer, object("data", `${hostile}/inside`)), true);
  });

  it("grants nothing for no entries", () => {
    assert.deepEqual(gcsGrants(access([])), []);
  });
});
