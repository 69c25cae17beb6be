import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isSecretValue, kubernetesWithoutProvider, MockRun, unwrapSecrets } from "../../../helpers/mocks";
import { FAKE_AWS_ACCOUNT } from "../../../../cli/engine/answers/aws";
import { eksArgs, ofType, one, renderEks, PRIVATE_SUBNET_IDS } from "./fixtures";

const CLUSTER = "aws:eks/cluster:Cluster";

function cluster(run: MockRun) {
  return one(run, CLUSTER);
}

function roleNamed(run: MockRun, name: string) {
  return one(run, "aws:iam/role:Role", name);
}

describe("EksCluster secure defaults", () => {
  let run: MockRun;
  let eks: Awaited<ReturnType<typeof renderEks>>["cluster"];
  before(async () => {
    ({ run, cluster: eks } = await renderEks());
  });

  it("keeps the API endpoint private without apiAccess", () => {
    assert.deepEqual(cluster(run).inputs.vpcConfig.endpointPrivateAccess, true);
    assert.deepEqual(cluster(run).inputs.vpcConfig.endpointPublicAccess, false);
    assert.equal(cluster(run).inputs.vpcConfig.publicAccessCidrs, undefined);
  });

  it("opens the public endpoint only to the apiAccess networks", async () => {
    const { run: open } = await renderEks(eksArgs({}, { apiAccess: { allowedCidrs: ["203.0.113.0/24"] } }));
    assert.deepEqual(cluster(open).inputs.vpcConfig, {
      subnetIds: cluster(open).inputs.vpcConfig.subnetIds,
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  it("encrypts secrets with its own rotating KMS key", () => {
    const key = one(run, "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(key.inputs.deletionWindowInDays, 30);
    const encryption = cluster(run).inputs.encryptionConfig;
    assert.deepEqual(encryption.resources, ["secrets"]);
    assert.match(encryption.provider.keyArn, /^arn:aws:kms:us-east-1:123456789012:key\//);
    const keyPolicy = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy", "ml-cluster-secrets-key").inputs.policy);
    assert.deepEqual(keyPolicy.Statement, [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: encryption.provider.keyArn }]);
  });

  it("logs every control-plane log type and keeps them 90 days", () => {
    assert.deepEqual(cluster(run).inputs.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    const logs = one(run, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/aws/eks/ml-dev/cluster", 90]);
    assert.ok(cluster(run).options.dependsOn?.includes(logs.urn), "the group exists before EKS would create it without retention");
  });

  it("authenticates through access entries only, creates no unmanaged add-ons, and protects against deletion", () => {
    const inputs = cluster(run).inputs;
    assert.deepEqual(inputs.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
    assert.equal(inputs.bootstrapSelfManagedAddons, false);
    assert.equal(inputs.deletionProtection, true);
    assert.deepEqual(inputs.upgradePolicy, { supportType: "STANDARD" });
    assert.equal(inputs.name, "ml-dev");
    assert.equal(inputs.region, "us-east-1");
  });

  it("gives the deploying identity cluster-admin through an access entry", () => {
    const entry = one(run, "aws:eks/accessEntry:AccessEntry");
    const association = one(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    assert.deepEqual([entry.inputs.principalArn, entry.inputs.type], [`arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`, "STANDARD"]);
    assert.deepEqual(
      { principalArn: association.inputs.principalArn, policyArn: association.inputs.policyArn, accessScope: association.inputs.accessScope },
      { principalArn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
    );
  });

  it("maps an assumed-role session to its role for the admin entry", async () => {
    const assumed = {
      outputs: {},
      invokes: { "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: FAKE_AWS_ACCOUNT, arn: `arn:aws:sts::${FAKE_AWS_ACCOUNT}:assumed-role/ci-deployer/run-42`, userId: "AROA:run-42", id: FAKE_AWS_ACCOUNT }) },
    };
    const { run: ci } = await renderEks(eksArgs(), { fakes: assumed });
    assert.equal(one(ci, "aws:eks/accessEntry:AccessEntry").inputs.principalArn, `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/ci-deployer`);
  });

  it("gives the listed principals cluster-admin instead of the caller when adminPrincipalArns is set", async () => {
    const admins = [`arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/platform`, `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/ci`];
    const { run: listed } = await renderEks(eksArgs({ adminPrincipalArns: admins }));
    assert.deepEqual(ofType(listed, "aws:eks/accessEntry:AccessEntry").map((r) => r.inputs.principalArn), admins);
    assert.equal(ofType(listed, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").length, 2);
  });

  it("gives nodes no public addresses: private subnets and subnets that never map public IPs", () => {
    for (const subnet of ofType(run, "aws:ec2/subnet:Subnet")) assert.equal(subnet.inputs.mapPublicIpOnLaunch, false, subnet.name);
    assert.deepEqual(cluster(run).inputs.vpcConfig.subnetIds, PRIVATE_SUBNET_IDS);
    assert.deepEqual(one(run, "aws:ec2/vpc:Vpc").inputs.enableDnsHostnames, true);
  });

  it("tags subnets for internal and internet-facing load balancers", () => {
    const tagsOf = (name: string) => one(run, "aws:ec2/subnet:Subnet", name).inputs.tags;
    assert.equal(tagsOf("ml-private-0")["kubernetes.io/role/internal-elb"], "1");
    assert.equal(tagsOf("ml-public-0")["kubernetes.io/role/elb"], "1");
    assert.equal(tagsOf("ml-private-0")["kubernetes.io/cluster/ml-dev"], "shared");
    assert.equal(tagsOf("ml-private-0")["kubernetes.io/role/elb"], undefined);
  });

  it("strips the VPC's default security group of its allow-all rules", () => {
    const sg = one(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    assert.equal(sg.inputs.ingress, undefined);
    assert.equal(sg.inputs.egress, undefined);
  });

  it("locks IMDS to v2 with one hop and encrypts the root disk on every node", () => {
    for (const lt of ofType(run, "aws:ec2/launchTemplate:LaunchTemplate")) {
      assert.equal(lt.inputs.metadataOptions.httpTokens, "required", lt.name);
      assert.equal(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1, lt.name);
      assert.equal(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true", lt.name);
    }
  });

  it("enforces network policies through the VPC CNI", () => {
    const cni = one(run, "aws:eks/addon:Addon", "ml-vpc-cni");
    assert.deepEqual(JSON.parse(cni.inputs.configurationValues), { enableNetworkPolicy: "true" });
  });

  it("limits the node role to joining the cluster and pulling images; the CNI uses its own Pod Identity role", () => {
    const attachments = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    const node = roleNamed(run, "ml-node");
    const onNode = attachments.filter((a) => a.name.startsWith("ml-node-")).map((a) => a.inputs.policyArn);
    assert.deepEqual(onNode.sort(), ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
    assert.ok(attachments.filter((a) => a.name.startsWith("ml-node-")).every((a) => String(a.inputs.role).startsWith(node.name)));
    const cni = one(run, "aws:eks/addon:Addon", "ml-vpc-cni");
    assert.deepEqual(cni.inputs.podIdentityAssociations.map((p: { serviceAccount: string }) => p.serviceAccount), ["aws-node"]);
    assert.equal(one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ml-vpc-cni-AmazonEKS-CNI-Policy").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
  });

  it("lets only the named service account of this cluster assume each Pod Identity role", () => {
    const expected: Record<string, [string, string]> = {
      "ml-vpc-cni": ["kube-system", "aws-node"],
      "ml-ebs-csi": ["kube-system", "ebs-csi-controller-sa"],
      "ml-efs-csi": ["kube-system", "efs-csi-controller-sa"],
      "ml-cluster-autoscaler": ["kube-system", "cluster-autoscaler"],
    };
    for (const [name, [namespace, serviceAccount]] of Object.entries(expected)) {
      const trust = JSON.parse(roleNamed(run, name).inputs.assumeRolePolicy);
      assert.deepEqual(trust.Statement, [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-name": "ml-dev",
              "aws:RequestTag/kubernetes-namespace": namespace,
              "aws:RequestTag/kubernetes-service-account": serviceAccount,
            },
          },
        },
      ]);
    }
  });

  it("protects the cluster, keeps and protects its key, and protects the shared file system", () => {
    assert.equal(cluster(run).options.protect, true);
    assert.deepEqual([one(run, "aws:kms/key:Key").options.protect, one(run, "aws:kms/key:Key").options.retainOnDelete], [true, true]);
    const efs = one(run, "aws:efs/fileSystem:FileSystem");
    assert.deepEqual([efs.options.protect, efs.options.retainOnDelete], [true, true]);
  });

  it("drops protection and deletion protection with protect: false, but still keeps the key on delete", async () => {
    const { run: dev } = await renderEks(eksArgs({}, { protect: false }));
    assert.equal(cluster(dev).options.protect, false);
    assert.equal(cluster(dev).inputs.deletionProtection, false);
    assert.deepEqual([one(dev, "aws:kms/key:Key").options.protect, one(dev, "aws:kms/key:Key").options.retainOnDelete], [false, true]);
    assert.equal(one(dev, "aws:efs/fileSystem:FileSystem").options.protect, false);
  });

  it("returns the kubeconfig as a secret that authenticates with aws eks get-token", async () => {
    assert.equal(await pulumi.isSecret(eks.kubeconfig), true);
    const config = JSON.parse(await new Promise<string>((resolve) => eks.kubeconfig.apply(resolve)));
    assert.match(config.clusters[0].cluster.server, /^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
    assert.deepEqual(config.users[0].user.exec.args, ["eks", "get-token", "--cluster-name", "ml-dev", "--region", "us-east-1", "--output", "json"]);
  });

  it("hands the provider a secret kubeconfig, pins it to the cluster ARN and waits for the admin access entry", () => {
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.ok(isSecretValue(provider.inputs.kubeconfig));
    assert.match(String(unwrapSecrets(provider.inputs.kubeconfig)), /"command":"aws"/);
    assert.equal(provider.inputs.clusterIdentifier, "arn:aws:eks:us-east-1:123456789012:cluster/ml-dev");
    const association = one(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    assert.ok(provider.options.dependsOn?.includes(association.urn));
  });

  it("sends every Kubernetes resource through that provider and deletes it with the cluster", () => {
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.deepEqual(kubernetesWithoutProvider(run), []);
    const inCluster = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.equal(inCluster.length, 4);
    for (const r of inCluster) {
      assert.equal(r.provider, provider.urn, r.name);
      assert.equal(r.options.deletedWith, cluster(run).urn, r.name);
    }
  });
});
