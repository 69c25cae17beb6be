/**
 * The Azure ABAC condition that keeps a blob reader or writer role assignment (blob-roles.ts)
 * inside the declared prefixes of its container. Pure: the condition text is built here and
 * tested by evaluating it.
 *
 * Format and semantics: learn.microsoft.com/azure/role-based-access-control/conditions-format
 * (an action the condition does not target is allowed; a targeted one only where the expression
 * holds) and the Blob Storage pages "Actions and attributes for Azure role assignment conditions"
 * (storage-auth-abac-attributes.md) and "Example Azure role assignment conditions"
 * (storage-auth-abac-examples.md, "Read or list blobs in named containers with a path"),
 * MicrosoftDocs/azure-docs, read 2026-12:
 * - "Read a blob" is blobs/read with NOT SubOperation `Blob.List` and has the resource attribute
 *   Blob path; "List blobs" is blobs/read with `Blob.List` and has no blob path, only the request
 *   attribute Blob prefix. A read condition on the path alone would deny every listing, so listing
 *   gets its own condition on the prefix the request asks for; a listing without one is denied.
 * - Write, add, delete and move (rename) each have Blob path. Every data action of the two roles
 *   is targeted, so nothing of the role escapes the condition; write and add/action get the same
 *   condition, and move/action and runAsSuperUser/action are restricted as a path condition
 *   requires ("Security considerations for Azure role assignment conditions in Azure Blob
 *   Storage", storage-auth-abac-security.md): a blob outside the prefix cannot be renamed into it.
 * - Blob path and Blob prefix carry no "hierarchical namespace support: False" note (unlike tags,
 *   versions, snapshots): they work with and without hierarchical namespace. The examples also
 *   target runAsSuperUser/action "if the storage accounts ... have hierarchical namespace enabled
 *   or might be enabled in the future"; neither role grants it, so targeting it costs nothing.
 * - Values have no container name and no leading slash; StringStartsWith is case-sensitive, as
 *   blob names are.
 * The container itself is the assignment's scope, so the condition names no container.
 *
 * A prefix is a directory: `data` becomes `data/`, so `data-private/x` is not inside it. That is
 * what a path prefix means in the spec (`.../containers/c/data`), and it keeps two teams sharing a
 * container from reading each other's `data-*` siblings.
 */

export type BlobAccess = "read" | "write";

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/** Data actions of Storage Blob Data Reader and Contributor (built-in-roles/storage.md), which the custom roles keep. */
export const BLOB_ACTIONS = Object.freeze({
  read: `${BLOBS}/read`,
  write: `${BLOBS}/write`,
  add: `${BLOBS}/add/action`,
  delete: `${BLOBS}/delete`,
  move: `${BLOBS}/move/action`,
  /** "All data operations for accounts with hierarchical namespace enabled". */
  superUser: `${BLOBS}/runAsSuperUser/action`,
});

/** The suboperation that tells listing apart from reading (storage-auth-abac-attributes.md). */
export const LIST_SUBOPERATION = "Blob.List";
export const BLOB_PATH_ATTRIBUTE = `@Resource[${BLOBS}:path]`;
export const BLOB_PREFIX_ATTRIBUTE = `@Request[${BLOBS}:prefix]`;

/** The only condition version Azure accepts (azure-native RoleAssignmentArgs.conditionVersion). */
export const CONDITION_VERSION = "2.0";

/** "A condition can be up to 8 KB long" (learn.microsoft.com/azure/role-based-access-control/conditions-faq, read 2026-12). */
export const CONDITION_MAX_CHARS = 8192;

/**
 * Characters a prefix may not contain: condition values are single-quoted and the format
 * documents no escape for a quote, only `\*` and `\?` in Like operators (conditions-format).
 */
export const UNQUOTABLE = /['\\]/;

/** The prefix as the condition compares it: a directory, with its trailing slash. "" stays "". */
export function directoryPrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/**
 * The directory prefixes one grant needs: deduplicated, without those inside another, sorted.
 * Empty when any prefix is the whole container.
 */
export function grantPrefixes(prefixes: readonly string[]): string[] {
  const dirs = [...new Set(prefixes.map(directoryPrefix))].sort();
  if (dirs.includes("")) return [];
  return dirs.filter((p) => !dirs.some((q) => q !== p && p.startsWith(q)));
}

/** Data actions each access reads or changes blob paths with (list is handled on its own). */
const PATH_ACTIONS: { readonly [a in BlobAccess]: readonly string[] } = Object.freeze({
  read: [BLOB_ACTIONS.read, BLOB_ACTIONS.superUser],
  write: [BLOB_ACTIONS.read, BLOB_ACTIONS.write, BLOB_ACTIONS.add, BLOB_ACTIONS.delete, BLOB_ACTIONS.move, BLOB_ACTIONS.superUser],
});

/**
 * The condition that limits a reader (`read`) or writer (`write`) assignment on a container
 * to the given prefixes; undefined when a prefix is the whole container (no condition).
 */
export function blobPrefixCondition(access: BlobAccess, prefixes: readonly string[]): string | undefined {
  const dirs = grantPrefixes(prefixes);
  if (dirs.length === 0) return undefined;
  const targeted = PATH_ACTIONS[access]
    .map((a) => (a === BLOB_ACTIONS.read ? `!(ActionMatches{'${a}'} AND NOT SubOperationMatches{'${LIST_SUBOPERATION}'})` : `!(ActionMatches{'${a}'})`))
    .join(" AND ");
  const anyOf = (attribute: string) => dirs.map((d) => `(${attribute} StringStartsWith '${d}')`).join(" OR ");
  const paths = `((${targeted}) OR (${anyOf(BLOB_PATH_ATTRIBUTE)}))`;
  const listing = `((!(ActionMatches{'${BLOB_ACTIONS.read}'} AND SubOperationMatches{'${LIST_SUBOPERATION}'})) OR (${anyOf(BLOB_PREFIX_ATTRIBUTE)}))`;
  return `${paths} AND ${listing}`;
}
