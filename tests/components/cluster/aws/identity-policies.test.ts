import assert from "node:assert/strict";
import {
  accessProblems,
  crossAccountPullPolicy,
  directoryPrefix,
  memberEntries,
  memberGroup,
  podIdentityTrustPolicy,
  registryWarnings,
  workloadRoleName,
  workloadStoragePolicy,
} from "../../../../components/cluster/aws";
import { principalSlug } from "../../../../components/cluster/aws/identity-policies";
import type { StorageLocation, ValidAccess, ValidRegistry } from "../../../../components/spec/types";
import { validNamespace } from "../../../helpers/builders";
import { decide } from "./policy-simulator";

/** An `s3://bucket/prefix` entry as the spec parses it (prefix without a leading slash, "" for the bucket). */
function s3(url: string): StorageLocation {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url)!;
  return { url, bucket: m[1]!, prefix: m[2]! };
}

function access(over: { read?: string[]; write?: string[]; kmsKey?: string } = {}): ValidAccess {
  return { read: (over.read ?? []).map(s3), write: (over.write ?? []).map(s3), ...(over.kmsKey !== undefined ? { kmsKey: over.kmsKey } : {}) };
}

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/0000aaaa-12ab-34cd-56ef-1234567890ab";
const VIA_S3 = { "kms:ViaService": "s3.us-east-1.amazonaws.com" };

describe("EKS workload storage policy", () => {
  it("treats a prefix as a directory: data grants data/ and not data-private/, a trailing slash and the whole bucket stay as written", () => {
    assert.equal(directoryPrefix("data"), "data/");
    assert.equal(directoryPrefix("data/"), "data/");
    assert.equal(directoryPrefix("a/b"), "a/b/");
    assert.equal(directoryPrefix(""), "");
  });

  it("grants read on the prefix, write on the write prefix, a prefix-limited list per bucket and the key through S3, exactly", () => {
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://datasets/imagenet"], write: ["s3://ckpt/runs/finetune/"], kmsKey: KEY }));
    assert.deepEqual(policy, {
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::datasets/imagenet/*", "arn:aws:s3:::ckpt/runs/finetune/*"] },
        {
          Sid: "WriteObjects",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          Resource: ["arn:aws:s3:::ckpt/runs/finetune/*"],
        },
        { Sid: "ListBucket0", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::datasets", Condition: { StringLike: { "s3:prefix": ["imagenet/*"] } } },
        { Sid: "ListBucket1", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::ckpt", Condition: { StringLike: { "s3:prefix": ["runs/finetune/*"] } } },
        { Sid: "KeyThroughS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: KEY, Condition: { StringEquals: VIA_S3 } },
      ],
    });
  });

  it("names no resource beyond the declared prefixes, their buckets and the key", () => {
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://datasets/imagenet", "s3://models"], write: ["s3://ckpt/runs/"], kmsKey: KEY }));
    const resources = policy.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    assert.deepEqual([...new Set(resources)].sort(), [
      KEY,
      "arn:aws:s3:::ckpt",
      "arn:aws:s3:::ckpt/runs/*",
      "arn:aws:s3:::datasets",
      "arn:aws:s3:::datasets/imagenet/*",
      "arn:aws:s3:::models",
      "arn:aws:s3:::models/*",
    ]);
    assert.deepEqual(policy.Statement.flatMap((s) => s.Action).filter((a) => a.includes("*")), []);
  });

  it("uses the account's partition in every S3 ARN", () => {
    const policy = workloadStoragePolicy("aws-us-gov", access({ read: ["s3://datasets/imagenet"] }));
    assert.deepEqual(policy.Statement.map((s) => s.Resource), [["arn:aws-us-gov:s3:::datasets/imagenet/*"], "arn:aws-us-gov:s3:::datasets"]);
  });

  it("merges a bucket's prefixes into one list statement and drops the condition when the whole bucket is granted", () => {
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://d/a", "s3://d/b/", "s3://m"], write: ["s3://m/out"] }));
    assert.deepEqual(
      policy.Statement.filter((s) => s.Sid.startsWith("ListBucket")),
      [
        { Sid: "ListBucket0", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::d", Condition: { StringLike: { "s3:prefix": ["a/*", "b/*"] } } },
        { Sid: "ListBucket1", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::m" },
      ],
    );
  });

  it("writes *, ? and $ in a prefix as IAM's literal variables, so they match only themselves", () => {
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://d/runs*?$x"] }));
    assert.deepEqual(policy.Statement[0]!.Resource, ["arn:aws:s3:::d/runs${*}${?}${$}x/*"]);
  });

  it("grants no key when kmsKey is absent, and only decrypt for a read-only workload", () => {
    assert.deepEqual(
      workloadStoragePolicy("aws", access({ read: ["s3://d/a"] })).Statement.map((s) => s.Sid),
      ["ReadObjects", "ListBucket0"],
    );
    const readOnly = workloadStoragePolicy("aws", access({ read: ["s3://d/a"], kmsKey: KEY }));
    assert.deepEqual(readOnly.Statement.at(-1), { Sid: "KeyThroughS3", Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY, Condition: { StringEquals: VIA_S3 } });
  });

  it("conditions the key on S3 in the key's own region", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://d/a"], kmsKey: key }));
    assert.deepEqual(policy.Statement.at(-1)!.Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
  });

  it("throws for a kmsKey that validation would have rejected", () => {
    assert.throws(() => workloadStoragePolicy("aws", access({ read: ["s3://d/a"], kmsKey: "alias/data" })), /bug: kmsKey "alias\/data" reached the policy without validation/);
  });
});

describe("EKS workload storage policy, evaluated by an IAM policy simulator", () => {
  const reader = workloadStoragePolicy("aws", access({ read: ["s3://datasets/imagenet"], kmsKey: KEY }));
  const writer = workloadStoragePolicy("aws", access({ read: ["s3://datasets/imagenet/"], write: ["s3://ckpt/runs/finetune"], kmsKey: KEY }));
  const wholeBucket = workloadStoragePolicy("aws", access({ read: ["s3://models"] }));

  it("allows reading and listing inside the read prefix", async () => {
    assert.equal(await decide(reader, "s3:GetObject", "arn:aws:s3:::datasets/imagenet/train/0001.jpg"), "Allowed");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets", { "s3:prefix": "imagenet/" }), "Allowed");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets", { "s3:prefix": "imagenet/train/" }), "Allowed");
  });

  it("denies a sibling that only shares the prefix's letters: data grants nothing in data-private", async () => {
    assert.equal(await decide(reader, "s3:GetObject", "arn:aws:s3:::datasets/imagenet-private/labels.csv"), "ImplicitlyDenied");
    // Listing "imagenet" without the slash would return imagenet-private's keys too.
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets", { "s3:prefix": "imagenet" }), "ImplicitlyDenied");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets", { "s3:prefix": "imagenet-private/" }), "ImplicitlyDenied");
  });

  it("denies another prefix, the bucket's root listing, another bucket and any write to a read-only prefix", async () => {
    assert.equal(await decide(reader, "s3:GetObject", "arn:aws:s3:::datasets/coco/0001.jpg"), "ImplicitlyDenied");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets", { "s3:prefix": "" }), "ImplicitlyDenied");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::datasets"), "ImplicitlyDenied");
    assert.equal(await decide(reader, "s3:GetObject", "arn:aws:s3:::other-bucket/imagenet/0001.jpg"), "ImplicitlyDenied");
    assert.equal(await decide(reader, "s3:ListBucket", "arn:aws:s3:::other-bucket", { "s3:prefix": "imagenet/" }), "ImplicitlyDenied");
    for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]) {
      assert.equal(await decide(reader, action, "arn:aws:s3:::datasets/imagenet/train/0001.jpg"), "ImplicitlyDenied", action);
    }
  });

  it("allows overwriting, deleting and multipart uploads inside the write prefix and nowhere else", async () => {
    for (const action of ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]) {
      assert.equal(await decide(writer, action, "arn:aws:s3:::ckpt/runs/finetune/step-1000/model.pt"), "Allowed", action);
      assert.equal(await decide(writer, action, "arn:aws:s3:::ckpt/runs/finetune-old/model.pt"), "ImplicitlyDenied", action);
      assert.equal(await decide(writer, action, "arn:aws:s3:::ckpt/runs/other/model.pt"), "ImplicitlyDenied", action);
    }
    assert.equal(await decide(writer, "s3:PutObject", "arn:aws:s3:::datasets/imagenet/poisoned.jpg"), "ImplicitlyDenied");
    assert.equal(await decide(writer, "s3:ListBucket", "arn:aws:s3:::ckpt", { "s3:prefix": "runs/finetune/" }), "Allowed");
    assert.equal(await decide(writer, "s3:ListBucket", "arn:aws:s3:::ckpt", { "s3:prefix": "runs/" }), "ImplicitlyDenied");
  });

  it("allows the whole bucket when the entry names no prefix, and still no other bucket", async () => {
    assert.equal(await decide(wholeBucket, "s3:GetObject", "arn:aws:s3:::models/llama/weights.safetensors"), "Allowed");
    assert.equal(await decide(wholeBucket, "s3:ListBucket", "arn:aws:s3:::models"), "Allowed");
    assert.equal(await decide(wholeBucket, "s3:GetObject", "arn:aws:s3:::models-backup/llama/weights.safetensors"), "ImplicitlyDenied");
    assert.equal(await decide(wholeBucket, "s3:PutObject", "arn:aws:s3:::models/llama/weights.safetensors"), "ImplicitlyDenied");
  });

  it("matches *, ? and $ in a prefix literally", async () => {
    const policy = workloadStoragePolicy("aws", access({ read: ["s3://d/runs*"] }));
    assert.equal(await decide(policy, "s3:GetObject", "arn:aws:s3:::d/runs*/a"), "Allowed");
    assert.equal(await decide(policy, "s3:GetObject", "arn:aws:s3:::d/runs-2026/a"), "ImplicitlyDenied");
    assert.equal(await decide(policy, "s3:ListBucket", "arn:aws:s3:::d", { "s3:prefix": "runs-2026/" }), "ImplicitlyDenied");
    assert.equal(await decide(policy, "s3:ListBucket", "arn:aws:s3:::d", { "s3:prefix": "runs*/" }), "Allowed");
  });

  it("allows decrypt on the key only through S3 in its region, and data keys only for a writer", async () => {
    assert.equal(await decide(reader, "kms:Decrypt", KEY, VIA_S3), "Allowed");
    assert.equal(await decide(reader, "kms:Decrypt", KEY), "ImplicitlyDenied");
    assert.equal(await decide(reader, "kms:Decrypt", KEY, { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }), "ImplicitlyDenied");
    assert.equal(await decide(reader, "kms:Decrypt", KEY, { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
    assert.equal(await decide(reader, "kms:GenerateDataKey", KEY, VIA_S3), "ImplicitlyDenied");
    assert.equal(await decide(writer, "kms:GenerateDataKey", KEY, VIA_S3), "Allowed");
    assert.equal(await decide(writer, "kms:Decrypt", KEY, VIA_S3), "Allowed");
  });

  it("denies every other key, and encrypting or re-encrypting with this one", async () => {
    assert.equal(await decide(writer, "kms:Decrypt", OTHER_KEY, VIA_S3), "ImplicitlyDenied");
    assert.equal(await decide(writer, "kms:GenerateDataKey", OTHER_KEY, VIA_S3), "ImplicitlyDenied");
    assert.equal(await decide(writer, "kms:Encrypt", KEY, VIA_S3), "ImplicitlyDenied");
    assert.equal(await decide(writer, "kms:ReEncryptFrom", KEY, VIA_S3), "ImplicitlyDenied");
  });
});

describe("EKS access checks", () => {
  it("accepts ordinary entries with a key ARN", () => {
    assert.deepEqual(accessProblems(access({ read: ["s3://d/a"], write: ["s3://c/"], kmsKey: KEY }), "services[0].access"), []);
  });

  it("rejects an alias or a bare key ID as kmsKey, naming the form IAM needs", () => {
    assert.deepEqual(accessProblems(access({ read: ["s3://d/a"], kmsKey: "arn:aws:kms:us-east-1:123456789012:alias/data" }), "services[0].access"), [
      {
        path: "services[0].access.kmsKey",
        message:
          'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>), got "arn:aws:kms:us-east-1:123456789012:alias/data"; IAM names a key by its key ARN only, so give the key\'s ARN, not an alias or a key ID',
      },
    ]);
    assert.equal(accessProblems(access({ read: ["s3://d/a"], kmsKey: "1234abcd-12ab-34cd-56ef-1234567890ab" }), "p").length, 1);
  });

  it("rejects a prefix IAM cannot hold", () => {
    assert.deepEqual(accessProblems(access({ write: ["s3://d/模型"] }), "trainingJobs[1].access"), [
      {
        path: "trainingJobs[1].access.write[0]",
        message: '"s3://d/模型": an IAM policy can only hold characters up to U+00FF, so this prefix cannot be granted; grant a parent prefix written in those characters',
      },
    ]);
  });

  it("rejects entries whose policy would pass IAM's 10,240 characters for a role", () => {
    const many = Array.from({ length: 120 }, (_, i) => `s3://training-data-bucket/datasets/shard-${String(i).padStart(4, "0")}/`);
    const problems = accessProblems(access({ read: many }), "trainingJobs[0].access");
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, "trainingJobs[0].access");
    assert.match(problems[0]!.message, /^the IAM policy for these entries takes \d+ characters, over the 10240 IAM allows a role's inline policies; grant a common parent prefix/);
    assert.deepEqual(accessProblems(access({ read: many.slice(0, 60) }), "p"), []);
  });
});

describe("EKS Pod Identity trust and role names", () => {
  it("lets only Pod Identity assume the role, for one cluster, namespace and ServiceAccount", () => {
    assert.deepEqual(JSON.parse(podIdentityTrustPolicy("ml-dev", "research", "chat")), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-name": "ml-dev",
              "aws:RequestTag/kubernetes-namespace": "research",
              "aws:RequestTag/kubernetes-service-account": "chat",
            },
          },
        },
      ],
    });
  });

  it("names a role after cluster and workload with a hash that tells regions and clusters apart", () => {
    const name = workloadRoleName("ml-dev", "us-east-1", "research/chat");
    assert.match(name, /^ml-dev-research-chat-[0-9a-f]{8}$/);
    assert.equal(workloadRoleName("ml-dev", "us-east-1", "research/chat"), name);
    assert.notEqual(workloadRoleName("ml-dev", "eu-west-1", "research/chat"), name);
    assert.notEqual(workloadRoleName("ml-dev", "us-east-1", "research/chat2"), name);
  });

  it("keeps a long name within IAM's 64 characters, still unique per workload", () => {
    const ns = "n".repeat(63);
    const a = workloadRoleName("a-very-long-cluster-name-for-production", "us-east-1", `${ns}/first-model-server`);
    const b = workloadRoleName("a-very-long-cluster-name-for-production", "us-east-1", `${ns}/second-model-server`);
    assert.equal(a.length, 64);
    assert.equal(b.length, 64);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9+=,.@_-]+$/);
  });
});

describe("EKS cross-account registries", () => {
  const NODE_ROLE = "arn:aws:iam::123456789012:role/ml-node-5d1e2f3";
  const registry = (account: string, region = "us-east-1"): ValidRegistry => ({
    written: `${account}.dkr.ecr.${region}.amazonaws.com`,
    imagePrefix: `${account}.dkr.ecr.${region}.amazonaws.com/`,
    account,
    region,
  });

  it("gives the repository policy that lets the node role pull, and nothing else", () => {
    assert.equal(
      crossAccountPullPolicy(NODE_ROLE),
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PullByEksNodes",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::123456789012:role/ml-node-5d1e2f3"
      },
      "Action": [
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer"
      ]
    }
  ]
}`,
    );
  });

  it("warns for a registry in another account only, with the command and the policy that account must add", () => {
    const registries = [registry("123456789012"), registry("123456789012", "eu-west-1"), registry("210987654321", "us-west-2")];
    assert.deepEqual(registryWarnings(registries, "123456789012", NODE_ROLE), [
      "registries[2]: 210987654321.dkr.ecr.us-west-2.amazonaws.com is in account 210987654321, not this cluster's account 123456789012, so the nodes can pull from it " +
        "only once account 210987654321 adds this repository policy to each repository the images come from " +
        "(aws ecr set-repository-policy --registry-id 210987654321 --region us-west-2 --repository-name <repository> --policy-text file://policy.json):\n" +
        crossAccountPullPolicy(NODE_ROLE),
    ]);
  });

  it("says nothing for registries without an account (other clouds' forms) or in the cluster's account", () => {
    assert.deepEqual(registryWarnings([{ written: "x", imagePrefix: "x/" }, registry("123456789012", "ap-south-1")], "123456789012", NODE_ROLE), []);
  });
});

describe("EKS namespace members", () => {
  const alice = "arn:aws:iam::123456789012:role/alice";
  const bob = "arn:aws:iam::123456789012:user/bob";

  it("maps a namespace's members to one group per namespace, with no reserved prefix", () => {
    assert.equal(memberGroup("research"), "ml-clusters:research:edit");
    for (const reserved of ["system:", "eks:", "aws:", "amazon:", "iam:"]) assert.ok(!memberGroup("research").startsWith(reserved), reserved);
  });

  it("gives a principal in several namespaces one entry with a group per namespace, in spec order", () => {
    const namespaces = [
      validNamespace({ name: "research", members: [alice, bob] }),
      validNamespace({ name: "vision" }),
      validNamespace({ name: "serving", members: [alice, alice] }),
    ];
    assert.deepEqual(memberEntries(namespaces), [
      { principalArn: alice, groups: ["ml-clusters:research:edit", "ml-clusters:serving:edit"], path: "namespaces[0].members[0]" },
      { principalArn: bob, groups: ["ml-clusters:research:edit"], path: "namespaces[0].members[1]" },
    ]);
  });

  it("names a principal's resources after its role or user name, apart from another with the same name", () => {
    assert.match(principalSlug(alice), /^alice-[0-9a-f]{8}$/);
    assert.notEqual(principalSlug("arn:aws:iam::210987654321:role/alice"), principalSlug(alice));
    assert.match(principalSlug("arn:aws:iam::123456789012:role/teams/ML_Research.Admins"), /^ml-research-admins-[0-9a-f]{8}$/);
  });
});
