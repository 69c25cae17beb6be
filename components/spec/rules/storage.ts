/**
 * `access` on a service or training job: the object storage it reads and writes, in the spec's
 * cloud, parsed into the bucket (or, on Azure, the container's ARM resource ID, the scope a role
 * assignment needs) and the literal prefix inside it. Other clouds' forms, and this cloud's other
 * spellings (URLs, ARNs), are problems that show the form to write.
 */
import type { Cloud } from "../../catalog/types";
import type { StorageLocation, ValidAccess } from "../types";
import { ARM_PREFIX_PLACEHOLDER, armScopeProblem, AWS_ACCOUNT, AWS_REGION, awsPartition, looksLikeIpv4 } from "./cloud-names";
import { readField, readMapping, readString, readStringList } from "./fields";
import type { Placement } from "./gpu";
import { at, Problems } from "./problems";

export const ACCESS_FIELDS = ["read", "write", "kmsKey"] as const;

/** How an entry is written on each cloud, for messages. */
export const LOCATION_FORMS: {
  readonly [c in Cloud]: { readonly one: string; readonly what: string; readonly form: string; readonly example: string };
} = Object.freeze({
  aws: { one: "an S3 location", what: "S3 locations", form: "s3://<bucket>[/<prefix>]", example: "s3://my-models/llama-3/" },
  gcp: { one: "a Cloud Storage location", what: "Cloud Storage locations", form: "gs://<bucket>[/<prefix>]", example: "gs://my-models/llama-3/" },
  azure: {
    one: "a blob container's ARM resource ID",
    what: "blob containers by ARM resource ID",
    form: `${ARM_PREFIX_PLACEHOLDER}/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>[/<prefix>]`,
    example: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/mymodels/blobServices/default/containers/weights/llama-3/",
  },
});

/**
 * Longest object name, so the longest prefix: 1024 bytes of UTF-8 on S3 (AmazonS3 userguide
 * object-keys.html) and Cloud Storage (storage/docs/objects#naming), 1024 characters on Azure
 * (rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata); read 2026-10.
 */
const MAX_PREFIX_BYTES = 1024;

/**
 * Characters that make a prefix a pattern somewhere: `*` and `?` are wildcards in IAM resource
 * ARNs (IAM reference_policies_elements_resource.html, read 2026-10), and readers take `*` for a
 * glob everywhere. Grants here are on the literal prefix and everything under it.
 */
const WILDCARDS = /[*?]/;

export type LocationParse = { readonly ok: true; readonly value: StorageLocation } | { readonly ok: false; readonly message: string };

/** The container ARM ID of Azure Blob Storage; keywords are case-insensitive, as ARM compares them. */
const AZURE_CONTAINER_ID =
  /^(\/subscriptions\/([^/]*)\/resourceGroups\/([^/]*)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]*)\/blobServices\/default\/containers\/([^/]*))(?:\/([\s\S]*))?$/i;
const AZURE_ACCOUNT_ID = /^\/subscriptions\/[^/]*\/resourceGroups\/[^/]*\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/?$/i;

/** Parses one entry in the spec's cloud's form. */
export function parseStorageLocation(entry: string, cloud: Cloud): LocationParse {
  const native = NATIVE[cloud](entry);
  if (native !== undefined) return native;
  const other = recognise(entry);
  const form = LOCATION_FORMS[cloud];
  if (other === undefined) {
    return { ok: false, message: `must be ${form.one}, ${form.form}, e.g. ${JSON.stringify(form.example)}, got ${JSON.stringify(entry)}` };
  }
  if (other.cloud !== cloud) {
    return { ok: false, message: `is ${other.what} (${other.cloud}), but the platform runs on ${cloud}: list ${form.what}, ${form.form}` };
  }
  return { ok: false, message: `is ${other.what}; ${other.fix}` };
}

const NATIVE: { readonly [c in Cloud]: (entry: string) => LocationParse | undefined } = {
  aws: (entry) => bucketAndPrefix(entry, "s3://", s3BucketProblem),
  gcp: (entry) => bucketAndPrefix(entry, "gs://", gcsBucketProblem),
  azure: azureContainer,
};

function bucketAndPrefix(entry: string, scheme: string, bucketProblem: (name: string) => string | undefined): LocationParse | undefined {
  if (!entry.startsWith(scheme)) return undefined;
  const rest = entry.slice(scheme.length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? "" : rest.slice(slash + 1);
  if (bucket === "") return { ok: false, message: `names no bucket: write ${scheme}<bucket>[/<prefix>]` };
  const problem = bucketProblem(bucket);
  if (problem !== undefined) return { ok: false, message: `has an invalid bucket name ${JSON.stringify(bucket)}: it ${problem}` };
  return withPrefix(`${scheme}${bucket}`, { url: entry, bucket, prefix });
}

function azureContainer(entry: string): LocationParse | undefined {
  const m = AZURE_CONTAINER_ID.exec(entry);
  if (m === null) {
    const account = AZURE_ACCOUNT_ID.exec(entry)?.[1];
    if (account === undefined) return undefined;
    return {
      ok: false,
      message: `names a storage account; the role assignment is scoped to one container: append /blobServices/default/containers/<container>, e.g. "${entry.replace(/\/$/, "")}/blobServices/default/containers/<container>"`,
    };
  }
  const [, id = "", subscription = "", resourceGroup = "", account = "", container = "", prefix = ""] = m;
  const problem = armScopeProblem(subscription, resourceGroup) ?? storageAccountProblem(account) ?? containerProblem(container);
  if (problem !== undefined) return { ok: false, message: `is not a valid blob container ID: ${problem}` };
  return withPrefix(id, { url: entry, bucket: id, prefix, account, container });
}

/** The checks every prefix gets, whatever the cloud: literal, no leading "/", within the object name limit. */
function withPrefix(bucketPart: string, location: StorageLocation): LocationParse {
  const { prefix } = location;
  const wildcard = prefix.search(WILDCARDS);
  if (wildcard >= 0) {
    const literal = `${bucketPart}/${prefix.slice(0, wildcard)}`;
    return { ok: false, message: `has a wildcard in its prefix ${JSON.stringify(prefix)}: a prefix is literal and grants everything under it; write ${JSON.stringify(literal)}` };
  }
  if (prefix.startsWith("/")) {
    return { ok: false, message: `has a prefix starting with "/" (${JSON.stringify(prefix)}); write ${JSON.stringify(`${bucketPart}/${prefix.replace(/^\/+/, "")}`)}` };
  }
  const bytes = new TextEncoder().encode(prefix).length;
  if (bytes > MAX_PREFIX_BYTES) return { ok: false, message: `has a prefix of ${bytes} bytes; object names, and so prefixes, are at most ${MAX_PREFIX_BYTES}` };
  return { ok: true, value: location };
}

/**
 * S3 general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html,
 * read 2026-10). Buckets created in us-east-1 before March 2018 could break them (upper case,
 * underscores); such legacy names are refused here like any other.
 */
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const S3_RESERVED_SUFFIXES: readonly (readonly [string, string])[] = [
  ["-s3alias", "access point aliases"],
  ["--ol-s3", "Object Lambda access point aliases"],
  [".mrap", "Multi-Region Access Points"],
  ["--x-s3", "directory buckets, which take s3express:CreateSession grants this package does not make"],
  ["--table-s3", "table buckets"],
];

export function s3BucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; S3 bucket names have 3 to 63`;
  const bad = /[^a-z0-9.-]/.exec(name)?.[0];
  if (bad !== undefined) return `has ${JSON.stringify(bad)}, which S3 bucket names do not allow (lower-case letters, digits, "." and "-")`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (name.includes("..")) return "has two adjacent dots";
  if (looksLikeIpv4(name)) return "is formatted as an IP address";
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return `starts with ${JSON.stringify(prefix)}, which S3 reserves`;
  const suffix = S3_RESERVED_SUFFIXES.find(([s]) => name.endsWith(s));
  if (suffix !== undefined) return `ends with ${JSON.stringify(suffix[0])}, which S3 reserves for ${suffix[1]}`;
  return undefined;
}

/**
 * Cloud Storage bucket name requirements (cloud.google.com/storage/docs/buckets#naming, read
 * 2026-10): 3 to 63 characters, or up to 222 with dots and each dot-separated part at most 63.
 * "Close misspellings" of google are checked for the digit look-alikes only.
 */
export function gcsBucketProblem(name: string): string | undefined {
  const bad = /[^a-z0-9._-]/.exec(name)?.[0];
  if (bad !== undefined) return `has ${JSON.stringify(bad)}, which Cloud Storage bucket names do not allow (lower-case letters, digits, "-", "_" and ".")`;
  const dotted = name.includes(".");
  if (name.length < 3 || name.length > (dotted ? 222 : 63)) {
    return `is ${name.length} characters long; Cloud Storage bucket names have 3 to 63 (up to 222 with dots)`;
  }
  const long = name.split(".").find((part) => part.length > 63);
  if (long !== undefined) return `has a dot-separated part of ${long.length} characters; each part has at most 63`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (looksLikeIpv4(name)) return "is formatted as an IP address";
  if (name.startsWith("goog")) return 'starts with "goog", which Cloud Storage reserves';
  if (/g[o0][o0]g[l1]e/.test(name)) return 'contains "google" or a look-alike, which Cloud Storage reserves';
  return undefined;
}

/** Storage account names: 3 to 24 lower-case letters and digits (resource-name-rules, Microsoft.Storage, read 2026-10). */
function storageAccountProblem(account: string): string | undefined {
  return /^[a-z0-9]{3,24}$/.test(account) ? undefined : `its storage account name ${JSON.stringify(account)} is not 3 to 24 lower-case letters and digits`;
}

/**
 * Container names: 3 to 63 lower-case letters, digits and hyphens, starting with a letter or
 * digit, every hyphen between two letters or digits (naming-and-referencing-containers--blobs--and-metadata, read 2026-10).
 */
function containerProblem(container: string): string | undefined {
  const ok = container.length >= 3 && container.length <= 63 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(container);
  return ok ? undefined : `its container name ${JSON.stringify(container)} is not 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit`;
}

interface Recognised {
  readonly cloud: Cloud;
  /** What the entry is, in running text: "an S3 URL". */
  readonly what: string;
  /** On its own cloud: how to write it instead. */
  readonly fix: string;
}

/** The S3 entry for a bucket and key, as the message's fix. */
function s3Fix(bucket: string, key: string | undefined): string {
  return `write it as ${JSON.stringify(`s3://${bucket}${key ? `/${key}` : ""}`)}`;
}

function gsFix(bucket: string, key: string | undefined): string {
  return `write it as ${JSON.stringify(`gs://${bucket}${key ? `/${key}` : ""}`)}`;
}

/**
 * A blob URL names the account and container but not the subscription and resource group the
 * role assignment's scope needs; `az storage account show --query id` prints the account's ID.
 */
function azureFix(account: string, container: string | undefined, path: string | undefined): string {
  const id = `${ARM_PREFIX_PLACEHOLDER}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${container || "<container>"}${path ? `/${path}` : ""}`;
  return `a role assignment is scoped by the container's ARM resource ID: write ${JSON.stringify(id)} with the storage account's subscription and resource group (az storage account show --name ${account} --query id)`;
}

/**
 * The other spellings of storage locations people paste, on every cloud. S3 URL forms:
 * AmazonS3 userguide VirtualHosting.html and access-bucket-intro.html; Cloud Storage:
 * storage/docs/request-endpoints; Azure: storage/blobs/storage-blobs-introduction and
 * data-lake-storage-introduction-abfs-uri (all read 2026-10).
 */
const RECOGNISERS: readonly ((entry: string) => Recognised | undefined)[] = [
  (e) => (e.startsWith("s3://") ? { cloud: "aws", what: "an S3 location", fix: "" } : undefined),
  (e) => {
    const m = /^s3[an]:\/\/([^/]+)(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "aws", what: "a Hadoop S3 URL", fix: s3Fix(m[1]!, m[2]) } : undefined;
  },
  (e) => {
    const m = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "aws", what: "an S3 ARN", fix: s3Fix(m[1]!, m[2]) } : undefined;
  },
  (e) => {
    const m = /^https?:\/\/s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\/([^/]+)(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "aws", what: "an S3 URL", fix: s3Fix(m[1]!, m[2]) } : undefined;
  },
  (e) => {
    const m = /^https?:\/\/([a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "aws", what: "an S3 URL", fix: s3Fix(m[1]!, m[2]) } : undefined;
  },
  (e) => (e.startsWith("gs://") ? { cloud: "gcp", what: "a Cloud Storage location", fix: "" } : undefined),
  (e) => {
    const m = /^https?:\/\/storage\.(?:googleapis|cloud\.google)\.com\/([^/]+)(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "gcp", what: "a Cloud Storage URL", fix: gsFix(m[1]!, m[2]) } : undefined;
  },
  (e) => {
    const m = /^https?:\/\/([a-z0-9._-]+)\.storage\.googleapis\.com(?:\/(.*))?$/.exec(e);
    return m ? { cloud: "gcp", what: "a Cloud Storage URL", fix: gsFix(m[1]!, m[2]) } : undefined;
  },
  (e) => (AZURE_CONTAINER_ID.test(e) ? { cloud: "azure", what: "an Azure blob container ID", fix: "" } : undefined),
  (e) => (AZURE_ACCOUNT_ID.test(e) ? { cloud: "azure", what: "an Azure storage account ID", fix: "" } : undefined),
  (e) => {
    const m = /^https?:\/\/([a-z0-9]+)\.(blob|dfs)\.core\.windows\.net(?:\/([^/]*)(?:\/(.*))?)?$/i.exec(e);
    return m ? { cloud: "azure", what: m[2]!.toLowerCase() === "dfs" ? "a Data Lake Storage URL" : "a blob URL", fix: azureFix(m[1]!, m[3], m[4]) } : undefined;
  },
  (e) => {
    const m = /^(?:abfss?|wasbs?):\/\/([^@/]*)@([a-z0-9]+)\.(?:dfs|blob)\.core\.windows\.net(?:\/(.*))?$/i.exec(e);
    return m ? { cloud: "azure", what: "a Hadoop Azure Storage URL", fix: azureFix(m[2]!, m[1], m[3]) } : undefined;
  },
];

function recognise(entry: string): Recognised | undefined {
  for (const r of RECOGNISERS) {
    const found = r(entry);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `access: { read, write, kmsKey }`. Absent means no cloud identity. Each entry must parse; a
 * location is listed once across both lists, since write grants reading too and the cloud layers
 * key one grant per location.
 */
export function checkAccess(value: unknown, path: string, where: Placement, out: Problems): ValidAccess | undefined {
  if (value === undefined || value === null) return undefined;
  const before = out.count;
  const a = readMapping(value, path, "object storage access", ACCESS_FIELDS, out);
  if (a === undefined) return undefined;
  const { cloud } = where;
  // An absent list is empty; a wrong one is undefined (readStringList said what is wrong).
  const read = readStringList(a, "read", path, out) ?? (readField(a, "read") === undefined ? [] : undefined);
  const write = readStringList(a, "write", path, out) ?? (readField(a, "write") === undefined ? [] : undefined);
  if (read !== undefined && write !== undefined && read.length === 0 && write.length === 0) {
    const form = cloud === undefined ? "" : ` (${LOCATION_FORMS[cloud].form})`;
    out.error(path, `grants nothing: list what the workload reads under read and what it writes under write${form}, or remove access`);
  }
  const readLocations = cloud === undefined || read === undefined ? undefined : parseLocations(read, at(path, "read"), cloud, out);
  const writeLocations = cloud === undefined || write === undefined ? undefined : parseLocations(write, at(path, "write"), cloud, out);
  if (readLocations !== undefined && writeLocations !== undefined) {
    checkRepeats(readLocations, writeLocations, path, cloud!, out);
  }
  const kmsKey = checkKmsKey(a, path, where, out);
  if (out.count !== before || cloud === undefined || readLocations === undefined || writeLocations === undefined) return undefined;
  return {
    read: readLocations.map((l) => l.location),
    write: writeLocations.map((l) => l.location),
    ...(kmsKey !== undefined ? { kmsKey } : {}),
  };
}

interface Parsed {
  readonly index: number;
  readonly location: StorageLocation;
}

function parseLocations(entries: readonly string[], path: string, cloud: Cloud, out: Problems): Parsed[] | undefined {
  const before = out.count;
  const parsed: Parsed[] = [];
  entries.forEach((entry, index) => {
    const r = parseStorageLocation(entry, cloud);
    if (r.ok) parsed.push({ index, location: r.value });
    else out.error(at(path, index), r.message);
  });
  return out.count === before ? parsed : undefined;
}

/** Two entries naming one place: ARM IDs compare without case, as ARM does; object names keep theirs. */
function sameLocation(a: StorageLocation, b: StorageLocation, cloud: Cloud): boolean {
  const bucket = (l: StorageLocation) => (cloud === "azure" ? l.bucket.toLowerCase() : l.bucket);
  return bucket(a) === bucket(b) && a.prefix === b.prefix;
}

function checkRepeats(read: readonly Parsed[], write: readonly Parsed[], path: string, cloud: Cloud, out: Problems): void {
  const within = (list: readonly Parsed[], name: string) => {
    list.forEach((p, i) => {
      const first = list.slice(0, i).find((q) => sameLocation(p.location, q.location, cloud));
      if (first !== undefined) {
        out.error(at(at(path, name), p.index), `names the same location as ${name}[${first.index}] (${JSON.stringify(first.location.url)}); list each location once`);
      }
    });
  };
  within(read, "read");
  within(write, "write");
  for (const r of read) {
    const w = write.find((q) => sameLocation(r.location, q.location, cloud));
    if (w !== undefined) {
      out.error(at(at(path, "read"), r.index), `names the same location as write[${w.index}] (${JSON.stringify(w.location.url)}), which grants reading too; remove it from read`);
    }
  }
}

/**
 * A KMS key ARN; the key ID is a UUID, or `mrk-` and 32 hex digits for a multi-Region key
 * (docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id, read 2026-10).
 */
const KMS_KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d+):key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^(?:arn:[a-z-]+:kms:[a-z0-9-]+:\d+:)?alias\/.+$/;

/**
 * Where GCS and Azure Storage take a customer-managed key from: their own service identity, not
 * the caller's. GCS: the project's Cloud Storage service agent holds encrypt/decrypt on the key
 * (storage/docs/encryption/using-customer-managed-keys; `gcloud storage service-agent
 * --authorize-cmek`); Azure: the storage account's managed identity reads the key from Key Vault
 * (storage/common/customer-managed-keys-overview). Read 2026-10.
 */
const KEY_THROUGH_SERVICE: { readonly [c in Exclude<Cloud, "aws">]: string } = Object.freeze({
  gcp: "Cloud Storage uses a customer-managed key through the project's Cloud Storage service agent (gcloud storage service-agent --authorize-cmek=<key> grants it), so readers and writers need no rights on the key",
  azure: "Azure Storage uses a customer-managed key through the storage account's own managed identity in Key Vault, so readers and writers need no rights on the key",
});

function checkKmsKey(a: Readonly<Record<string, unknown>>, path: string, where: Placement, out: Problems): string | undefined {
  const key = readString(a, "kmsKey", path, out);
  if (key === undefined || where.cloud === undefined) return undefined;
  const p = at(path, "kmsKey");
  if (where.cloud !== "aws") {
    out.warn(p, `grants nothing on ${where.cloud}: ${KEY_THROUGH_SERVICE[where.cloud]}; remove kmsKey`);
    return undefined;
  }
  const shape = "arn:aws:kms:<region>:<account>:key/<key-id>";
  const m = KMS_KEY_ARN.exec(key);
  if (m !== null) {
    const [, partition = "", region = "", account = ""] = m;
    const clusterPartition = awsPartition(where.region ?? "");
    if (!AWS_REGION.test(region) || !AWS_ACCOUNT.test(account) || awsPartition(region) !== partition) {
      out.error(p, `must be a KMS key ARN, ${shape}, with a region of its partition and a 12-digit account, got ${JSON.stringify(key)}`);
      return undefined;
    }
    if (partition !== clusterPartition) {
      out.error(p, `is a key in the ${partition} partition, but the cluster runs in ${clusterPartition}: IAM grants no keys across partitions`);
      return undefined;
    }
    return key;
  }
  if (KMS_ALIAS.test(key)) {
    out.error(p, `is a key alias, but IAM policies name a KMS key by its key ARN only (${shape}): aws kms describe-key --key-id ${key} --query KeyMetadata.Arn prints it`);
  } else if (KMS_KEY_ID.test(key)) {
    out.error(p, `is a key ID, but IAM policies need the key ARN: write "arn:aws:kms:${where.region ?? "<region>"}:<account>:key/${key}" with the key's region and account`);
  } else {
    out.error(p, `must be a KMS key ARN, ${shape}, got ${JSON.stringify(key)}`);
  }
  return undefined;
}

/** The endpoints a workload with access reaches from its pod, per cloud, for the egress warning. */
const REACHES: { readonly [c in Cloud]: string } = Object.freeze({
  aws: "Amazon S3's public endpoint",
  gcp: "Cloud Storage's public endpoint",
  azure: "Azure Storage's and Entra ID's public endpoints",
});

/**
 * A workload with `access` in a namespace whose egress is restricted reaches its storage over the
 * cloud's public endpoints, which `egress.allowCidrs` must then admit (the credential endpoints
 * are admitted by the cluster): a warning, since a private endpoint inside an allowed range works.
 */
export function warnRestrictedStorageEgress(
  workloads: readonly { readonly path: string; readonly namespace?: string; readonly access?: ValidAccess }[],
  namespaces: readonly { readonly name?: string; readonly valid?: { readonly egress?: unknown } }[],
  cloud: Cloud | undefined,
  out: Problems,
): void {
  if (cloud === undefined) return;
  const restricted = new Set(namespaces.filter((n) => n.valid?.egress !== undefined && n.name !== undefined).map((n) => n.name!));
  for (const w of workloads) {
    if (w.access === undefined || w.namespace === undefined || !restricted.has(w.namespace)) continue;
    out.warn(
      at(w.path, "access"),
      `reaches ${REACHES[cloud]} from namespace ${w.namespace}, whose egress is restricted: add their address ranges to egress.allowCidrs, or reach storage through a private endpoint in an allowed range`,
    );
  }
}
