import { ProviderFakes, stableSuffix } from "./types";

/** Fake AWS answers: a fixed account and region, ARNs shaped like the real ones. */
export const FAKE_AWS_ACCOUNT = "123456789012";

function arn(service: string, resource: string, region = "us-east-1"): string {
  return `arn:aws:${service}:${region}:${FAKE_AWS_ACCOUNT}:${resource}`;
}

export const awsFakes: ProviderFakes = {
  outputs: {
    "aws:iam/role:Role": (i, n) => ({ arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/${i.name ?? `${n}-${stableSuffix(n)}`}`, name: i.name ?? `${n}-${stableSuffix(n)}` }),
    "aws:kms/key:Key": (_i, n) => ({ arn: arn("kms", `key/${stableSuffix(n)}-0000-4000-8000-000000000000`), keyId: `${stableSuffix(n)}-0000-4000-8000-000000000000` }),
  },
  invokes: {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: FAKE_AWS_ACCOUNT, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`, userId: "AIDAEXAMPLE", id: FAKE_AWS_ACCOUNT }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getRegion:getRegion": (i) => ({ region: i.region ?? "us-east-1", name: i.region ?? "us-east-1", id: i.region ?? "us-east-1" }),
  },
};
