import assert from "node:assert/strict";
import type { Cloud } from "../../../../components/catalog/types";
import { parseRegistry } from "../../../../components/spec/rules/registries";
import type { ValidRegistry } from "../../../../components/spec/types";

const SUB = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const ACR_ID = `/subscriptions/${SUB}/resourceGroups/ml-shared/providers/Microsoft.ContainerRegistry/registries/AcmeML`;
const ECR = "111122223333.dkr.ecr.us-east-1.amazonaws.com";
const ACR_FORM = "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/<name>";

describe("registries in each cloud's form", () => {
  const VALID: readonly (readonly [Cloud, string, ValidRegistry])[] = [
    ["aws", ECR, { written: ECR, imagePrefix: `${ECR}/`, account: "111122223333", region: "us-east-1" }],
    ["aws", "210987654321.dkr.ecr.ap-southeast-7.amazonaws.com", { written: "210987654321.dkr.ecr.ap-southeast-7.amazonaws.com", imagePrefix: "210987654321.dkr.ecr.ap-southeast-7.amazonaws.com/", account: "210987654321", region: "ap-southeast-7" }],
    ["gcp", "us-docker.pkg.dev/acme-ml/serving", { written: "us-docker.pkg.dev/acme-ml/serving", imagePrefix: "us-docker.pkg.dev/acme-ml/serving/", project: "acme-ml", location: "us", repository: "serving" }],
    ["gcp", "europe-west4-docker.pkg.dev/acme-ml/team.images", { written: "europe-west4-docker.pkg.dev/acme-ml/team.images", imagePrefix: "europe-west4-docker.pkg.dev/acme-ml/team.images/", project: "acme-ml", location: "europe-west4", repository: "team.images" }],
    ["gcp", "gcr.io/acme-ml", { written: "gcr.io/acme-ml", imagePrefix: "gcr.io/acme-ml/", project: "acme-ml", location: "us", repository: "gcr.io" }],
    ["gcp", "eu.gcr.io/acme-ml", { written: "eu.gcr.io/acme-ml", imagePrefix: "eu.gcr.io/acme-ml/", project: "acme-ml", location: "europe", repository: "eu.gcr.io" }],
    ["azure", ACR_ID, { written: ACR_ID, imagePrefix: "acmeml.azurecr.io/", resourceId: ACR_ID, name: "AcmeML" }],
  ];
  for (const [cloud, entry, registry] of VALID) {
    it(`reads ${cloud} ${entry.length > 70 ? `${entry.slice(0, 67)}...` : entry} with its image prefix`, () => {
      assert.deepEqual(parseRegistry(entry, cloud), { ok: true, value: registry });
    });
  }
});

const REJECTED: readonly (readonly [string, Cloud, string, string])[] = [
  ["an ECR registry written as a URL", "aws", `https://${ECR}/`, `must be written without a scheme or a trailing "/": write "${ECR}"`],
  ["an ECR repository instead of its registry", "aws", `${ECR}/train`, `names a repository; list the whole registry: "${ECR}"`],
  ["an ECR host with a region that is no region", "aws", "111122223333.dkr.ecr.useast1.amazonaws.com", 'names "useast1", which is not an AWS region like us-east-1'],
  ["an ECR registry of the China partition", "aws", "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn", "is in the aws-cn partition, but the cluster runs in aws: nodes cannot pull across partitions"],
  ["a China region under the commercial domain", "aws", "111122223333.dkr.ecr.cn-north-1.amazonaws.com", "ends in .amazonaws.com, but cn-north-1 is a China region, whose registries end in .amazonaws.com.cn"],
  ["the China domain with a commercial region", "aws", "111122223333.dkr.ecr.us-east-1.amazonaws.com.cn", "ends in .amazonaws.com.cn, but us-east-1 is not a China region, whose registries end in .amazonaws.com"],
  ["ECR Public, which needs no grant", "aws", "public.ecr.aws", "is Amazon ECR Public, which anyone can pull from: remove it"],
  ["an Artifact Registry repository on AWS", "aws", "us-docker.pkg.dev/acme-ml/serving", "is an Artifact Registry repository (gcp), but the platform runs on aws: list ECR registries, <account>.dkr.ecr.<region>.amazonaws.com"],
  ["an ACR login server on AWS", "aws", "acmeml.azurecr.io", "is an Azure container registry (azure), but the platform runs on aws: list ECR registries, <account>.dkr.ecr.<region>.amazonaws.com"],
  ["Docker Hub on AWS", "aws", "docker.io", 'must be an ECR registry, <account>.dkr.ecr.<region>.amazonaws.com, got "docker.io"'],
  ["an Artifact Registry host without a repository", "gcp", "us-docker.pkg.dev", 'names no repository, and pulls are granted per repository: write "us-docker.pkg.dev/<project>/<repository>"'],
  ["an Artifact Registry project without a repository", "gcp", "us-docker.pkg.dev/acme-ml", 'names no repository, and pulls are granted per repository: write "us-docker.pkg.dev/acme-ml/<repository>"'],
  ["an Artifact Registry image instead of its repository", "gcp", "us-docker.pkg.dev/acme-ml/serving/embedder", 'names an image, not a repository: write "us-docker.pkg.dev/acme-ml/serving"'],
  ["an Artifact Registry repository with a bad project ID", "gcp", "us-docker.pkg.dev/ml/serving", 'names the project "ml", which is not a project ID (6 to 30 lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit)'],
  ["an Artifact Registry repository name no image path can hold", "gcp", "us-docker.pkg.dev/acme-ml/Serving", 'names the repository "Serving", which is not a repository name (lower-case letters and digits, separated by ".", "_" or "-")'],
  ["an Artifact Registry host with no location", "gcp", "us-central-docker.pkg.dev/acme-ml/serving", 'names "us-central", which is not a GCP location like us-central1 or us'],
  ["a Container Registry host without a project", "gcp", "gcr.io", 'names no project: write "gcr.io/<project>"'],
  ["a Container Registry image instead of its project", "gcp", "eu.gcr.io/acme-ml/embedder", 'names an image, not a repository: write "eu.gcr.io/acme-ml"'],
  ["an ECR registry on GCP", "gcp", ECR, "is an ECR registry (aws), but the platform runs on gcp: list Artifact Registry repositories, <location>-docker.pkg.dev/<project>/<repository>"],
  ["an ACR resource ID on GCP", "gcp", ACR_ID, "is an Azure container registry (azure), but the platform runs on gcp: list Artifact Registry repositories, <location>-docker.pkg.dev/<project>/<repository>"],
  ["ghcr.io on GCP", "gcp", "ghcr.io/acme", 'must be an Artifact Registry repository, <location>-docker.pkg.dev/<project>/<repository>, got "ghcr.io/acme"'],
  [
    "an ACR login server, showing the ARM form with the name filled in",
    "azure",
    "acmeml.azurecr.io",
    'is the registry\'s login server; AcrPull is assigned on the registry\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/acmeml" with its subscription and resource group (az acr show --name acmeml --query id)',
  ],
  [
    "an ACR login server written as a URL",
    "azure",
    "https://acmeml.azurecr.io/",
    'is the registry\'s login server; AcrPull is assigned on the registry\'s ARM resource ID: write "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/acmeml" with its subscription and resource group (az acr show --name acmeml --query id)',
  ],
  ["an ACR name shorter than five", "azure", ACR_ID.replace("AcmeML", "acme"), 'is not a valid container registry ID: its registry name "acme" is not 5 to 50 letters and digits'],
  ["an ACR name with a hyphen", "azure", ACR_ID.replace("AcmeML", "acme-ml"), 'is not a valid container registry ID: its registry name "acme-ml" is not 5 to 50 letters and digits'],
  ["an ACR ID with a subscription that is not a GUID", "azure", ACR_ID.replace(SUB, "prod"), 'is not a valid container registry ID: its subscription ID "prod" is not a GUID'],
  ["an ARM ID of another resource type", "azure", ACR_ID.replace("Microsoft.ContainerRegistry/registries", "Microsoft.Storage/storageAccounts"), `must be a container registry's ARM resource ID, ${ACR_FORM}, got ${JSON.stringify(ACR_ID.replace("Microsoft.ContainerRegistry/registries", "Microsoft.Storage/storageAccounts"))}`],
  ["an Artifact Registry repository on Azure", "azure", "us-docker.pkg.dev/acme-ml/serving", `is an Artifact Registry repository (gcp), but the platform runs on azure: list container registries by ARM resource ID, ${ACR_FORM}`],
];

describe("registries refused", () => {
  for (const [what, cloud, entry, message] of REJECTED) {
    it(`rejects ${what}`, () => {
      assert.deepEqual(parseRegistry(entry, cloud), { ok: false, message });
    });
  }
});
