/**
 * The identity fields of issue 11 through validateSpec: access on services and training jobs,
 * namespace members, registries and googleGroupsForRbac, parsed exactly per cloud, left out when
 * absent, and every problem and warning at its path. The per-cloud formats in detail are in
 * rules/storage, rules/registries and rules/members.
 */
import assert from "node:assert/strict";
import type { SpecProblem } from "../../../components/spec/types";
import { inspectSpec, validateSpec } from "../../../components/spec/validate";
import {
  AZURE_CONTAINER,
  AZURE_REGISTRY,
  awsIdentitySpec,
  awsSpec,
  azureIdentitySpec,
  azureSpec,
  gcpIdentitySpec,
  gcpSpec,
  problemsOf,
  set,
  SpecObject,
  unset,
} from "./fixtures";

const changed = (make: () => SpecObject, change: (s: SpecObject) => unknown) => (): SpecObject => {
  const s = make();
  change(s);
  return s;
};

describe("identity fields of a valid spec", () => {
  it("parses every AWS identity field exactly, with no warnings", () => {
    const spec = validateSpec(awsIdentitySpec());
    assert.deepEqual(spec.services[0]!.access, {
      read: [{ url: "s3://acme-models/llama-3/", bucket: "acme-models", prefix: "llama-3/" }],
      write: [],
      kmsKey: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
    assert.deepEqual(spec.trainingJobs[0]!.access, {
      read: [{ url: "s3://acme-datasets/tokens/", bucket: "acme-datasets", prefix: "tokens/" }],
      write: [{ url: "s3://acme-checkpoints/finetune/", bucket: "acme-checkpoints", prefix: "finetune/" }],
    });
    assert.deepEqual(spec.registries, [
      {
        written: "111122223333.dkr.ecr.us-east-1.amazonaws.com",
        imagePrefix: "111122223333.dkr.ecr.us-east-1.amazonaws.com/",
        account: "111122223333",
        region: "us-east-1",
      },
    ]);
    assert.deepEqual(spec.namespaces[0]!.members, ["arn:aws:iam::111122223333:role/teams/ml-research", "arn:aws:iam::111122223333:user/alice"]);
    assert.equal(spec.googleGroupsForRbac, undefined);
    assert.deepEqual(spec.warnings, []);
  });

  it("parses every GCP identity field exactly, with no warnings", () => {
    const spec = validateSpec(gcpIdentitySpec());
    assert.deepEqual(spec.services[0]!.access, { read: [{ url: "gs://acme-models/embedder/", bucket: "acme-models", prefix: "embedder/" }], write: [] });
    assert.deepEqual(spec.registries, [
      { written: "us-docker.pkg.dev/acme-ml/serving", imagePrefix: "us-docker.pkg.dev/acme-ml/serving/", project: "acme-ml", location: "us", repository: "serving" },
    ]);
    assert.deepEqual(spec.namespaces[0]!.members, ["group:ml-serving@example.com", "user:alice@example.com", "serviceAccount:deployer@acme-ml.iam.gserviceaccount.com"]);
    assert.equal(spec.googleGroupsForRbac, "gke-security-groups@example.com");
    assert.deepEqual(spec.warnings, []);
  });

  it("parses every Azure identity field exactly, with no warnings", () => {
    const spec = validateSpec(azureIdentitySpec());
    assert.deepEqual(spec.services[0]!.access, {
      read: [{ url: `${AZURE_CONTAINER}/whisper/`, bucket: AZURE_CONTAINER, prefix: "whisper/", account: "acmemodels", container: "weights" }],
      write: [],
    });
    assert.deepEqual(spec.registries, [{ written: AZURE_REGISTRY, imagePrefix: "acmeml.azurecr.io/", resourceId: AZURE_REGISTRY, name: "acmeml" }]);
    assert.deepEqual(spec.namespaces[0]!.members, ["group:0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", "user:7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a"]);
    assert.deepEqual(spec.warnings, []);
  });

  it("leaves access, members, registries and googleGroupsForRbac out when the spec has none", () => {
    const spec = validateSpec(awsSpec());
    assert.equal("access" in spec.services[0]!, false);
    assert.equal("access" in spec.trainingJobs[0]!, false);
    assert.equal("members" in spec.namespaces[0]!, false);
    assert.equal("registries" in spec, false);
    assert.equal("googleGroupsForRbac" in spec, false);
  });

  it("leaves empty members and registries lists out", () => {
    const spec = validateSpec(changed(awsSpec, (s) => { set(s, "namespaces[0].members", []); set(s, "registries", []); })());
    assert.equal("members" in spec.namespaces[0]!, false);
    assert.equal("registries" in spec, false);
  });

  it("keeps a multi-Region KMS key ARN of another region", () => {
    const key = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    const spec = validateSpec(changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: key }))());
    assert.equal(spec.services[0]!.access!.kmsKey, key);
  });

  it("keeps a workload with only write access, which reads too", () => {
    const spec = validateSpec(changed(awsSpec, (s) => set(s, "trainingJobs[0].access", { write: ["s3://acme-checkpoints"] }))());
    assert.deepEqual(spec.trainingJobs[0]!.access, { read: [], write: [{ url: "s3://acme-checkpoints", bucket: "acme-checkpoints", prefix: "" }] });
  });

  it("copies the input's lists, so changing the input later leaves the result alone", () => {
    const input = awsIdentitySpec();
    const spec = validateSpec(input);
    ((input.namespaces as SpecObject[])[0]!.members as string[]).push("arn:aws:iam::111122223333:user/bob");
    assert.equal(spec.namespaces[0]!.members!.length, 2);
    assert.ok(Object.isFrozen(spec.services[0]!.access!.read[0]));
  });
});

interface BadSpec {
  readonly title: string;
  readonly spec: () => unknown;
  readonly problems: readonly SpecProblem[];
}

const BAD_SPECS: readonly BadSpec[] = [
  {
    title: "rejects access that grants nothing",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: [], write: [] })),
    problems: [{ path: "services[0].access", message: "grants nothing: list what the workload reads under read and what it writes under write (s3://<bucket>[/<prefix>]), or remove access" }],
  },
  {
    title: "rejects access with a key and no locations",
    spec: changed(awsSpec, (s) => set(s, "trainingJobs[0].access", { kmsKey: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })),
    problems: [{ path: "trainingJobs[0].access", message: "grants nothing: list what the workload reads under read and what it writes under write (s3://<bucket>[/<prefix>]), or remove access" }],
  },
  {
    title: "rejects access that is not a mapping",
    spec: changed(gcpSpec, (s) => set(s, "services[0].access", ["gs://acme-models"])),
    problems: [{ path: "services[0].access", message: "must be a mapping (object storage access), got a list" }],
  },
  {
    title: "rejects a misspelt access field with a did-you-mean",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], writes: ["s3://acme-models/out/"] })),
    problems: [{ path: "services[0].access.writes", message: "is not a field of object storage access; did you mean \"write\"?" }],
  },
  {
    title: "rejects a misspelt access on a workload with a did-you-mean",
    spec: changed(awsSpec, (s) => set(s, "services[0].acess", { read: ["s3://acme-models"] })),
    problems: [{ path: "services[0].acess", message: "is not a field of a service; did you mean \"access\"?" }],
  },
  {
    title: "rejects an access entry that is not text",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: [42] })),
    problems: [{ path: "services[0].access.read[0]", message: "must be non-empty text, got the number 42" }],
  },
  {
    title: "rejects a location listed twice, written two ways",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models", "s3://acme-models/"] })),
    problems: [{ path: "services[0].access.read[1]", message: "names the same location as read[0] (\"s3://acme-models\"); list each location once" }],
  },
  {
    title: "rejects a location under both read and write",
    spec: changed(awsSpec, (s) => set(s, "trainingJobs[0].access", { read: ["s3://acme-data/x/", "s3://acme-ckpt/run/"], write: ["s3://acme-ckpt/run/"] })),
    problems: [{ path: "trainingJobs[0].access.read[1]", message: "names the same location as write[0] (\"s3://acme-ckpt/run/\"), which grants reading too; remove it from read" }],
  },
  {
    title: "rejects a write location listed twice",
    spec: changed(gcpSpec, (s) => set(s, "services[0].access", { write: ["gs://acme-out/a", "gs://acme-out/a"] })),
    problems: [{ path: "services[0].access.write[1]", message: "names the same location as write[0] (\"gs://acme-out/a\"); list each location once" }],
  },
  {
    title: "rejects one Azure container written with different case as a repeat, as ARM compares IDs",
    spec: changed(azureSpec, (s) => set(s, "services[0].access", { read: [`${AZURE_CONTAINER}/x`, `${AZURE_CONTAINER.replace("resourceGroups", "resourcegroups")}/x`] })),
    problems: [{ path: "services[0].access.read[1]", message: `names the same location as read[0] (${JSON.stringify(`${AZURE_CONTAINER}/x`)}); list each location once` }],
  },
  {
    title: "rejects a KMS key ID, showing the key ARN with the spec's region filled in",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: "1234abcd-12ab-34cd-56ef-1234567890ab" })),
    problems: [{ path: "services[0].access.kmsKey", message: "is a key ID, but IAM policies need the key ARN: write \"arn:aws:kms:us-east-1:<account>:key/1234abcd-12ab-34cd-56ef-1234567890ab\" with the key's region and account" }],
  },
  {
    title: "rejects a KMS alias ARN, which IAM policies cannot name",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: "arn:aws:kms:us-east-1:111122223333:alias/ml" })),
    problems: [{ path: "services[0].access.kmsKey", message: "is a key alias, but IAM policies name a KMS key by its key ARN only (arn:aws:kms:<region>:<account>:key/<key-id>): aws kms describe-key --key-id arn:aws:kms:us-east-1:111122223333:alias/ml --query KeyMetadata.Arn prints it" }],
  },
  {
    title: "rejects a KMS key of another partition",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })),
    problems: [{ path: "services[0].access.kmsKey", message: "is a key in the aws-cn partition, but the cluster runs in aws: IAM grants no keys across partitions" }],
  },
  {
    title: "rejects a KMS key ARN whose region is not in its partition",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: "arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })),
    problems: [{ path: "services[0].access.kmsKey", message: "must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id>, with a region of its partition and a 12-digit account, got \"arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"" }],
  },
  {
    title: "rejects a kmsKey that is no KMS key at all",
    spec: changed(awsSpec, (s) => set(s, "services[0].access", { read: ["s3://acme-models"], kmsKey: "models-key" })),
    problems: [{ path: "services[0].access.kmsKey", message: "must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id>, got \"models-key\"" }],
  },
  {
    title: "rejects another cloud's location at its path",
    spec: changed(azureSpec, (s) => set(s, "services[0].access", { read: ["gs://acme-models/x"] })),
    problems: [{ path: "services[0].access.read[0]", message: "is a Cloud Storage location (gcp), but the platform runs on azure: list blob containers by ARM resource ID, /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>[/<prefix>]" }],
  },
  {
    title: "rejects a member in another cloud's format",
    spec: changed(awsSpec, (s) => set(s, "namespaces[0].members", ["arn:aws:iam::111122223333:role/ml", "group:ml@example.com"])),
    problems: [{ path: "namespaces[0].members[1]", message: "is a Google identity (gcp), but the platform runs on aws: list IAM role or user ARNs, arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name>" }],
  },
  {
    title: "rejects members that are not a list",
    spec: changed(azureSpec, (s) => set(s, "namespaces[0].members", "0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b")),
    problems: [{ path: "namespaces[0].members", message: "must be a list of text, got the text \"0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b\"; write [\"0b8e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b\"]" }],
  },
  {
    title: "rejects a misspelt members field with a did-you-mean",
    spec: changed(awsSpec, (s) => set(s, "namespaces[0].member", ["arn:aws:iam::111122223333:role/ml"])),
    problems: [{ path: "namespaces[0].member", message: "is not a field of a namespace; did you mean \"members\"?" }],
  },
  {
    title: "rejects a member repeated in one namespace, and accepts it in another",
    spec: changed(awsSpec, (s) => {
      set(s, "namespaces", [
        { name: "research", quota: { gpu: 24, cpu: 160, memory: "1536Gi" }, members: ["arn:aws:iam::111122223333:role/ml", "arn:aws:iam::111122223333:role/ml"] },
        { name: "serving", members: ["arn:aws:iam::111122223333:role/ml"] },
      ]);
    }),
    problems: [{ path: "namespaces[0].members[1]", message: "names the same member as members[0] (\"arn:aws:iam::111122223333:role/ml\"); list each member once" }],
  },
  {
    title: "rejects one Google user written with a different case, as email addresses ignore case",
    spec: changed(gcpIdentitySpec, (s) => set(s, "namespaces[0].members", ["user:alice@example.com", "user:Alice@Example.com"])),
    problems: [{ path: "namespaces[0].members[1]", message: "names the same member as members[0] (\"user:alice@example.com\"); list each member once" }],
  },
  {
    title: "rejects Google group members without googleGroupsForRbac, with the group's domain filled in",
    spec: changed(gcpIdentitySpec, (s) => unset(s, "googleGroupsForRbac")),
    problems: [{ path: "namespaces[0].members[0]", message: "is a Google group, which GKE resolves in RBAC only with Google Groups for RBAC: set googleGroupsForRbac: gke-security-groups@example.com (make this group a member of it), or list the people as user: members" }],
  },
  {
    title: "rejects googleGroupsForRbac off GCP, and says what members are there",
    spec: changed(awsSpec, (s) => set(s, "googleGroupsForRbac", "gke-security-groups@example.com")),
    problems: [{ path: "googleGroupsForRbac", message: "is a GKE setting (Google Groups for RBAC), but the platform runs on aws: remove it; namespace members there are IAM role or user ARNs" }],
  },
  {
    title: "rejects googleGroupsForRbac on Azure",
    spec: changed(azureSpec, (s) => set(s, "googleGroupsForRbac", "gke-security-groups@example.com")),
    problems: [{ path: "googleGroupsForRbac", message: "is a GKE setting (Google Groups for RBAC), but the platform runs on azure: remove it; namespace members there are user:<object ID> or group:<object ID> of Entra, groups included" }],
  },
  {
    title: "rejects a googleGroupsForRbac group of another name, and names the one GKE requires",
    spec: changed(gcpIdentitySpec, (s) => set(s, "googleGroupsForRbac", "ml-admins@example.com")),
    problems: [{ path: "googleGroupsForRbac", message: "must be the group named gke-security-groups (GKE requires that name), got \"ml-admins@example.com\"; write \"gke-security-groups@example.com\" and make your groups members of it" }],
  },
  {
    title: "rejects a googleGroupsForRbac that is not an email, without also rejecting the group members",
    spec: changed(gcpIdentitySpec, (s) => set(s, "googleGroupsForRbac", "gke-security-groups")),
    problems: [{ path: "googleGroupsForRbac", message: "must be gke-security-groups@<your domain>, e.g. \"gke-security-groups@example.com\", got \"gke-security-groups\"" }],
  },
  {
    title: "rejects a googleGroupsForRbac that is not text",
    spec: changed(gcpSpec, (s) => set(s, "googleGroupsForRbac", true)),
    problems: [{ path: "googleGroupsForRbac", message: "must be text, got the boolean true" }],
  },
  {
    title: "rejects registries that are not a list",
    spec: changed(awsSpec, (s) => set(s, "registries", "111122223333.dkr.ecr.us-east-1.amazonaws.com")),
    problems: [{ path: "registries", message: "must be a list of text, got the text \"111122223333.dkr.ecr.us-east-1.amazonaws.com\"; write [\"111122223333.dkr.ecr.us-east-1.amazonaws.com\"]" }],
  },
  {
    title: "rejects a registry listed twice",
    spec: changed(gcpSpec, (s) => set(s, "registries", ["us-docker.pkg.dev/acme-ml/serving", "US-docker.pkg.dev/acme-ml/serving"])),
    problems: [{ path: "registries[1]", message: "names the same registry as registries[0] (\"us-docker.pkg.dev/acme-ml/serving\"); list each registry once" }],
  },
  {
    title: "rejects one Azure registry named twice through different resource groups",
    spec: changed(azureSpec, (s) => set(s, "registries", [AZURE_REGISTRY, AZURE_REGISTRY.replace("ml-shared", "other").replace("acmeml", "AcmeML")])),
    problems: [{ path: "registries[1]", message: `names the same registry as registries[0] (${JSON.stringify(AZURE_REGISTRY)}); list each registry once` }],
  },
  {
    title: "rejects a registry of another cloud",
    spec: changed(azureSpec, (s) => set(s, "registries", ["111122223333.dkr.ecr.us-east-1.amazonaws.com"])),
    problems: [{ path: "registries[0]", message: "is an ECR registry (aws), but the platform runs on azure: list container registries by ARM resource ID, /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/<name>" }],
  },
  {
    title: "reports every identity problem of a spec at once",
    spec: changed(awsIdentitySpec, (s) => {
      set(s, "services[0].access.read", ["gs://acme-models"]);
      set(s, "trainingJobs[0].access.kmsKey", "alias/ml");
      set(s, "registries", ["acmeml.azurecr.io"]);
      set(s, "namespaces[0].members", ["arn:aws:sts::111122223333:assumed-role/ml-research/alice"]);
    }),
    problems: [
      { path: "namespaces[0].members[0]", message: "is an STS session ARN, which names one sign-in and changes with each: EKS access entries take the role's ARN, \"arn:aws:iam::111122223333:role/ml-research\", with the role's path if it has one (aws iam get-role --role-name ml-research --query Role.Arn)" },
      { path: "services[0].access.read[0]", message: "is a Cloud Storage location (gcp), but the platform runs on aws: list S3 locations, s3://<bucket>[/<prefix>]" },
      { path: "trainingJobs[0].access.kmsKey", message: "is a key alias, but IAM policies name a KMS key by its key ARN only (arn:aws:kms:<region>:<account>:key/<key-id>): aws kms describe-key --key-id alias/ml --query KeyMetadata.Arn prints it" },
      { path: "registries[0]", message: "is an Azure container registry (azure), but the platform runs on aws: list ECR registries, <account>.dkr.ecr.<region>.amazonaws.com" },
    ],
  },
];

describe("identity fields of a bad spec", () => {
  for (const bad of BAD_SPECS) {
    it(bad.title, () => {
      assert.deepEqual(problemsOf(bad.spec()), bad.problems);
    });
  }
});

interface Surprise {
  readonly title: string;
  readonly spec: () => SpecObject;
  readonly warnings: readonly SpecProblem[];
}

const KMS_GCP = "projects/acme-ml/locations/us/keyRings/ml/cryptoKeys/models";

const SURPRISES: readonly Surprise[] = [
  {
    title: "warns that a kmsKey grants nothing on GCP, and leaves it out of the parsed access",
    spec: changed(gcpIdentitySpec, (s) => set(s, "services[0].access.kmsKey", KMS_GCP)),
    warnings: [
      { path: "services[0].access.kmsKey", message: "grants nothing on gcp: Cloud Storage uses a customer-managed key through the project's Cloud Storage service agent (gcloud storage service-agent --authorize-cmek=<key> grants it), so readers and writers need no rights on the key; remove kmsKey" },
    ],
  },
  {
    title: "warns that a kmsKey grants nothing on Azure",
    spec: changed(azureIdentitySpec, (s) => set(s, "services[0].access.kmsKey", "https://acme-kv.vault.azure.net/keys/models")),
    warnings: [
      { path: "services[0].access.kmsKey", message: "grants nothing on azure: Azure Storage uses a customer-managed key through the storage account's own managed identity in Key Vault, so readers and writers need no rights on the key; remove kmsKey" },
    ],
  },
  {
    title: "warns about an ECR image whose registry is not listed, naming the registry to add",
    spec: changed(awsIdentitySpec, (s) => set(s, "services[0].image", "210987654321.dkr.ecr.us-west-2.amazonaws.com/vllm:0.6.3")),
    warnings: [
      { path: "services[0].image", message: "comes from the private registry 210987654321.dkr.ecr.us-west-2.amazonaws.com, which registries does not list: the nodes get no pull rights on it (unless it is public); add \"210987654321.dkr.ecr.us-west-2.amazonaws.com\" to registries" },
    ],
  },
  {
    title: "warns about an Artifact Registry image from another repository, naming that repository",
    spec: changed(gcpIdentitySpec, (s) => set(s, "services[0].image", "us-docker.pkg.dev/acme-ml/research/embedder:3.1")),
    warnings: [
      { path: "services[0].image", message: "comes from the private registry us-docker.pkg.dev, which registries does not list: the nodes get no pull rights on it (unless it is public); add \"us-docker.pkg.dev/acme-ml/research\" to registries" },
    ],
  },
  {
    title: "warns about an ACR image with the ARM form of its registry",
    spec: changed(azureIdentitySpec, (s) => set(s, "services[0].image", "acmeresearch.azurecr.io/whisper:2024.10")),
    warnings: [
      { path: "services[0].image", message: "comes from the private registry acmeresearch.azurecr.io, which registries does not list: the nodes get no pull rights on it (unless it is public); add \"/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/acmeresearch\" to registries (az acr show --name acmeresearch --query id)" },
    ],
  },
  {
    title: "warns about an image from another cloud's private registry",
    spec: changed(gcpIdentitySpec, (s) => set(s, "services[0].image", "111122223333.dkr.ecr.us-east-1.amazonaws.com/embedder:3.1")),
    warnings: [
      { path: "services[0].image", message: "comes from an ECR registry (aws) at 111122223333.dkr.ecr.us-east-1.amazonaws.com, on which the nodes of a gcp platform get no pull rights (unless it is public): copy the image to an Artifact Registry repository and list that under registries" },
    ],
  },
  {
    title: "warns about private images once registries is set, even to an empty list",
    spec: changed(awsIdentitySpec, (s) => set(s, "registries", [])),
    warnings: [
      { path: "trainingJobs[0].image", message: "comes from the private registry 111122223333.dkr.ecr.us-east-1.amazonaws.com, which registries does not list: the nodes get no pull rights on it (unless it is public); add \"111122223333.dkr.ecr.us-east-1.amazonaws.com\" to registries" },
    ],
  },
  {
    title: "does not warn about private images while registries is absent",
    spec: changed(awsIdentitySpec, (s) => unset(s, "registries")),
    warnings: [],
  },
  {
    title: "does not warn about public registries or Container Registry hosts",
    spec: changed(gcpIdentitySpec, (s) => {
      set(s, "services[0].image", "gcr.io/distroless/static:nonroot");
      set(s, "services[1]", { ...(s.services as SpecObject[])[0]!, name: "hub", image: "docker.io/library/nginx:1.27" });
      set(s, "services[2]", { ...(s.services as SpecObject[])[0]!, name: "quay", image: "quay.io/acme/app:1.0" });
    }),
    warnings: [],
  },
];

describe("identity warnings", () => {
  for (const s of SURPRISES) {
    it(s.title, () => {
      const report = inspectSpec(s.spec());
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.warnings, s.warnings);
    });
  }

  it("keeps no kmsKey in the parsed access where the key grants nothing", () => {
    const spec = validateSpec(changed(gcpIdentitySpec, (s) => set(s, "services[0].access.kmsKey", KMS_GCP))());
    assert.deepEqual(spec.services[0]!.access, { read: [{ url: "gs://acme-models/embedder/", bucket: "acme-models", prefix: "embedder/" }], write: [] });
  });
});
