import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { GKE_CLUSTER_IGNORE_CHANGES, GkeCluster } from "../../../../components/cluster/gcp";
import { NODE_SA_ROLES } from "../../../../components/cluster/gcp/gke-facts";
import { FAKE_GCP_PROJECT, FAKE_GCP_PROJECT_NUMBER } from "../../../../cli/engine/answers/gcp";
import { allowLbIngress, ingressFrom, internalService } from "../../../helpers/load-balancer";
import { MockRun, input, isSecretValue, kubernetesWithoutProvider, ofType, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { GCP_CONFIG, gcpSpec, gkeArgs, renderGke, valueOf } from "./fixtures";

const CLUSTER = "gcp:container/cluster:Cluster";

function typeCounts(run: MockRun): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of run.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

describe("GkeCluster", () => {
  let run: MockRun;
  let component: GkeCluster;

  before(async () => {
    const out: { cluster?: GkeCluster } = {};
    run = await renderGke(gkeArgs(), { out });
    component = out.cluster!;
  });

  describe("resource graph", () => {
    it("registers exactly the network, identity, keys, cluster, three pools, provider and two storage classes", () => {
      assert.deepEqual(typeCounts(run), {
        "ml-clusters:cluster:GkeCluster": 1,
        "gcp:projects/service:Service": 5,
        "gcp:serviceaccount/account:Account": 1,
        "gcp:projects/iAMMember:IAMMember": 5,
        "gcp:kms/keyRing:KeyRing": 1,
        "gcp:kms/cryptoKey:CryptoKey": 2,
        "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": 2,
        "gcp:compute/network:Network": 1,
        "gcp:compute/subnetwork:Subnetwork": 1,
        "gcp:compute/router:Router": 1,
        "gcp:compute/routerNat:RouterNat": 1,
        "gcp:container/cluster:Cluster": 1,
        "gcp:container/nodePool:NodePool": 3,
        "pulumi:providers:kubernetes": 1,
        "kubernetes:storage.k8s.io/v1:StorageClass": 2,
      });
    });

    it("parents every child to the component and derives its name from the component's", () => {
      const root = one(run, "ml-clusters:cluster:GkeCluster");
      for (const r of run.resources.filter((x) => x !== root)) {
        assert.equal(r.parent, root.urn, r.name);
        assert.ok(r.name === "ml-dev" || r.name.startsWith("ml-dev-"), r.name);
      }
    });

    it("keeps node pools out of the cluster resource", () => {
      const cluster = one(run, CLUSTER);
      assert.equal(input(cluster, "nodePools"), undefined);
      assert.equal(input(cluster, "removeDefaultNodePool"), true);
      assert.equal(input(cluster, "initialNodeCount"), 1);
    });

    it("enables the APIs the cluster needs and leaves them on when destroyed", () => {
      const services = ofType(run, "gcp:projects/service:Service");
      assert.deepEqual(services.map((s) => input(s, "service")).sort(), [
        "cloudkms.googleapis.com",
        "compute.googleapis.com",
        "container.googleapis.com",
        "file.googleapis.com",
        "iam.googleapis.com",
      ]);
      services.forEach((s) => assert.equal(input(s, "disableOnDestroy"), false));
    });
  });

  describe("secure defaults", () => {
    it("makes the API endpoint private and the nodes private when apiAccess is absent", () => {
      const c = one(run, CLUSTER);
      assert.deepEqual(input(c, "privateClusterConfig"), {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: "10.0.255.240/28",
        masterGlobalAccessConfig: { enabled: false },
      });
      assert.deepEqual(input(c, "masterAuthorizedNetworksConfig"), { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
    });

    it("opens the public endpoint to the apiAccess networks only", async () => {
      const open = await renderGke(gkeArgs({ spec: gcpSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] } }) }));
      const c = one(open, CLUSTER);
      assert.equal(input(c, "privateClusterConfig.enablePrivateEndpoint"), false);
      assert.equal(input(c, "privateClusterConfig.enablePrivateNodes"), true);
      assert.deepEqual(input(c, "masterAuthorizedNetworksConfig"), {
        cidrBlocks: [
          { cidrBlock: "203.0.113.0/24", displayName: "apiAccess-0" },
          { cidrBlock: "198.51.100.0/24", displayName: "apiAccess-1" },
        ],
        gcpPublicCidrsAccessEnabled: false,
      });
      assert.ok(isSecretValue(open.outputs.kubeconfig), "the kubeconfig output is secret");
      const kubeconfig = String(unwrapSecrets(open.outputs.kubeconfig));
      assert.match(kubeconfig, /server: https:\/\/34\.118\.20\.7\n/);
    });

    it("lets private networks (behind a VPN, or another subnet) in through the private endpoint only, keeping the public endpoint closed", async () => {
      const vpn = await renderGke(gkeArgs({ spec: gcpSpec({ apiAccess: { allowedCidrs: ["10.20.0.0/16", "100.64.8.0/24"] } }) }));
      const c = one(vpn, CLUSTER);
      assert.equal(input(c, "privateClusterConfig.enablePrivateEndpoint"), true);
      assert.deepEqual(input(c, "masterAuthorizedNetworksConfig"), {
        cidrBlocks: [
          { cidrBlock: "10.20.0.0/16", displayName: "apiAccess-0" },
          { cidrBlock: "100.64.8.0/24", displayName: "apiAccess-1" },
        ],
        gcpPublicCidrsAccessEnabled: false,
        privateEndpointEnforcementEnabled: true,
      });
      assert.match(String(unwrapSecrets(vpn.outputs.kubeconfig)), /server: https:\/\/10\.0\.255\.242\n/, "kubectl goes to the private endpoint");
    });

    it("opens the public endpoint for the public ranges of a mixed list, and guards the private endpoint with the whole list", async () => {
      const mixed = await renderGke(gkeArgs({ spec: gcpSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "192.168.50.0/24"] } }) }));
      const c = one(mixed, CLUSTER);
      assert.equal(input(c, "privateClusterConfig.enablePrivateEndpoint"), false);
      assert.deepEqual(input(c, "masterAuthorizedNetworksConfig"), {
        cidrBlocks: [
          { cidrBlock: "203.0.113.0/24", displayName: "apiAccess-0" },
          { cidrBlock: "192.168.50.0/24", displayName: "apiAccess-1" },
        ],
        gcpPublicCidrsAccessEnabled: false,
        privateEndpointEnforcementEnabled: true,
      });
      assert.match(String(unwrapSecrets(mixed.outputs.kubeconfig)), /server: https:\/\/34\.118\.20\.7\n/);
    });

    it("turns on Workload Identity with the project's pool and the GKE metadata server", () => {
      const c = one(run, CLUSTER);
      assert.deepEqual(input(c, "workloadIdentityConfig"), { workloadPool: `${FAKE_GCP_PROJECT}.svc.id.goog` });
      for (const pool of ofType(run, "gcp:container/nodePool:NodePool")) {
        assert.deepEqual(input(pool, "nodeConfig.workloadMetadataConfig"), { mode: "GKE_METADATA" }, pool.name);
      }
    });

    it("encrypts Secrets with a rotating customer key the GKE service agent may use", () => {
      const c = one(run, CLUSTER);
      const key = one(run, "gcp:kms/cryptoKey:CryptoKey", "ml-dev-secrets-key");
      const ring = one(run, "gcp:kms/keyRing:KeyRing");
      assert.equal(input(ring, "location"), "us-central1");
      assert.equal(input(key, "rotationPeriod"), "7776000s");
      assert.equal(input(key, "purpose"), "ENCRYPT_DECRYPT");
      const keyName = input(c, "databaseEncryption.keyName");
      assert.match(keyName, /^projects\/ml-clusters-project\/locations\/us-central1\/keyRings\/ml-dev-keys-[0-9a-f]{7}\/cryptoKeys\/ml-dev-secrets-key-[0-9a-f]{7}$/);
      assert.equal(input(c, "databaseEncryption.state"), "ENCRYPTED");
      const grant = one(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "ml-dev-secrets-key-gke-agent");
      assert.deepEqual(grant.inputs, {
        cryptoKeyId: keyName,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: `serviceAccount:service-${FAKE_GCP_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
      });
      assert.ok(c.options.dependsOn?.includes(grant.urn), "the cluster waits for the key grant");
    });

    it("encrypts every node's boot disk with the disk key the Compute Engine agent may use", () => {
      const grant = one(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "ml-dev-disk-key-compute-agent");
      assert.equal(input(grant, "member"), `serviceAccount:service-${FAKE_GCP_PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com`);
      for (const pool of ofType(run, "gcp:container/nodePool:NodePool")) {
        assert.equal(input(pool, "nodeConfig.bootDiskKmsKey"), input(grant, "cryptoKeyId"), pool.name);
        assert.ok(pool.options.dependsOn?.includes(grant.urn), pool.name);
      }
    });

    it("enforces network policy with Dataplane V2 and keeps the Calico add-on off", () => {
      const c = one(run, CLUSTER);
      assert.equal(input(c, "datapathProvider"), "ADVANCED_DATAPATH");
      assert.deepEqual(input(c, "addonsConfig.networkPolicyConfig"), { disabled: true });
      assert.equal(input(c, "networkPolicy"), undefined);
    });

    it("turns off client certificates and legacy ABAC, turns on shielded nodes and control-plane logs", () => {
      const c = one(run, CLUSTER);
      assert.deepEqual(input(c, "masterAuth"), { clientCertificateConfig: { issueClientCertificate: false } });
      assert.equal(input(c, "enableLegacyAbac"), false);
      assert.equal(input(c, "enableShieldedNodes"), true);
      assert.deepEqual(input(c, "loggingConfig.enableComponents"), ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]);
      assert.deepEqual(input(c, "monitoringConfig"), { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: false } });
    });

    it("protects the cluster from deletion in GKE and in Pulumi, and can be told not to", async () => {
      const c = one(run, CLUSTER);
      assert.equal(input(c, "deletionProtection"), true);
      assert.equal(c.options.protect, true);
      const unprotected = await renderGke(gkeArgs({ spec: gcpSpec({ protect: false }) }));
      assert.equal(input(one(unprotected, CLUSTER), "deletionProtection"), false);
      assert.equal(one(unprotected, CLUSTER).options.protect, false);
      ofType(unprotected, "gcp:kms/cryptoKey:CryptoKey").forEach((k) => assert.equal(k.options.protect, false));
    });

    it("follows the REGULAR channel, creates at the spec's version and leaves later versions to the channel", () => {
      const c = one(run, CLUSTER);
      assert.deepEqual(input(c, "releaseChannel"), { channel: "REGULAR" });
      assert.equal(input(c, "minMasterVersion"), "1.35");
      assert.deepEqual(c.options.ignoreChanges, [...GKE_CLUSTER_IGNORE_CHANGES]);
      assert.deepEqual(GKE_CLUSTER_IGNORE_CHANGES, ["nodeConfig", "nodePools", "initialNodeCount", "minMasterVersion", "nodeVersion"]);
    });

    it("hardens even the short-lived default pool: own service account, no legacy metadata", () => {
      const c = one(run, CLUSTER);
      assert.deepEqual(input(c, "nodeConfig"), {
        serviceAccount: `ml-dev-nodes@${FAKE_GCP_PROJECT}.iam.gserviceaccount.com`,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        imageType: "COS_CONTAINERD",
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
      });
    });

    it("gives nodes a dedicated service account with only the node roles", () => {
      const sa = one(run, "gcp:serviceaccount/account:Account");
      assert.equal(input(sa, "accountId"), "ml-dev-nodes");
      const grants = ofType(run, "gcp:projects/iAMMember:IAMMember");
      assert.deepEqual(grants.map((g) => input(g, "role")).sort(), [...NODE_SA_ROLES].sort());
      grants.forEach((g) => {
        assert.equal(input(g, "member"), `serviceAccount:ml-dev-nodes@${FAKE_GCP_PROJECT}.iam.gserviceaccount.com`);
        assert.equal(input(g, "project"), FAKE_GCP_PROJECT);
      });
      assert.ok(!grants.some((g) => /editor|owner|admin/i.test(input(g, "role"))));
    });

    it("builds a VPC without default subnets, with Private Google Access, flow logs and Cloud NAT", () => {
      assert.equal(input(one(run, "gcp:compute/network:Network"), "autoCreateSubnetworks"), false);
      const subnet = one(run, "gcp:compute/subnetwork:Subnetwork");
      assert.equal(input(subnet, "ipCidrRange"), "10.0.128.0/19");
      assert.deepEqual(input(subnet, "secondaryIpRanges"), [
        { rangeName: "pods", ipCidrRange: "10.0.0.0/17" },
        { rangeName: "services", ipCidrRange: "10.0.160.0/20" },
      ]);
      assert.equal(input(subnet, "privateIpGoogleAccess"), true);
      assert.deepEqual(input(subnet, "logConfig"), { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" });
      const nat = one(run, "gcp:compute/routerNat:RouterNat");
      assert.equal(input(nat, "sourceSubnetworkIpRangesToNat"), "ALL_SUBNETWORKS_ALL_IP_RANGES");
      assert.equal(input(nat, "natIpAllocateOption"), "AUTO_ONLY");
      const c = one(run, CLUSTER);
      assert.equal(input(c, "subnetwork"), `https://www.googleapis.com/compute/v1/projects/${FAKE_GCP_PROJECT}/regions/us-central1/subnetworks/${input(c, "subnetwork").split("/").pop()}`);
      assert.deepEqual(input(c, "ipAllocationPolicy"), { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
    });

    it("uses an existing subnetwork and its named ranges without creating a network", async () => {
      const link = "projects/host-project/regions/us-central1/subnetworks/gke-subnet";
      const existing = await renderGke(gkeArgs({ spec: gcpSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: [link] } }) }));
      assert.equal(ofType(existing, "gcp:compute/network:Network").length, 0);
      assert.equal(ofType(existing, "gcp:compute/routerNat:RouterNat").length, 0);
      const c = one(existing, CLUSTER);
      assert.equal(input(c, "subnetwork"), `https://www.googleapis.com/compute/v1/${link}`);
      assert.equal(input(c, "network"), "https://www.googleapis.com/compute/v1/projects/host-project/global/networks/shared-vpc");
      const shared = one(existing, "kubernetes:storage.k8s.io/v1:StorageClass", "ml-dev-shared-file");
      assert.equal(input(shared, "parameters.network"), "shared-vpc");
    });

    it("throws while rendering when the existing subnetwork lacks the named ranges, as an error Pulumi shows without a stack trace", async () => {
      const link = "projects/host-project/regions/us-central1/subnetworks/gke-subnet";
      await assert.rejects(
        renderGke(gkeArgs({ podsRangeName: "gke-pods", spec: gcpSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: [link] } }) })),
        (e: unknown) =>
          pulumi.RunError.isInstance(e) &&
          /subnetwork "gke-subnet" has no secondary range "gke-pods" \(it has: pods, services\); add the ranges, or name the ones it has with podsRangeName and servicesRangeName/.test(e.message),
      );
    });

    it("can enforce Binary Authorization, off by default", async () => {
      assert.deepEqual(input(one(run, CLUSTER), "binaryAuthorization"), { evaluationMode: "DISABLED" });
      const enforced = await renderGke(gkeArgs({ binaryAuthorization: true }));
      assert.deepEqual(input(one(enforced, CLUSTER), "binaryAuthorization"), { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
    });
  });

  describe("resource options", () => {
    it("protects and keeps the encryption keys and their ring", () => {
      for (const r of [...ofType(run, "gcp:kms/cryptoKey:CryptoKey"), one(run, "gcp:kms/keyRing:KeyRing")]) {
        assert.equal(r.options.protect, true, r.name);
        assert.equal(r.options.retainOnDelete, true, r.name);
      }
    });

    it("never sets deleteBeforeReplace or replaceOnChanges on the cluster or a node pool", () => {
      for (const r of [one(run, CLUSTER), ...ofType(run, "gcp:container/nodePool:NodePool")]) {
        assert.equal(r.options.deleteBeforeReplace, undefined, r.name);
        assert.equal(r.options.replaceOnChanges, undefined, r.name);
      }
    });

    it("marks the cluster's masterAuth block secret", () => {
      assert.ok(one(run, CLUSTER).options.additionalSecretOutputs?.includes("masterAuth"));
    });
  });

  describe("kubeconfig and provider", () => {
    it("returns the kubeconfig as a secret with exec auth and no token", async () => {
      assert.equal(await pulumi.isSecret(component.kubeconfig), true);
      const text = await valueOf(component.kubeconfig);
      assert.match(text, /command: gke-gcloud-auth-plugin\n/);
      assert.match(text, /provideClusterInfo: true\n/);
      assert.match(text, /server: https:\/\/10\.0\.255\.242\n/);
      assert.match(text, /certificate-authority-data: LS0t/);
      assert.doesNotMatch(text, /token|client-key|password/);
      assert.match(text, /current-context: gke_ml-clusters-project_us-central1_ml-dev-[0-9a-f]{7}\n/);
    });

    it("builds the Kubernetes provider from the secret kubeconfig, pinned to the cluster's id, after the node pools", async () => {
      const p = one(run, "pulumi:providers:kubernetes");
      assert.equal(input(p, "clusterIdentifier"), await valueOf(component.clusterResource.id));
      assert.match(String(unwrapSecrets(p.inputs.kubeconfig)), /gke-gcloud-auth-plugin/);
      assert.notEqual(typeof p.inputs.kubeconfig, "string", "the kubeconfig input stays a secret");
      assert.deepEqual(p.options.dependsOn, ofType(run, "gcp:container/nodePool:NodePool").map((x) => x.urn).sort());
    });

    it("gives every Kubernetes resource the explicit provider", () => {
      assert.deepEqual(kubernetesWithoutProvider(run), []);
      const p = one(run, "pulumi:providers:kubernetes");
      ofType(run, "kubernetes:storage.k8s.io/v1:StorageClass").forEach((s) => assert.equal(s.provider, p.urn));
    });
  });

  describe("contract", () => {
    it("exposes the cluster, GKE's internal LB annotation, no public one, and GKE's driver path", async () => {
      assert.equal(await valueOf(component.name), "ml-dev-ac180b0");
      assert.deepEqual(component.internalLoadBalancerAnnotations, { "networking.gke.io/load-balancer-type": "Internal" });
      assert.deepEqual(component.publicLoadBalancerAnnotations, {});
      assert.deepEqual(component.gpuDriver, { driverRoot: "/home/kubernetes/bin/nvidia", devicePluginManaged: true });
      assert.deepEqual(component.storageClasses, { checkpoint: "ml-checkpoint", sharedFile: "ml-shared-file" });
      assert.deepEqual(component.system, { nodeSelector: { "ml-clusters.io/pool": "system" }, tolerations: [] });
      assert.equal(component.ready.length, 5);
    });
  });

  it("renders in preview mode too", async () => {
    const preview = await renderGke(gkeArgs(), { preview: true });
    assert.deepEqual(typeCounts(preview), typeCounts(run));
    assert.equal(input(one(preview, CLUSTER), "datapathProvider"), "ADVANCED_DATAPATH");
  });
});

describe("GkeCluster's internal load balancer sources", () => {
  const PRIVATE_SPACE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

  async function policyOn(args: ReturnType<typeof gkeArgs>): Promise<unknown> {
    const run = await render(
      () => {
        internalService(new GkeCluster("ml-dev", args));
        return {};
      },
      { config: GCP_CONFIG },
    );
    return allowLbIngress(run);
  }

  it("admits an internal service's load balancer from the private address space its clients keep, not Google's health-check ranges", async () => {
    assert.deepEqual(await policyOn(gkeArgs()), ingressFrom(PRIVATE_SPACE));
  });

  it("reads an existing subnetwork's range and adds nothing for one inside the private space", async () => {
    const link = "projects/host-project/regions/us-central1/subnetworks/gke-subnet";
    assert.deepEqual(await policyOn(gkeArgs({ spec: gcpSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: [link] } }) })), ingressFrom(PRIVATE_SPACE));
  });
});
