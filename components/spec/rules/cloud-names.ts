/**
 * The syntax of the cloud identifiers the identity fields name (accounts, regions, projects, ARM
 * resource IDs), shared by the rules for access, registries and members. Each rule cites where
 * the cloud states it.
 */

/** A 12-digit AWS account ID (docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html, read 2026-10). */
export const AWS_ACCOUNT = /^\d{12}$/;

/**
 * An AWS region code as the APIs spell it: `us-east-1`, `ap-southeast-7`, `us-gov-west-1`. The
 * syntax only: a registry or key may sit in a region the catalogue does not list yet.
 */
export const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * The AWS partition of a region: China (`cn-`) and GovCloud (`us-gov-`) are separate partitions
 * with their own accounts, ARNs (`arn:aws-cn:`, `arn:aws-us-gov:`) and endpoints
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, read 2026-10). The catalogue holds
 * only commercial regions, so a cluster is in `aws`; the others are named to say why they cannot work.
 */
export function awsPartition(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The ARN partitions AWS has (reference-arns.html): `aws`, `aws-cn`, `aws-us-gov`, and the isolated ones. */
export const AWS_PARTITION = /^aws(?:-[a-z]+)*$/;

/**
 * A GCP project ID: 6 to 30 lower-case letters, digits and hyphens, starting with a letter and not
 * ending with a hyphen (cloud.google.com/resource-manager/docs/creating-managing-projects, read
 * 2026-10). Domain-scoped IDs (`example.com:proj`) are not accepted: Artifact Registry spells them
 * with a "/" in image paths, and no GKE setup this package makes needs them.
 */
export const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** What GCP_PROJECT allows, for messages. */
export const GCP_PROJECT_RULE = "6 to 30 lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit";

/**
 * A GCP location: a region (`us-central1`) or a multi-region (`us`, `europe`, `asia`), as
 * Artifact Registry names repository locations (cloud.google.com/artifact-registry/docs/repositories/repo-locations, read 2026-10).
 */
export const GCP_LOCATION = /^[a-z]+(?:-[a-z]+\d+)?$/;

/** An Azure subscription ID or Entra object ID: a GUID, any case (ARM compares IDs case-insensitively). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An Azure resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and
 * parentheses, not ending with a period (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * Microsoft.Resources/resourcegroups, read 2026-10). Letters and digits include Unicode ones.
 */
export const AZURE_RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{0,89}[\p{L}\p{N}_\-()]$/u;

/** An ARM resource ID as written in a message, with the parts the reader fills in. */
export const ARM_PREFIX_PLACEHOLDER = "/subscriptions/<subscription-id>/resourceGroups/<resource-group>";

/**
 * The subscription and resource group of an ARM resource ID (`/subscriptions/<guid>/resourceGroups/<rg>/...`):
 * a reason when either is malformed, undefined when both are sound.
 */
export function armScopeProblem(subscription: string, resourceGroup: string): string | undefined {
  if (!GUID.test(subscription)) return `its subscription ID ${JSON.stringify(subscription)} is not a GUID`;
  if (!AZURE_RESOURCE_GROUP.test(resourceGroup)) {
    return `its resource group ${JSON.stringify(resourceGroup)} is not a resource group name (1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with ".")`;
  }
  return undefined;
}

/** `a.b.c.d` with four numbers up to 255: what S3 and Cloud Storage both refuse as a bucket name. */
export function looksLikeIpv4(name: string): boolean {
  const parts = name.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** An email address as the clouds' identity services accept it, loosely: one "@", a dotted domain, no spaces. */
export const EMAIL = /^[^@\s:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
