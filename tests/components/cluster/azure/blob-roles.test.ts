import assert from "node:assert/strict";
import { blobPrefixCondition } from "../../../../components/cluster/azure/blob-condition";
import { BLOB_ROLE_PERMISSIONS, ROLE_NAME_CLUSTER_MAX, blobRoleName } from "../../../../components/cluster/azure/blob-roles";

const STORAGE = "Microsoft.Storage/storageAccounts/blobServices";

/**
 * Written out here from the sources rather than taken from the code under test: the data actions
 * of Storage Blob Data Reader and Contributor (built-in-roles/storage.md), and the one action that
 * Get Container Properties needs (learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
 */
const EXPECTED = {
  read: { actions: [`${STORAGE}/containers/read`], dataActions: [`${STORAGE}/containers/blobs/read`] },
  write: {
    actions: [`${STORAGE}/containers/read`],
    dataActions: [
      `${STORAGE}/containers/blobs/read`,
      `${STORAGE}/containers/blobs/write`,
      `${STORAGE}/containers/blobs/add/action`,
      `${STORAGE}/containers/blobs/delete`,
      `${STORAGE}/containers/blobs/move/action`,
    ],
  },
} as const;

/** What the built-in Storage Blob Data Contributor has and the custom writer must not (built-in-roles/storage.md). */
const CONTRIBUTOR_CONTROL_PLANE = [`${STORAGE}/containers/write`, `${STORAGE}/containers/delete`, `${STORAGE}/generateUserDelegationKey/action`];

const NAMING = { cluster: "ml", access: "write", subscriptionId: "11111111-2222-4333-8444-555555555555", stack: "organization/ml-clusters/prod" } as const;

describe("Azure custom blob roles", () => {
  it("gives the writer the Contributor's five blob data actions and container read, nothing else", () => {
    assert.deepEqual(
      { actions: [...BLOB_ROLE_PERMISSIONS.write.actions], dataActions: [...BLOB_ROLE_PERMISSIONS.write.dataActions].sort() },
      { actions: [...EXPECTED.write.actions], dataActions: [...EXPECTED.write.dataActions].sort() },
    );
  });

  it("gives the reader blob read (get and list) and container read, nothing else", () => {
    assert.deepEqual(
      { actions: [...BLOB_ROLE_PERMISSIONS.read.actions], dataActions: [...BLOB_ROLE_PERMISSIONS.read.dataActions] },
      { actions: [...EXPECTED.read.actions], dataActions: [...EXPECTED.read.dataActions] },
    );
  });

  it("carries no control-plane write, delete or user delegation key action and no wildcard in either role", () => {
    for (const [access, p] of Object.entries(BLOB_ROLE_PERMISSIONS)) {
      assert.deepEqual(p.actions.filter((a) => !a.endsWith("/read")), [], access);
      assert.deepEqual([...p.actions, ...p.dataActions].filter((a) => a.includes("*")), [], access);
      assert.deepEqual(p.actions.filter((a) => CONTRIBUTOR_CONTROL_PLANE.includes(a)), [], access);
    }
  });

  it("lets no data action of either role escape the prefix condition", () => {
    for (const access of ["read", "write"] as const) {
      const condition = blobPrefixCondition(access, ["ckpt/run1"])!;
      assert.deepEqual(
        BLOB_ROLE_PERMISSIONS[access].dataActions.filter((a) => !condition.includes(`ActionMatches{'${a}'}`)),
        [],
        access,
      );
    }
  });

  describe("role names (unique in the tenant)", () => {
    it("names the cluster, the access and a hash of stack, cluster and subscription", () => {
      assert.match(blobRoleName(NAMING), /^ml-clusters ml blob writer [0-9a-f]{12}$/);
      assert.equal(blobRoleName(NAMING), blobRoleName({ ...NAMING }));
    });

    it("differs for another stack, subscription, cluster or access of the same tenant", () => {
      const names = [
        blobRoleName(NAMING),
        blobRoleName({ ...NAMING, stack: "organization/ml-clusters/staging" }),
        blobRoleName({ ...NAMING, subscriptionId: "99999999-2222-4333-8444-555555555555" }),
        blobRoleName({ ...NAMING, cluster: "ml2" }),
        blobRoleName({ ...NAMING, access: "read" }),
      ];
      assert.equal(new Set(names).size, names.length);
    });

    it("stays under 128 characters and unique for long cluster names that share their head", () => {
      const long = "a".repeat(200);
      const a = blobRoleName({ ...NAMING, cluster: `${long}-east` });
      const b = blobRoleName({ ...NAMING, cluster: `${long}-west` });
      assert.ok(a.length < 128, a);
      assert.ok(a.includes(` ${"a".repeat(ROLE_NAME_CLUSTER_MAX)} blob writer `), a);
      assert.notEqual(a, b);
    });
  });
});
