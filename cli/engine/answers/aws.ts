import { ProviderFakes, stableSuffix } from "./types";

/** Fake AWS answers: a fixed account and region, ARNs and names shaped like the real ones. */
export const FAKE_AWS_ACCOUNT = "123456789012";

const DEFAULT_REGION = "us-east-1";

function arn(service: string, resource: string, region: string = DEFAULT_REGION): string {
  return `arn:aws:${service}:${region}:${FAKE_AWS_ACCOUNT}:${resource}`;
}

function regionOf(inputs: Record<string, any>): string {
  return typeof inputs.region === "string" ? inputs.region : DEFAULT_REGION;
}

/** A hex string of the given length, stable per seed. */
function hex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += stableSuffix(`${seed}#${i}`);
  return out.slice(0, length);
}

/** The ID the fakes give the resource named `name`: `<prefix>-<17 hex digits>`, like `subnet-0a1b...`. */
export function fakeAwsId(prefix: string, name: string): string {
  return `${prefix}-${hex(name, 17)}`;
}

/** Terraform's PrefixedUniqueId appends 26 digits to a name prefix. */
function prefixed(inputs: Record<string, any>, nameKey: string, prefixKey: string, seed: string): string {
  if (typeof inputs[nameKey] === "string") return inputs[nameKey];
  const prefix = typeof inputs[prefixKey] === "string" ? inputs[prefixKey] : `${seed}-`;
  return `${prefix}2026${parseInt(hex(seed, 12), 16).toString().padStart(22, "0").slice(0, 22)}`;
}

/** Zone ID prefixes of the regions tests use; others get a made-up one. */
const ZONE_ID_PREFIX: Readonly<Record<string, string>> = { "us-east-1": "use1", "us-east-2": "use2", "us-west-1": "usw1", "us-west-2": "usw2", "eu-west-1": "euw1" };

/** The VPC of every existing subnet the fakes describe. */
export const EXISTING_VPC_ID = "vpc-0e1a2b3c4d5e6f708";

const FAKE_CA_PEM_BASE64 = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIFakeClusterCA\n-----END CERTIFICATE-----\n").toString("base64");

export const awsFakes: ProviderFakes = {
  outputs: {
    "aws:iam/role:Role": (i, n) => ({ id: i.name ?? `${n}-${stableSuffix(n)}`, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/${i.name ?? `${n}-${stableSuffix(n)}`}`, name: i.name ?? `${n}-${stableSuffix(n)}`, uniqueId: `AROA${hex(n, 17).toUpperCase()}` }),
    "aws:kms/key:Key": (i, n) => ({ id: `${stableSuffix(n)}-0000-4000-8000-000000000000`, arn: arn("kms", `key/${stableSuffix(n)}-0000-4000-8000-000000000000`, regionOf(i)), keyId: `${stableSuffix(n)}-0000-4000-8000-000000000000` }),
    "aws:kms/alias:Alias": (i) => ({ arn: arn("kms", String(i.name), regionOf(i)), targetKeyArn: arn("kms", `key/${i.targetKeyId}`, regionOf(i)) }),
    "aws:cloudwatch/logGroup:LogGroup": (i, n) => ({ id: i.name ?? n, arn: arn("logs", `log-group:${i.name ?? n}`, regionOf(i)) }),
    "aws:ec2/vpc:Vpc": (i, n) => ({ id: fakeAwsId("vpc", n), arn: arn("ec2", `vpc/vpc-${hex(n, 17)}`, regionOf(i)), defaultSecurityGroupId: `sg-${hex(`${n}/default`, 17)}`, mainRouteTableId: `rtb-${hex(`${n}/main`, 17)}` }),
    "aws:ec2/subnet:Subnet": (i, n) => ({ id: fakeAwsId("subnet", n), arn: arn("ec2", `subnet/subnet-${hex(n, 17)}`, regionOf(i)), availabilityZone: i.availabilityZone }),
    "aws:ec2/eip:Eip": (i, n) => ({ id: fakeAwsId("eipalloc", n), allocationId: fakeAwsId("eipalloc", n), publicIp: `203.0.113.${parseInt(hex(n, 2), 16) % 250}`, domain: i.domain ?? "vpc" }),
    "aws:ec2/natGateway:NatGateway": (_i, n) => ({ id: fakeAwsId("nat", n), publicIp: `203.0.113.${parseInt(hex(`${n}/nat`, 2), 16) % 250}`, privateIp: "10.0.192.10" }),
    "aws:ec2/securityGroup:SecurityGroup": (i, n) => ({ id: fakeAwsId("sg", n), arn: arn("ec2", `security-group/sg-${hex(n, 17)}`, regionOf(i)), name: i.name ?? `${n}-${stableSuffix(n)}` }),
    "aws:ec2/launchTemplate:LaunchTemplate": (i, n) => ({
      id: fakeAwsId("lt", n),
      arn: arn("ec2", `launch-template/lt-${hex(n, 17)}`, regionOf(i)),
      name: prefixed(i, "name", "namePrefix", n),
      latestVersion: 1,
      defaultVersion: 1,
    }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (i, n) => ({ id: fakeAwsId("sg", n), arn: arn("ec2", `security-group/sg-${hex(n, 17)}`, regionOf(i)) }),
    "aws:ec2/internetGateway:InternetGateway": (i, n) => ({ id: fakeAwsId("igw", n), arn: arn("ec2", `internet-gateway/igw-${hex(n, 17)}`, regionOf(i)) }),
    "aws:ec2/routeTable:RouteTable": (i, n) => ({ id: fakeAwsId("rtb", n), arn: arn("ec2", `route-table/rtb-${hex(n, 17)}`, regionOf(i)) }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (_i, n) => ({ id: fakeAwsId("rtbassoc", n) }),
    "aws:eks/cluster:Cluster": (i, n) => {
      const name = i.name ?? `${n}-${stableSuffix(n)}`;
      const region = regionOf(i);
      const id = hex(name, 32).toUpperCase();
      return {
        id: name,
        name,
        arn: arn("eks", `cluster/${name}`, region),
        endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthority: { data: FAKE_CA_PEM_BASE64 },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
        vpcConfig: { ...(i.vpcConfig ?? {}), clusterSecurityGroupId: `sg-${hex(`${name}/cluster`, 17)}`, vpcId: `vpc-${hex(`${name}/vpc`, 17)}` },
        version: i.version ?? "1.33",
        platformVersion: "eks.1",
        status: "ACTIVE",
        clusterId: `${hex(name, 8)}-0000-4000-8000-000000000000`,
      };
    },
    "aws:eks/nodeGroup:NodeGroup": (i, n) => {
      const nodeGroupName = prefixed(i, "nodeGroupName", "nodeGroupNamePrefix", n);
      const uuid = `${hex(nodeGroupName, 8)}-0000-4000-8000-${hex(nodeGroupName, 12)}`;
      return {
        id: `${i.clusterName}:${nodeGroupName}`,
        nodeGroupName,
        arn: arn("eks", `nodegroup/${i.clusterName}/${nodeGroupName}/${uuid}`, regionOf(i)),
        resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${uuid}` }], remoteAccessSecurityGroupId: "" }],
        releaseVersion: "1.33.0-20260801",
        status: "ACTIVE",
      };
    },
    "aws:eks/addon:Addon": (i) => ({ id: `${i.clusterName}:${i.addonName}`, arn: arn("eks", `addon/${i.clusterName}/${i.addonName}/${hex(String(i.addonName), 8)}`, regionOf(i)), addonVersion: i.addonVersion ?? "v1.0.0-eksbuild.1" }),
    "aws:eks/accessEntry:AccessEntry": (i) => ({ accessEntryArn: arn("eks", `access-entry/${i.clusterName}/${hex(String(i.principalArn), 12)}`, regionOf(i)), type: i.type ?? "STANDARD" }),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": () => ({ associatedAt: "2026-08-01T00:00:00Z" }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (i, n) => ({ associationArn: arn("eks", `podidentityassociation/${i.clusterName}/a-${hex(n, 17)}`, regionOf(i)), associationId: `a-${hex(n, 17)}` }),
    "aws:efs/fileSystem:FileSystem": (i, n) => ({ id: fakeAwsId("fs", n), arn: arn("elasticfilesystem", `file-system/fs-${hex(n, 17)}`, regionOf(i)), dnsName: `fs-${hex(n, 17)}.efs.${regionOf(i)}.amazonaws.com` }),
    "aws:efs/mountTarget:MountTarget": (i, n) => ({ id: fakeAwsId("fsmt", n), networkInterfaceId: `eni-${hex(n, 17)}`, ipAddress: i.ipAddress ?? "10.0.0.25" }),
  },
  invokes: {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: FAKE_AWS_ACCOUNT, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`, userId: "AIDAEXAMPLE", id: FAKE_AWS_ACCOUNT }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getRegion:getRegion": (i) => ({ region: i.region ?? DEFAULT_REGION, name: i.region ?? DEFAULT_REGION, id: i.region ?? DEFAULT_REGION }),
    // Four zones a-d per region, zone IDs az1-az4, minus the exclusions the caller asks for.
    "aws:index/getAvailabilityZones:getAvailabilityZones": (i) => {
      const region = regionOf(i);
      const idPrefix = ZONE_ID_PREFIX[region] ?? region.replace(/-/g, "").slice(0, 4);
      const all = ["a", "b", "c", "d"].map((letter, k) => ({ name: `${region}${letter}`, zoneId: `${idPrefix}-az${k + 1}` }));
      const excludedIds: string[] = i.excludeZoneIds ?? [];
      const excludedNames: string[] = i.excludeNames ?? [];
      const zones = all.filter((z) => !excludedIds.includes(z.zoneId) && !excludedNames.includes(z.name));
      return { id: region, region, names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.zoneId), groupNames: zones.map(() => region) };
    },
    // Existing subnets all sit in one VPC with a primary and a secondary block, as EKS requires one VPC.
    "aws:ec2/getSubnet:getSubnet": (i) => ({ id: i.id, arn: arn("ec2", `subnet/${i.id}`, regionOf(i)), vpcId: EXISTING_VPC_ID, cidrBlock: "10.30.0.0/19", availabilityZone: `${regionOf(i)}a` }),
    "aws:ec2/getVpc:getVpc": (i) => ({
      id: i.id,
      arn: arn("ec2", `vpc/${i.id}`, regionOf(i)),
      cidrBlock: "10.30.0.0/16",
      cidrBlockAssociations: [
        { associationId: `vpc-cidr-assoc-${hex(`${i.id}/0`, 17)}`, cidrBlock: "10.30.0.0/16", state: "associated" },
        { associationId: `vpc-cidr-assoc-${hex(`${i.id}/1`, 17)}`, cidrBlock: "100.64.0.0/16", state: "associated" },
        { associationId: `vpc-cidr-assoc-${hex(`${i.id}/2`, 17)}`, cidrBlock: "10.31.0.0/16", state: "disassociated" },
      ],
    }),
    // STS session ARNs map to their role, as the real data source does (it also keeps the role's path).
    "aws:iam/getSessionContext:getSessionContext": (i) => {
      const session = /^arn:aws:sts::([0-9]{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(i.arn));
      if (!session) return { id: i.arn, arn: i.arn, issuerArn: i.arn, issuerId: "", issuerName: "", sessionName: "" };
      return {
        id: i.arn,
        arn: i.arn,
        issuerArn: `arn:aws:iam::${session[1]}:role/${session[2]}`,
        issuerId: `AROA${hex(session[2], 17).toUpperCase()}`,
        issuerName: session[2],
        sessionName: session[3],
      };
    },
  },
};
