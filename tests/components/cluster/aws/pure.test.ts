import assert from "node:assert/strict";
import fc from "fast-check";
import { GPU_MODELS } from "../../../../components/catalog/types";
import { AWS_ACCELERATOR_VALUES, eksKubeconfig, nodeTemplateTags, subnetLayout } from "../../../../components/cluster/aws";
import { eksTaint } from "../../../../components/cluster/aws/node-template";
import { isArmInstanceType, tagSlug, workerAmiType } from "../../../../components/cluster/aws/node-pools";
import { expanderPriorities, poolAsgPattern } from "../../../../components/cluster/aws/autoscaler";
import { awsPlan, CPU_AND_SPOT_POOLS } from "./fixtures";
import { planPool } from "../../../helpers/builders";
import { parseIpv4Cidr } from "../../../../components/cluster/aws/subnets";
import { GPU_TAINT } from "../../../../components/cluster/common";

describe("EKS subnet layout", () => {
  it("gives a /16 VPC three /18 private subnets and three /22 public ones in the last quarter", () => {
    assert.deepEqual(subnetLayout("10.0.0.0/16", 3), {
      private: ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"],
      public: ["10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"],
    });
  });

  it("throws for a layout validation would have rejected", () => {
    assert.throws(() => subnetLayout("10.0.0.0/24", 3), /unsupported VPC 10\.0\.0\.0\/24 with 3 zone\(s\)/);
  });

  it("keeps every subnet inside the VPC, aligned to its size and disjoint from the others", () => {
    const vpc = fc.record({ a: fc.integer({ min: 0, max: 255 }), b: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 16, max: 20 }), zones: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(vpc, ({ a, b, prefix, zones }) => {
        const size = 2 ** (32 - prefix);
        const start = Math.floor((a * 2 ** 24 + b * 2 ** 16) / size) * size;
        const octets = [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join(".");
        const layout = subnetLayout(`${octets}/${prefix}`, zones);
        const ranges = [...layout.private, ...layout.public].map((c) => {
          const [addr, p] = parseIpv4Cidr(c)!;
          return [addr, addr + 2 ** (32 - p)] as const;
        });
        assert.equal(ranges.length, 2 * zones);
        for (const [lo, hi] of ranges) {
          assert.ok(lo >= start && hi <= start + size, "inside the VPC");
          assert.equal(lo % (hi - lo), 0, "aligned");
        }
        const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i][0] >= sorted[i - 1][1], "disjoint");
      }),
    );
  });
});

describe("EKS kubeconfig", () => {
  it("authenticates with aws eks get-token for the cluster and region, and holds no token or key", () => {
    const text = eksKubeconfig({ clusterName: "ml-dev", endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "us-east-1" });
    const config = JSON.parse(text);
    assert.deepEqual(config.clusters, [{ name: "ml-dev", cluster: { server: "https://ABC.gr7.us-east-1.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }]);
    assert.equal(config["current-context"], "ml-dev");
    assert.deepEqual(config.users, [
      {
        name: "ml-dev",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", "ml-dev", "--region", "us-east-1", "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ]);
    assert.doesNotMatch(text, /"token"|client-key|password/);
  });
});

describe("EKS node templates", () => {
  it("spells the GPU taint the way the EKS API wants it", () => {
    assert.deepEqual(eksTaint(GPU_TAINT), { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" });
    assert.deepEqual(eksTaint({ key: "k", effect: "PreferNoSchedule" }), { key: "k", effect: "PREFER_NO_SCHEDULE" });
    assert.deepEqual(eksTaint({ key: "k", value: "v", effect: "NoExecute" }), { key: "k", value: "v", effect: "NO_EXECUTE" });
  });

  it("gives every GPU model a distinct NVIDIA accelerator label value", () => {
    const values = GPU_MODELS.map((m) => AWS_ACCELERATOR_VALUES[m]);
    assert.equal(new Set(values).size, GPU_MODELS.length);
    for (const v of values) assert.match(v, /^nvidia-[a-z0-9-]+$/);
  });

  it("tags labels, taints, GPUs and 80% of the root volume for scale-from-zero", () => {
    assert.deepEqual(nodeTemplateTags({ labels: { "ml-clusters.io/pool": "l4-1" }, taints: [GPU_TAINT], gpusPerNode: 4, rootVolumeGiB: 200 }), {
      "k8s.io/cluster-autoscaler/node-template/label/ml-clusters.io/pool": "l4-1",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "4",
      "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage": "160Gi",
    });
  });

  it("tags no GPU resource for a CPU pool, so CA takes the type's zero GPUs", () => {
    assert.deepEqual(nodeTemplateTags({ labels: { "ml-clusters.io/pool": "cpu-1" }, taints: [], gpusPerNode: 0, rootVolumeGiB: 50 }), {
      "k8s.io/cluster-autoscaler/node-template/label/ml-clusters.io/pool": "cpu-1",
      "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage": "40Gi",
    });
  });

  it("names tag resources after the tag key without the common prefix", () => {
    assert.equal(tagSlug("k8s.io/cluster-autoscaler/node-template/label/ml-clusters.io/pool"), "label-ml-clusters-io-pool");
    assert.equal(tagSlug("k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"), "resources-nvidia-com-gpu");
  });

  it("recognises Graviton system types and leaves x86 and GPU types alone", () => {
    assert.deepEqual(
      ["m7g.large", "c6gn.xlarge", "t4g.medium", "m6i.xlarge", "g6.xlarge", "m7i-flex.large"].map(isArmInstanceType),
      [true, true, true, false, false, false],
    );
  });
});

describe("EKS worker AMIs and CA's priority expander", () => {
  it("runs GPU pools on the NVIDIA AMI and CPU pools on the standard AMI of their architecture", () => {
    assert.equal(workerAmiType(planPool()), "AL2023_x86_64_NVIDIA");
    assert.equal(workerAmiType(planPool({ gpu: null, instanceType: "m7i.xlarge", gpusPerNode: 0 })), "AL2023_x86_64_STANDARD");
    assert.equal(workerAmiType(planPool({ gpu: null, instanceType: "m7g.xlarge", gpusPerNode: 0 })), "AL2023_ARM_64_STANDARD");
  });

  it("matches a pool's ASG by EKS's name and the provider's 26-character suffix, not a pool whose name extends it", () => {
    const spot = new RegExp(poolAsgPattern("l4-spot-1"));
    assert.equal(spot.test("eks-l4-spot-1-2026120219000000000000000a-5ecf1c2d-0d6e-4b8e-9a43-0123456789ab"), true);
    assert.equal(spot.test("eks-l4-spot-1-fallback-2026120219000000000000000b-5ecf1c2d-0d6e-4b8e-9a43-0123456789ab"), false);
    assert.equal(spot.test("eks-l4-spot-12-2026120219000000000000000c-5ecf1c2d-0d6e-4b8e-9a43-0123456789ab"), false);
  });

  it("prefers every Spot pool over the catch-all, and has only the catch-all without Spot pools", () => {
    assert.deepEqual(expanderPriorities(awsPlan(CPU_AND_SPOT_POOLS)), { 10: [".*"], 50: ["^eks-cpu-spot-1-[0-9a-f]{26}-", "^eks-l4-spot-1-[0-9a-f]{26}-"] });
    assert.deepEqual(expanderPriorities(awsPlan([planPool()])), { 10: [".*"] });
  });
});
