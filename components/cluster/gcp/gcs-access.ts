/**
 * The Cloud Storage grants of one workload's `access`, as plain data: which role on which bucket,
 * limited by which IAM condition. Pure (no Pulumi import), so the tests evaluate every condition
 * with a CEL evaluator against the resources Cloud Storage checks.
 *
 * What Cloud Storage checks, and why the conditions read as they do:
 * - An object is the resource `projects/_/buckets/<bucket>/objects/<object>` of type
 *   `storage.googleapis.com/Object`; a bucket is `projects/_/buckets/<bucket>` of type
 *   `storage.googleapis.com/Bucket` (IAM, "Resource attributes for IAM Conditions", resource
 *   name format and resource type values; cloud.google.com/iam/docs/conditions-resource-attributes,
 *   read 2026-12).
 * - `storage.objects.list` is authorised on the bucket, not on any object: a list request names
 *   the bucket and a prefix parameter, so no condition on object names can grant it. A reader that
 *   must list (a model server finding its shards, a job finding its last checkpoint) is granted the
 *   bucket resource itself as well. That lets it list the names and metadata of every object in
 *   the bucket, though it reads the contents of its own prefix only. Narrowing the listing needs a
 *   managed folder per prefix (a resource in the user's bucket, which this package does not
 *   create). The request attribute `storage.googleapis.com/objectListPrefix` is documented with
 *   Credential Access Boundaries (downscoped tokens, cloud.google.com/iam/docs/
 *   downscoping-short-lived-credentials); we found no statement that an allow policy honours it,
 *   and a condition that silently never matches would break listing, so it is not relied on.
 * - Conditions on a bucket's IAM policy need uniform bucket-level access on that bucket (IAM
 *   Conditions overview, "Limitations"; Cloud Storage "Uniform bucket-level access"): a bucket
 *   with fine-grained ACLs refuses a conditional binding, so `pulumi up` fails on it with
 *   Google's error. The README says so.
 *
 * Roles (Cloud Storage, "IAM roles for Cloud Storage", read 2026-12): `roles/storage.objectViewer`
 * gets and lists objects; `roles/storage.objectUser` also creates, overwrites and deletes them.
 * `roles/storage.objectCreator` is not enough for checkpoints: overwriting an object needs
 * `storage.objects.delete`, which only the object user (or admin) role has.
 */
import type { StorageLocation, ValidAccess } from "../../spec/types";

export const GCS_OBJECT_VIEWER_ROLE = "roles/storage.objectViewer";
export const GCS_OBJECT_USER_ROLE = "roles/storage.objectUser";

/** Resource types and name formats as IAM Conditions see Cloud Storage (sources above). */
export const GCS_BUCKET_RESOURCE_TYPE = "storage.googleapis.com/Bucket";
export const GCS_OBJECT_RESOURCE_TYPE = "storage.googleapis.com/Object";

export function gcsBucketResourceName(bucket: string): string {
  return `projects/_/buckets/${bucket}`;
}

export function gcsObjectResourceName(bucket: string, object: string): string {
  return `projects/_/buckets/${bucket}/objects/${object}`;
}

/**
 * The object-name prefix a location grants: a folder. `gs://b/data` and `gs://b/data/` both grant
 * `data/…`, never a sibling such as `data-private/…` that a bare string prefix would also match.
 * "" is the whole bucket.
 */
export function folderPrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/**
 * A CEL string literal. JSON's escapes (\" \\ \n \t \uXXXX ...) are all CEL escapes too (cel-spec
 * doc/langdef.md, "String and Bytes Values"), so a prefix holding a quote stays inside its literal.
 */
function celString(s: string): string {
  return JSON.stringify(s);
}

/** The condition clause that admits the objects under one folder prefix of a bucket. */
export function objectsUnderCondition(bucket: string, prefix: string): string {
  return `resource.name.startsWith(${celString(gcsObjectResourceName(bucket, folderPrefix(prefix)))})`;
}

/** The condition clause that admits the bucket resource itself: what object listing is checked on. */
export function bucketListingCondition(bucket: string): string {
  return `(resource.type == ${celString(GCS_BUCKET_RESOURCE_TYPE)} && resource.name == ${celString(gcsBucketResourceName(bucket))})`;
}

/** One role on one bucket; without `condition`, on all of the bucket. */
export interface GcsGrant {
  readonly bucket: string;
  readonly role: string;
  readonly condition?: { readonly title: string; readonly expression: string };
}

/** IAM condition titles: short and fixed; the expression says which prefixes. */
export const LIST_AND_READ_PREFIXES_TITLE = "ml-clusters list and read prefixes";
export const WRITE_PREFIXES_TITLE = "ml-clusters write prefixes";

/** Folder prefixes in order, each once, none inside another that is listed. */
function distinctFolders(locations: readonly StorageLocation[]): string[] {
  const folders = [...new Set(locations.map((l) => folderPrefix(l.prefix)))].sort();
  return folders.filter((f, i) => !folders.slice(0, i).some((outer) => f.startsWith(outer)));
}

/**
 * The grants of one workload, per bucket in order of first mention: the object user role on what
 * it writes, and the object viewer role on what it reads plus the bucket listing. A whole-bucket
 * location needs no condition; write on the whole bucket already includes reading and listing it.
 */
export function gcsGrants(access: ValidAccess): GcsGrant[] {
  const buckets = [...new Set([...access.read, ...access.write].map((l) => l.bucket))];
  return buckets.flatMap((bucket): GcsGrant[] => {
    const reads = distinctFolders(access.read.filter((l) => l.bucket === bucket));
    const writes = distinctFolders(access.write.filter((l) => l.bucket === bucket));
    if (writes.includes("")) return [{ bucket, role: GCS_OBJECT_USER_ROLE }];
    const viewer: GcsGrant = reads.includes("")
      ? { bucket, role: GCS_OBJECT_VIEWER_ROLE }
      : {
          bucket,
          role: GCS_OBJECT_VIEWER_ROLE,
          condition: {
            title: LIST_AND_READ_PREFIXES_TITLE,
            expression: [bucketListingCondition(bucket), ...reads.map((p) => objectsUnderCondition(bucket, p))].join(" || "),
          },
        };
    if (writes.length === 0) return [viewer];
    const user: GcsGrant = {
      bucket,
      role: GCS_OBJECT_USER_ROLE,
      condition: { title: WRITE_PREFIXES_TITLE, expression: writes.map((p) => objectsUnderCondition(bucket, p)).join(" || ") },
    };
    return [viewer, user];
  });
}
