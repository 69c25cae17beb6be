import assert from "node:assert/strict";
import type { Cloud } from "../../../../components/catalog/types";
import { parseMember } from "../../../../components/spec/rules/members";

const AWS_FORM = "arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name>";
const GCP_FORM = "user:<email>, group:<email> or serviceAccount:<name>@<project>.iam.gserviceaccount.com";
const AZURE_FORM = "user:<object ID> or group:<object ID>, the ID a GUID like 00000000-0000-0000-0000-000000000000";

describe("namespace members in each cloud's form", () => {
  const VALID: readonly (readonly [Cloud, string])[] = [
    ["aws", "arn:aws:iam::111122223333:role/ml-research"],
    ["aws", "arn:aws:iam::111122223333:role/teams/ml/ml-research"],
    ["aws", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_MLTeam_0123456789abcdef"],
    ["aws", "arn:aws:iam::111122223333:user/alice+ml@example.com"],
    ["gcp", "user:alice@example.com"],
    ["gcp", "group:ml-serving@example.co.uk"],
    ["gcp", "serviceAccount:deployer@acme-ml.iam.gserviceaccount.com"],
    ["gcp", "serviceAccount:123456789012-compute@developer.gserviceaccount.com"],
    ["azure", "group:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"],
    ["azure", "user:0B8E6F1A-2C3D-4E5F-8A9B-0C1D2E3F4A5B"],
  ];
  for (const [cloud, member] of VALID) {
    it(`accepts ${cloud} ${member}`, () => {
      assert.deepEqual(parseMember(member, cloud, cloud === "aws" ? "us-east-1" : undefined), { ok: true });
    });
  }
});

const REJECTED: readonly (readonly [string, Cloud, string, string])[] = [
  [
    "an STS session ARN, showing the role ARN to use",
    "aws",
    "arn:aws:sts::111122223333:assumed-role/ml-research/alice@example.com",
    'is an STS session ARN, which names one sign-in and changes with each: EKS access entries take the role\'s ARN, "arn:aws:iam::111122223333:role/ml-research", with the role\'s path if it has one (aws iam get-role --role-name ml-research --query Role.Arn)',
  ],
  ["an IAM group", "aws", "arn:aws:iam::111122223333:group/ml", "is an IAM group, but EKS access entries take roles and users only: list the roles or users"],
  ["a role of another partition", "aws", "arn:aws-us-gov:iam::111122223333:role/ml", "is in the aws-us-gov partition, but the cluster runs in aws: EKS access entries take principals of the cluster's partition"],
  ["a role name longer than 64", "aws", `arn:aws:iam::111122223333:role/${"r".repeat(65)}`, `names the role "${"r".repeat(65)}", which is not an IAM name (1 to 64 letters, digits and "_+=,.@-")`],
  ["a role with a space in its name", "aws", "arn:aws:iam::111122223333:role/ml team", 'names the role "ml team", which is not an IAM name (1 to 64 letters, digits and "_+=,.@-")'],
  ["a role ARN without a name", "aws", "arn:aws:iam::111122223333:role/teams/", 'names the role "", which is not an IAM name (1 to 64 letters, digits and "_+=,.@-")'],
  ["the account root", "aws", "arn:aws:iam::111122223333:root", `must be an IAM role or user ARN (${AWS_FORM}), got "arn:aws:iam::111122223333:root"`],
  ["an account ID alone", "aws", "111122223333", `must be an IAM role or user ARN (${AWS_FORM}), got "111122223333"`],
  ["a Google identity on AWS", "aws", "user:alice@example.com", `is a Google identity (gcp), but the platform runs on aws: list IAM role or user ARNs, ${AWS_FORM}`],
  ["an Entra object ID on AWS", "aws", "user:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", `is an Entra object ID (azure), but the platform runs on aws: list IAM role or user ARNs, ${AWS_FORM}`],
  [
    "a bare email, showing the three forms",
    "gcp",
    "alice@example.com",
    'needs its kind in front: write "user:alice@example.com" for a person or "group:alice@example.com" for a Google group (service accounts are serviceAccount:<name>@<project>.iam.gserviceaccount.com)',
  ],
  ["a bare service account email", "gcp", "deployer@acme-ml.iam.gserviceaccount.com", 'needs its kind in front: write "serviceAccount:deployer@acme-ml.iam.gserviceaccount.com"'],
  ["a kind with the wrong case", "gcp", "User:alice@example.com", 'has the kind "User:"; did you mean "user:"?'],
  ["a kind RBAC cannot bind", "gcp", "domain:example.com", 'has the kind "domain:", which GKE cannot bind in RBAC: use user:, group: or serviceAccount:'],
  ["a service account kind with a person's email", "gcp", "serviceAccount:alice@example.com", 'must name a service account email after "serviceAccount:", <name>@<project>.iam.gserviceaccount.com, got "alice@example.com"'],
  ["a user kind without an email", "gcp", "user:alice", 'must name an email after "user:", got "alice"'],
  ["an IAM ARN on GCP", "gcp", "arn:aws:iam::111122223333:role/ml", `is an AWS IAM ARN (aws), but the platform runs on gcp: list Google identities, ${GCP_FORM}`],
  ["an Entra object ID on GCP", "gcp", "group:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", `is an Entra object ID (azure), but the platform runs on gcp: list Google identities, ${GCP_FORM}`],
  ["a group name on GCP", "gcp", "ml-serving", `must be a Google identity (${GCP_FORM}), got "ml-serving"`],
  ["a sign-in name, showing how to find the object ID", "azure", "alice@contoso.com", "is a sign-in name, but AKS binds Entra object IDs: write the user's object ID (az ad user show --id alice@contoso.com --query id)"],
  ["a group's display name", "azure", "ml-team", `must be an Entra user or group object ID with its kind (${AZURE_FORM}), got "ml-team"`],
  ["a GUID without hyphens", "azure", "0b8e6f1a2c3d4e5f8a9b0c1d2e3f4a5b", `must be an Entra user or group object ID with its kind (${AZURE_FORM}), got "0b8e6f1a2c3d4e5f8a9b0c1d2e3f4a5b"`],
  ["a GUID without its kind", "azure", "0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", 'needs its kind in front: write "user:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b" for a person or "group:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b" for an Entra group (a role assignment must say which)'],
  ["a kind Azure does not know", "azure", "serviceprincipal:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", 'has the kind "serviceprincipal:": use user: or group: before the object ID'],
  ["a Google group on Azure", "azure", "group:ml@example.com", 'names a sign-in name, but AKS binds Entra object IDs: write "group:<object ID>" (az ad group show --group ml@example.com --query id)'],
  ["an IAM role on Azure", "azure", "arn:aws:iam::111122223333:role/ml", "is an AWS IAM ARN (aws), but the platform runs on azure: list Entra user or group object IDs with their kind, user:<object ID> or group:<object ID>, the ID a GUID like 00000000-0000-0000-0000-000000000000"],
];

describe("namespace members refused", () => {
  for (const [what, cloud, member, message] of REJECTED) {
    it(`rejects ${what}`, () => {
      assert.deepEqual(parseMember(member, cloud, cloud === "aws" ? "us-east-1" : undefined), { ok: false, message });
    });
  }
});
