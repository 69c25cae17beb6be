import assert from "node:assert/strict";
import type { Cloud } from "../../../../components/catalog/types";
import { parseStorageLocation } from "../../../../components/spec/rules/storage";

const SUB = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/ml-data/providers/Microsoft.Storage/storageAccounts/acmemodels`;
const CONTAINER_ID = `${ACCOUNT_ID}/blobServices/default/containers/weights`;
const ARM_FORM = "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>[/<prefix>]";

describe("storage locations in each cloud's form", () => {
  const VALID: readonly (readonly [Cloud, string, Record<string, string>])[] = [
    ["aws", "s3://acme-models", { bucket: "acme-models", prefix: "" }],
    ["aws", "s3://acme-models/", { bucket: "acme-models", prefix: "" }],
    ["aws", "s3://acme.models-1/llama-3/weights", { bucket: "acme.models-1", prefix: "llama-3/weights" }],
    ["aws", "s3://acme/Data Set/(2024)/", { bucket: "acme", prefix: "Data Set/(2024)/" }],
    ["gcp", "gs://acme_models/embedder/", { bucket: "acme_models", prefix: "embedder/" }],
    ["gcp", `gs://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(30)}`, { bucket: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(30)}`, prefix: "" }],
    ["azure", CONTAINER_ID, { bucket: CONTAINER_ID, prefix: "", account: "acmemodels", container: "weights" }],
    ["azure", `${CONTAINER_ID}/`, { bucket: CONTAINER_ID, prefix: "", account: "acmemodels", container: "weights" }],
    ["azure", `${CONTAINER_ID}/llama-3/`, { bucket: CONTAINER_ID, prefix: "llama-3/", account: "acmemodels", container: "weights" }],
    [
      "azure",
      `/subscriptions/${SUB.toUpperCase()}/resourcegroups/ML_Data(1)/providers/microsoft.storage/storageaccounts/acmemodels/blobservices/default/containers/w-1/x`,
      { bucket: `/subscriptions/${SUB.toUpperCase()}/resourcegroups/ML_Data(1)/providers/microsoft.storage/storageaccounts/acmemodels/blobservices/default/containers/w-1`, prefix: "x", account: "acmemodels", container: "w-1" },
    ],
  ];
  for (const [cloud, entry, parts] of VALID) {
    it(`reads ${cloud} ${entry.length > 70 ? `${entry.slice(0, 67)}...` : entry} into its bucket and prefix`, () => {
      assert.deepEqual(parseStorageLocation(entry, cloud), { ok: true, value: { url: entry, ...parts } });
    });
  }
});

const REJECTED: readonly (readonly [string, Cloud, string, string])[] = [
  ["an S3 bucket name with upper case and underscores", "aws", "s3://My_Bucket/x", 'has an invalid bucket name "My_Bucket": it has "M", which S3 bucket names do not allow (lower-case letters, digits, "." and "-")'],
  ["an S3 bucket name that is too short", "aws", "s3://ab", 'has an invalid bucket name "ab": it is 2 characters long; S3 bucket names have 3 to 63'],
  ["an S3 bucket name that is too long", "aws", `s3://${"a".repeat(64)}`, `has an invalid bucket name "${"a".repeat(64)}": it is 64 characters long; S3 bucket names have 3 to 63`],
  ["an S3 bucket name starting with a hyphen", "aws", "s3://-acme", 'has an invalid bucket name "-acme": it must start and end with a letter or digit'],
  ["an S3 bucket name with adjacent dots", "aws", "s3://acme..models", 'has an invalid bucket name "acme..models": it has two adjacent dots'],
  ["an S3 bucket name formatted as an IP address", "aws", "s3://192.168.5.4", 'has an invalid bucket name "192.168.5.4": it is formatted as an IP address'],
  ["an S3 bucket name with a reserved prefix", "aws", "s3://xn--acme", 'has an invalid bucket name "xn--acme": it starts with "xn--", which S3 reserves'],
  ["an S3 access point alias", "aws", "s3://acme-ap-abc123-s3alias", 'has an invalid bucket name "acme-ap-abc123-s3alias": it ends with "-s3alias", which S3 reserves for access point aliases'],
  ["an S3 directory bucket", "aws", "s3://acme--use1-az4--x-s3", 'has an invalid bucket name "acme--use1-az4--x-s3": it ends with "--x-s3", which S3 reserves for directory buckets, which take s3express:CreateSession grants this package does not make'],
  ["an S3 location without a bucket", "aws", "s3:///models", "names no bucket: write s3://<bucket>[/<prefix>]"],
  ["a wildcard in a prefix, showing the literal part", "aws", "s3://acme/data/*.parquet", 'has a wildcard in its prefix "data/*.parquet": a prefix is literal and grants everything under it; write "s3://acme/data/"'],
  ["a single-character wildcard, which IAM matches too", "aws", "s3://acme/data/2024-??/", 'has a wildcard in its prefix "data/2024-??/": a prefix is literal and grants everything under it; write "s3://acme/data/2024-"'],
  ["a prefix starting with a slash", "aws", "s3://acme//models", 'has a prefix starting with "/" ("/models"); write "s3://acme/models"'],
  ["a prefix longer than an object name can be", "aws", `s3://acme/${"é".repeat(513)}`, "has a prefix of 1026 bytes; object names, and so prefixes, are at most 1024"],
  ["a virtual-hosted S3 URL, showing the s3:// form", "aws", "https://acme-models.s3.us-east-1.amazonaws.com/llama/", 'is an S3 URL; write it as "s3://acme-models/llama/"'],
  ["a path-style S3 URL", "aws", "https://s3.amazonaws.com/acme-models/llama", 'is an S3 URL; write it as "s3://acme-models/llama"'],
  ["an S3 ARN", "aws", "arn:aws:s3:::acme-models/llama", 'is an S3 ARN; write it as "s3://acme-models/llama"'],
  ["a Hadoop S3 URL", "aws", "s3a://acme-models/llama", 'is a Hadoop S3 URL; write it as "s3://acme-models/llama"'],
  ["a Cloud Storage location on AWS", "aws", "gs://acme-models/x", "is a Cloud Storage location (gcp), but the platform runs on aws: list S3 locations, s3://<bucket>[/<prefix>]"],
  ["a blob URL on AWS", "aws", "https://acmemodels.blob.core.windows.net/weights", "is a blob URL (azure), but the platform runs on aws: list S3 locations, s3://<bucket>[/<prefix>]"],
  ["a container ID on AWS", "aws", CONTAINER_ID, "is an Azure blob container ID (azure), but the platform runs on aws: list S3 locations, s3://<bucket>[/<prefix>]"],
  ["a bare bucket and path on AWS", "aws", "acme-models/llama", 'must be an S3 location, s3://<bucket>[/<prefix>], e.g. "s3://my-models/llama-3/", got "acme-models/llama"'],
  ["a Cloud Storage bucket name with upper case", "gcp", "gs://Acme", 'has an invalid bucket name "Acme": it has "A", which Cloud Storage bucket names do not allow (lower-case letters, digits, "-", "_" and ".")'],
  ["a Cloud Storage bucket name past 63 without dots", "gcp", `gs://${"a".repeat(64)}`, `has an invalid bucket name "${"a".repeat(64)}": it is 64 characters long; Cloud Storage bucket names have 3 to 63 (up to 222 with dots)`],
  ["a dotted Cloud Storage bucket name past 222", "gcp", `gs://${`${"a".repeat(60)}.`.repeat(3)}${"a".repeat(40)}`, `has an invalid bucket name "${`${"a".repeat(60)}.`.repeat(3)}${"a".repeat(40)}": it is 223 characters long; Cloud Storage bucket names have 3 to 63 (up to 222 with dots)`],
  ["a dotted Cloud Storage bucket name with a part past 63", "gcp", `gs://${"a".repeat(64)}.com`, `has an invalid bucket name "${"a".repeat(64)}.com": it has a dot-separated part of 64 characters; each part has at most 63`],
  ["a Cloud Storage bucket name ending with an underscore", "gcp", "gs://acme_", 'has an invalid bucket name "acme_": it must start and end with a letter or digit'],
  ["a Cloud Storage bucket name starting with goog", "gcp", "gs://goog-models", 'has an invalid bucket name "goog-models": it starts with "goog", which Cloud Storage reserves'],
  ["a Cloud Storage bucket name with a look-alike of google", "gcp", "gs://acme-g00gle-data", 'has an invalid bucket name "acme-g00gle-data": it contains "google" or a look-alike, which Cloud Storage reserves'],
  ["a Cloud Storage URL, showing the gs:// form", "gcp", "https://storage.googleapis.com/acme-models/embedder/", 'is a Cloud Storage URL; write it as "gs://acme-models/embedder/"'],
  ["a virtual-hosted Cloud Storage URL", "gcp", "https://acme-models.storage.googleapis.com/x", 'is a Cloud Storage URL; write it as "gs://acme-models/x"'],
  ["an S3 ARN on GCP", "gcp", "arn:aws:s3:::acme/x", "is an S3 ARN (aws), but the platform runs on gcp: list Cloud Storage locations, gs://<bucket>[/<prefix>]"],
  ["a Hadoop Azure URL on GCP", "gcp", "wasbs://weights@acmemodels.blob.core.windows.net/x", "is a Hadoop Azure Storage URL (azure), but the platform runs on gcp: list Cloud Storage locations, gs://<bucket>[/<prefix>]"],
  ["a storage account ID without a container", "azure", `${ACCOUNT_ID}/`, `names a storage account; the role assignment is scoped to one container: append /blobServices/default/containers/<container>, e.g. "${ACCOUNT_ID}/blobServices/default/containers/<container>"`],
  ["a container ID with a subscription that is not a GUID", "azure", CONTAINER_ID.replace(SUB, "prod"), 'is not a valid blob container ID: its subscription ID "prod" is not a GUID'],
  ["a container ID with a resource group ending in a period", "azure", CONTAINER_ID.replace("ml-data", "ml."), 'is not a valid blob container ID: its resource group "ml." is not a resource group name (1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with ".")'],
  ["a container ID with a storage account name in upper case", "azure", CONTAINER_ID.replace("acmemodels", "Acme-Models"), 'is not a valid blob container ID: its storage account name "Acme-Models" is not 3 to 24 lower-case letters and digits'],
  ["a container ID with a double hyphen in the container name", "azure", CONTAINER_ID.replace("weights", "my--weights"), 'is not a valid blob container ID: its container name "my--weights" is not 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit'],
  [
    "a blob URL, showing the ARM form with the account and container filled in",
    "azure",
    "https://acmemodels.blob.core.windows.net/weights/llama-3/",
    'is a blob URL; a role assignment is scoped by the container\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/acmemodels/blobServices/default/containers/weights/llama-3/" with the storage account\'s subscription and resource group (az storage account show --name acmemodels --query id)',
  ],
  [
    "a blob URL without a container",
    "azure",
    "https://acmemodels.blob.core.windows.net/",
    'is a blob URL; a role assignment is scoped by the container\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/acmemodels/blobServices/default/containers/<container>" with the storage account\'s subscription and resource group (az storage account show --name acmemodels --query id)',
  ],
  [
    "a Data Lake URL",
    "azure",
    "https://acmemodels.dfs.core.windows.net/weights",
    'is a Data Lake Storage URL; a role assignment is scoped by the container\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/acmemodels/blobServices/default/containers/weights" with the storage account\'s subscription and resource group (az storage account show --name acmemodels --query id)',
  ],
  [
    "an abfss URL",
    "azure",
    "abfss://weights@acmemodels.dfs.core.windows.net/a/b",
    'is a Hadoop Azure Storage URL; a role assignment is scoped by the container\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/acmemodels/blobServices/default/containers/weights/a/b" with the storage account\'s subscription and resource group (az storage account show --name acmemodels --query id)',
  ],
  ["a wildcard in an Azure prefix", "azure", `${CONTAINER_ID}/llama-*`, `has a wildcard in its prefix "llama-*": a prefix is literal and grants everything under it; write "${CONTAINER_ID}/llama-"`],
  ["an S3 location on Azure", "azure", "s3://acme/x", `is an S3 location (aws), but the platform runs on azure: list blob containers by ARM resource ID, ${ARM_FORM}`],
  ["a bare container name on Azure", "azure", "weights", `must be a blob container's ARM resource ID, ${ARM_FORM}, e.g. "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/mymodels/blobServices/default/containers/weights/llama-3/", got "weights"`],
];

describe("storage locations refused", () => {
  for (const [what, cloud, entry, message] of REJECTED) {
    it(`rejects ${what}`, () => {
      assert.deepEqual(parseStorageLocation(entry, cloud), { ok: false, message });
    });
  }
});
