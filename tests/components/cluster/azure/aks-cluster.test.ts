import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AKS_CLUSTER_TYPE, AksCluster } from "../../../../components/cluster/azure";
import { GPU_MODEL_LABEL } from "../../../../components/cluster/common";
import { POOL_LABEL } from "../../../../components/cluster/contract";
import { stableSuffix } from "../../../../cli/engine/answers/types";
import { FAKE_AZURE_SUBSCRIPTION } from "../../../../cli/engine/answers/azure";
import { allowLbIngress, ingressFrom, internalService } from "../../../helpers/load-balancer";
import { MockRun, RecordedResource, input, isSecretValue, kubernetesWithoutProvider, ofType, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { A100, Built, T4, args, program, spec } from "./fixtures";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const ROLE = "azure-native:authorization:RoleAssignment";

function counts(run: MockRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of run.resources) out[r.type] = (out[r.type] ?? 0) + 1;
  return out;
}

function plain(r: RecordedResource, path: string): any {
  return unwrapSecrets(input(r, path));
}

describe("AksCluster (mock engine)", () => {
  let run: MockRun;
  const built: Built = {};

  before(async () => {
    run = await render(program(args(), built));
  });

  describe("resource graph", () => {
    it("registers exactly the resources of a private cluster with two GPU pools", () => {
      assert.deepEqual(counts(run), {
        [AKS_CLUSTER_TYPE]: 1,
        "azure-native:resources:ResourceGroup": 1,
        "azure-native:network:PublicIPAddress": 1,
        "azure-native:network:NatGateway": 1,
        "azure-native:network:VirtualNetwork": 1,
        "azure-native:network:Subnet": 1,
        "azure-native:managedidentity:UserAssignedIdentity": 2,
        [ROLE]: 4,
        "azure-native:keyvault:Vault": 1,
        "azure-native:keyvault:Key": 1,
        "azure-native:operationalinsights:Workspace": 1,
        "azure-native:monitor:DiagnosticSetting": 1,
        [CLUSTER]: 1,
        [AGENT_POOL]: 2,
        "pulumi:providers:kubernetes": 1,
        "kubernetes:storage.k8s.io/v1:StorageClass": 2,
        "kubernetes:helm.sh/v3:Release": 1,
        "kubernetes:core/v1:ConfigMap": 1,
      });
    });

    it("parents every resource to the component, with names derived from its name", () => {
      const component = one(run, AKS_CLUSTER_TYPE);
      for (const r of run.resources.filter((x) => x !== component)) {
        assert.equal(r.parent, component.urn, `${r.type} ${r.name}`);
        assert.ok(r.name.startsWith("ml-"), r.name);
      }
    });

    it("names the cluster's DNS prefix after the spec and places it in the spec's region", () => {
      assert.equal(input(one(run, CLUSTER), "dnsPrefix"), "ml-dev");
      assert.equal(input(one(run, CLUSTER), "location"), "eastus");
      assert.equal(input(one(run, "azure-native:resources:ResourceGroup"), "location"), "eastus");
    });

    it("keeps GPU pools out of the cluster resource: only the system pool is inline", () => {
      const pools = plain(one(run, CLUSTER), "agentPoolProfiles");
      assert.deepEqual(pools.map((p: any) => [p.name, p.mode]), [["system", "System"]]);
    });
  });

  describe("node pools against the plan", () => {
    const a100 = () => one(run, AGENT_POOL, "ml-a100-80gb-1");
    const t4 = () => one(run, AGENT_POOL, "ml-batch");

    it("gives each planned pool its VM size, User mode, Linux, and the plan's autoscaler bounds", () => {
      for (const [r, vmSize, min, max] of [[a100(), A100, 1, 3], [t4(), T4, 0, 4]] as const) {
        assert.equal(input(r, "vmSize"), vmSize);
        assert.equal(input(r, "mode"), "User");
        assert.equal(input(r, "osType"), "Linux");
        assert.equal(input(r, "osSKU"), "Ubuntu");
        assert.equal(input(r, "type"), "VirtualMachineScaleSets");
        assert.equal(input(r, "enableAutoScaling"), true);
        assert.equal(input(r, "minCount"), min);
        assert.equal(input(r, "maxCount"), max);
        assert.equal(input(r, "count"), min);
      }
    });

    it("scales the Spot pool from zero with AKS's Spot settings and no surge upgrade", () => {
      const r = t4();
      assert.equal(input(r, "minCount"), 0);
      assert.equal(input(r, "scaleSetPriority"), "Spot");
      assert.equal(input(r, "scaleSetEvictionPolicy"), "Delete");
      assert.equal(input(r, "spotMaxPrice"), -1);
      assert.equal(input(r, "upgradeSettings"), undefined);
    });

    it("runs on-demand GPU pools as Regular VMs upgraded one node at a time without a surge VM", () => {
      const r = a100();
      assert.equal(input(r, "scaleSetPriority"), "Regular");
      assert.equal(input(r, "scaleSetEvictionPolicy"), undefined);
      assert.deepEqual(input(r, "upgradeSettings"), { maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30 });
    });

    it("labels the nodes with the pool and GPU model and taints them nvidia.com/gpu=present:NoSchedule", () => {
      assert.deepEqual(input(a100(), "nodeLabels"), { [POOL_LABEL]: "a100-80gb-1", [GPU_MODEL_LABEL]: "a100-80gb" });
      assert.deepEqual(input(t4(), "nodeLabels"), { [POOL_LABEL]: "batch", [GPU_MODEL_LABEL]: "t4" });
      assert.deepEqual(input(a100(), "nodeTaints"), ["nvidia.com/gpu=present:NoSchedule"]);
      assert.deepEqual(input(t4(), "nodeTaints"), ["nvidia.com/gpu=present:NoSchedule"]);
    });

    it("has AKS install the NVIDIA driver and sizes a managed, host-encrypted OS disk for images and weights", () => {
      for (const r of [a100(), t4()]) {
        assert.deepEqual(input(r, "gpuProfile"), { driver: "Install" });
        assert.equal(input(r, "osDiskType"), "Managed");
        assert.equal(input(r, "osDiskSizeGB"), 256);
        assert.equal(input(r, "enableEncryptionAtHost"), true);
        assert.equal(input(r, "maxPods"), 250);
      }
    });

    it("names each AKS pool with at most 12 lower-case letters and digits", () => {
      assert.match(input(a100(), "agentPoolName"), /^a10080gb[0-9a-f]{4}$/);
      assert.match(input(t4(), "agentPoolName"), /^batch[0-9a-f]{4}$/);
    });

    it("attaches the GPU pools to the cluster and the node subnet", () => {
      const clusterName = `ml-aks${stableSuffix("ml-aks")}`;
      assert.equal(run.outputs.name, clusterName);
      for (const r of [a100(), t4()]) {
        assert.equal(input(r, "resourceName"), clusterName);
        assert.equal(input(r, "resourceGroupName"), input(one(run, CLUSTER), "resourceGroupName"));
        assert.equal(input(r, "vnetSubnetID"), `ml-nodes-${stableSuffix("azure-native:network:Subnet/ml-nodes")}`);
      }
    });
  });

  describe("autoscaler", () => {
    it("uses AKS's built-in autoscaler with the priority expander for the plan's spot pool, and GPU-sized delays", () => {
      assert.deepEqual(input(one(run, CLUSTER), "autoScalerProfile"), {
        expander: "priority",
        maxNodeProvisionTime: "25m",
        scaleDownDelayAfterAdd: "15m",
        scaleDownUnneededTime: "15m",
        skipNodesWithLocalStorage: "false",
        skipNodesWithSystemPods: "true",
        balanceSimilarNodeGroups: "false",
      });
    });

    it("leaves the node count to the autoscaler and the version to the upgrade channel", () => {
      for (const r of ofType(run, AGENT_POOL)) assert.deepEqual(r.options.ignoreChanges, ["count", "orchestratorVersion"]);
      assert.deepEqual(one(run, CLUSTER).options.ignoreChanges, ["agentPoolProfiles", "kubernetesVersion"]);
    });

    it("keeps the system pool autoscaled from its minimum, tainted for critical add-ons only", () => {
      const system = plain(one(run, CLUSTER), "agentPoolProfiles")[0];
      assert.equal(system.enableAutoScaling, true);
      assert.equal(system.minCount, 2);
      assert.equal(system.maxCount, 4);
      assert.equal(system.vmSize, "Standard_D4s_v5");
      assert.deepEqual(system.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
    });
  });

  describe("resource options", () => {
    it("protects the cluster, the vault and the key, and retains the key and vault on delete", () => {
      assert.equal(one(run, CLUSTER).options.protect, true);
      assert.deepEqual(
        [one(run, "azure-native:keyvault:Vault").options, one(run, "azure-native:keyvault:Key").options].map((o) => [o.protect, o.retainOnDelete]),
        [[true, true], [true, true]],
      );
    });

    it("never sets deleteBeforeReplace or replaceOnChanges on any resource", () => {
      for (const r of run.resources) {
        assert.equal(r.options.deleteBeforeReplace, undefined, r.name);
        assert.equal(r.options.replaceOnChanges, undefined, r.name);
      }
    });

    it("creates the cluster only after its role assignments and network exist", () => {
      const urn = (type: string, name: string) => one(run, type, name).urn;
      assert.deepEqual(
        one(run, CLUSTER).options.dependsOn,
        [urn(ROLE, "ml-kms-crypto"), urn(ROLE, "ml-kubelet-operator"), urn(ROLE, "ml-network"), urn("azure-native:network:NatGateway", "ml-nat"), urn("azure-native:network:Subnet", "ml-nodes")].sort(),
      );
    });

    it("deletes in-cluster objects and GPU pools with the cluster instead of one by one", () => {
      const cluster = one(run, CLUSTER).urn;
      for (const r of [...ofType(run, AGENT_POOL), ...run.resources.filter((x) => x.type.startsWith("kubernetes:"))]) {
        assert.equal(r.options.deletedWith, cluster, r.name);
      }
    });
  });

  describe("Kubernetes provider and kubeconfig", () => {
    it("gives every Kubernetes resource the cluster's explicit provider", () => {
      const provider = one(run, "pulumi:providers:kubernetes");
      assert.deepEqual(kubernetesWithoutProvider(run), []);
      const k8s = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
      assert.equal(k8s.length, 4);
      for (const r of k8s) assert.equal(r.provider, provider.urn, r.name);
    });

    it("pins the provider to the cluster's ID and waits for the admin role and the GPU pools", () => {
      const provider = one(run, "pulumi:providers:kubernetes");
      assert.match(String(input(provider, "clusterIdentifier")), /^ml-aks-/);
      assert.deepEqual(provider.options.dependsOn, [one(run, ROLE, "ml-deployer-admin").urn, ...ofType(run, AGENT_POOL).map((r) => r.urn)].sort());
    });

    it("hands the provider the kubeconfig as a secret", () => {
      assert.ok(isSecretValue(one(run, "pulumi:providers:kubernetes").inputs.kubeconfig));
    });

    it("exposes the kubeconfig as a secret output that authenticates with kubelogin, with no token", async () => {
      const kubeconfig = built.cluster!.kubeconfig;
      assert.equal(await pulumi.isSecret(kubeconfig), true);
      assert.ok(isSecretValue(run.outputs.kubeconfig), "the stack output stays secret");
      const text = String(unwrapSecrets(run.outputs.kubeconfig));
      assert.match(text, /command: kubelogin/);
      assert.match(text, /- azurecli/);
      assert.match(text, /interactiveMode: Never/);
      assert.doesNotMatch(text, /token:|client-key-data|password/);
    });
  });

  describe("contract", () => {
    it("lists every label and taint of each pool, AKS's own Spot taint included", () => {
      const pools = built.cluster!.pools;
      assert.deepEqual(Object.keys(pools).sort(), ["a100-80gb-1", "batch"]);
      const batch = pools["batch"];
      const name = String(input(one(run, AGENT_POOL, "ml-batch"), "agentPoolName"));
      assert.deepEqual(batch.labels, {
        [POOL_LABEL]: "batch",
        [GPU_MODEL_LABEL]: "t4",
        agentpool: name,
        "kubernetes.azure.com/agentpool": name,
        "kubernetes.azure.com/mode": "user",
        "kubernetes.azure.com/accelerator": "nvidia",
        "kubernetes.azure.com/scalesetpriority": "spot",
      });
      assert.deepEqual(batch.taints, [
        { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
        { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" },
      ]);
      assert.deepEqual(batch.tolerations, [
        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        { key: "kubernetes.azure.com/scalesetpriority", operator: "Exists", effect: "NoSchedule" },
      ]);
      assert.deepEqual(batch.nodeSelector, { [POOL_LABEL]: "batch" });
      assert.equal(batch.instanceType, T4);
      assert.deepEqual(pools["a100-80gb-1"].taints, [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    });

    it("places add-ons on the system pool and names AKS's load-balancer and driver facts", () => {
      const c = built.cluster!;
      assert.deepEqual(c.system, { nodeSelector: { "kubernetes.azure.com/mode": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] });
      assert.deepEqual(c.internalLoadBalancerAnnotations, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
      assert.deepEqual(c.publicLoadBalancerAnnotations, {});
      assert.deepEqual(c.gpuDriver, { driverRoot: "/", devicePluginManaged: false });
      assert.deepEqual(c.storageClasses, { checkpoint: "ml-checkpoint", sharedFile: "ml-shared-file" });
      assert.equal(c.ready.length, 7);
    });

    it("creates a Retain RWO disk class and a Retain RWX NFS file class", () => {
      const [checkpoint, shared] = ["ml-checkpoint", "ml-shared-file"].map((n) => one(run, "kubernetes:storage.k8s.io/v1:StorageClass", n));
      assert.deepEqual(
        [input(checkpoint, "metadata.name"), input(checkpoint, "provisioner"), input(checkpoint, "parameters"), input(checkpoint, "reclaimPolicy"), input(checkpoint, "allowVolumeExpansion"), input(checkpoint, "volumeBindingMode")],
        ["ml-checkpoint", "disk.csi.azure.com", { skuName: "Premium_LRS", networkAccessPolicy: "DenyAll" }, "Retain", true, "WaitForFirstConsumer"],
      );
      assert.deepEqual(
        [input(shared, "metadata.name"), input(shared, "provisioner"), input(shared, "parameters"), input(shared, "reclaimPolicy"), input(shared, "allowVolumeExpansion")],
        ["ml-shared-file", "file.csi.azure.com", { skuName: "Premium_LRS", protocol: "nfs" }, "Retain", true],
      );
      assert.deepEqual(input(one(run, "azure-native:network:Subnet"), "serviceEndpoints"), [{ service: "Microsoft.Storage" }]);
    });

    it("installs the NVIDIA device plugin tolerating AKS's Spot taint", () => {
      const release = one(run, "kubernetes:helm.sh/v3:Release");
      assert.equal(input(release, "chart"), "nvidia-device-plugin");
      assert.deepEqual(input(release, "values.tolerations"), [
        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        { key: "CriticalAddonsOnly", operator: "Exists" },
        { key: "kubernetes.azure.com/scalesetpriority", operator: "Exists", effect: "NoSchedule" },
      ]);
    });
  });
});

describe("AksCluster's internal load balancer sources", () => {
  const PRIVATE_SPACE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

  async function policyOn(a: ReturnType<typeof args>): Promise<unknown> {
    const run = await render(() => {
      internalService(new AksCluster("ml", a));
      return {};
    });
    return allowLbIngress(run);
  }

  it("admits an internal service's load balancer from the private address space its clients keep, and Azure's health probe source", async () => {
    assert.deepEqual(await policyOn(args()), ingressFrom([...PRIVATE_SPACE, "168.63.129.16/32"]));
  });

  it("adds an existing VNet's public prefix, used privately, to what it admits", async () => {
    const subnetId = `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`;
    const a = args({ spec: spec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: [subnetId] } }) });
    assert.deepEqual(await policyOn(a), ingressFrom([...PRIVATE_SPACE, "198.18.0.0/15", "168.63.129.16/32"]));
  });
});
