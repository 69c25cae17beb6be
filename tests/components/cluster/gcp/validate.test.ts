import assert from "node:assert/strict";
import { BadInputError } from "../../../../components/bad-input";
import {
  GkeCluster,
  checkApiAccess,
  checkCloudAndRegion,
  checkComponentName,
  checkDriverVersion,
  checkGpuPools,
  checkNetwork,
  checkSpotFallbacks,
  checkWorkerPools,
  checkProject,
  checkSystemPool,
  gkeClusterProblems,
} from "../../../../components/cluster/gcp";
import { render } from "../../../helpers/mocks";
import { CPU_POOL, GCP_CONFIG, gcpPlan, gcpPool, gcpSpec, gkeArgs, SPOT_PAIR } from "./fixtures";

describe("GkeCluster argument checks", () => {
  it("accepts the default spec with an L4 and an A100 pool", () => {
    assert.deepEqual(gkeClusterProblems({ name: "ml-dev", project: "ml-clusters-project", args: gkeArgs() }), []);
  });

  describe("name and project", () => {
    it("rejects a component name GKE cannot hold with Pulumi's suffix", () => {
      assert.deepEqual(checkComponentName("a-very-long-platform-name-for-gke-x"), [
        {
          path: "name",
          message:
            'must be a lower-case DNS label of at most 32 characters (a letter first, then letters, digits and "-"), got "a-very-long-platform-name-for-gke-x": ' +
            "GKE cluster names stop at 40 characters and Pulumi adds an 8-character suffix; choose a shorter name",
        },
      ]);
      assert.equal(checkComponentName("ML_dev").length, 1);
      assert.deepEqual(checkComponentName("a".repeat(32)), []);
    });

    it("rejects a missing project and says where to set it", () => {
      assert.deepEqual(checkProject(undefined), [
        { path: "project", message: 'no GCP project given: set it in the stack config ("pulumi config set gcp:project <project-id>") or pass GkeClusterArgs.project' },
      ]);
    });

    it("rejects a project number or display name in place of the project ID", () => {
      assert.deepEqual(checkProject("123456789012"), [
        { path: "project", message: 'must be a GCP project ID (6 to 30 lower-case letters, digits and "-", a letter first), got "123456789012"; use the project ID, not its display name or number' },
      ]);
    });
  });

  describe("cloud and region", () => {
    it("rejects a spec for another cloud, an unknown region and a plan made for elsewhere", () => {
      const spec = gcpSpec({ cloud: "aws", region: "us-centrall1" });
      assert.deepEqual(checkCloudAndRegion(spec, gcpPlan([])), [
        { path: "cloud", message: 'a GkeCluster builds GKE on gcp, got cloud "aws"; use the cluster component of that cloud' },
        { path: "region", message: '"us-centrall1" is not a GCP region the catalogue knows; did you mean "us-central1"? (regions: ml-clusters catalog gcp)' },
        { path: "plan", message: "the capacity plan is for gcp/us-central1 but the spec is for aws/us-centrall1; plan again with this spec" },
      ]);
    });
  });

  describe("API access", () => {
    it("accepts no apiAccess (private endpoint) and narrow CIDRs", () => {
      assert.deepEqual(checkApiAccess(gcpSpec()), []);
      assert.deepEqual(checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "10.0.0.0/8"] } })), []);
    });

    it("accepts private and shared ranges: on GKE they are the networks let in through the private endpoint", () => {
      assert.deepEqual(checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: ["10.20.0.0/16", "172.16.0.0/12", "192.168.1.0/24", "100.64.0.0/10"] } })), []);
    });

    it("rejects an open endpoint (0.0.0.0/0) and the two-halves trick", () => {
      const problems = checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: ["0.0.0.0/0", "128.0.0.0/1"] } }));
      assert.deepEqual(problems, [
        {
          path: "apiAccess.allowedCidrs[0]",
          message:
            '"0.0.0.0/0" opens the Kubernetes API to the internet (CIS GKE 5.6.3): prefixes shorter than /8 are refused; ' +
            "list only the networks that run kubectl or Pulumi, or remove apiAccess for a private endpoint",
        },
        {
          path: "apiAccess.allowedCidrs[1]",
          message:
            '"128.0.0.0/1" opens the Kubernetes API to the internet (CIS GKE 5.6.3): prefixes shorter than /8 are refused; ' +
            "list only the networks that run kubectl or Pulumi, or remove apiAccess for a private endpoint",
        },
      ]);
    });

    it("rejects IPv6, malformed and host-bit CIDRs, and an empty list", () => {
      assert.deepEqual(checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: ["2001:db8::/32", "10.0.0/8", "203.0.113.7/24"] } })), [
        { path: "apiAccess.allowedCidrs[0]", message: 'must be an IPv4 CIDR, got "2001:db8::/32"; GKE authorised networks are IPv4 only' },
        { path: "apiAccess.allowedCidrs[1]", message: 'must be an IPv4 CIDR, got "10.0.0/8"; use an IPv4 CIDR such as "203.0.113.0/24"' },
        { path: "apiAccess.allowedCidrs[2]", message: '"203.0.113.7/24" has host bits set; GKE wants the network address: use "203.0.113.0/24"' },
      ]);
      assert.deepEqual(checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: [] } })), [
        { path: "apiAccess.allowedCidrs", message: "must list at least one network; remove apiAccess to keep the API endpoint private" },
      ]);
    });

    it("rejects more authorised networks than GKE allows", () => {
      const cidrs = Array.from({ length: 51 }, (_, i) => `10.${i}.0.0/16`);
      assert.deepEqual(checkApiAccess(gcpSpec({ apiAccess: { allowedCidrs: cidrs } })), [
        { path: "apiAccess.allowedCidrs", message: "GKE allows at most 50 authorised networks, got 51; merge neighbouring ranges" },
      ]);
    });
  });

  describe("network", () => {
    const plan = gcpPlan([gcpPool()]);
    it("rejects a public, malformed or too narrow network CIDR", () => {
      assert.deepEqual(checkNetwork(gcpSpec({ network: { cidr: "8.8.0.0/16" } }), plan, gkeArgs()), [
        { path: "network.cidr", message: '"8.8.0.0/16" is not private address space; use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' },
      ]);
      assert.deepEqual(checkNetwork(gcpSpec({ network: { cidr: "10.0.0.0" } }), plan, gkeArgs()), [
        { path: "network.cidr", message: 'must be an IPv4 CIDR such as "10.0.0.0/16", got "10.0.0.0"' },
      ]);
      assert.deepEqual(checkNetwork(gcpSpec({ network: { cidr: "10.0.0.0/20" } }), plan, gkeArgs()), [
        { path: "network.cidr", message: 'must be a /8 to /18 so that nodes, pods, services and the control plane fit, got "10.0.0.0/20"; use e.g. "10.0.0.0/16"' },
      ]);
    });

    it("rejects a network whose pod range cannot hold the plan's peak", () => {
      const big = gcpPlan([gcpPool({ maxNodes: 40 })]);
      assert.deepEqual(checkNetwork(gcpSpec({ network: { cidr: "10.0.0.0/18" } }), big, gkeArgs()), [
        {
          path: "network.cidr",
          message:
            '"10.0.0.0/18" leaves pod addresses for 32 nodes (a /24 each) but the plan can reach 45 ' +
            "(worker pools at maxNodes, the system pool and upgrade surge nodes); use a /17 or wider",
        },
      ]);
    });

    it("rejects several subnetworks, a malformed one and one in another region", () => {
      const spec = gcpSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: ["projects/p/regions/us-east1/subnetworks/a", "b"] } });
      assert.deepEqual(checkNetwork(spec, plan, gkeArgs({ spec })), [
        { path: "network.existingSubnetIds", message: "a GKE cluster lives in one subnetwork, got 2 IDs; give the self link of one subnetwork in us-central1" },
        { path: "network.existingSubnetIds[0]", message: 'is in region "us-east1" but the cluster is in "us-central1"; use a subnetwork of us-central1' },
      ]);
      const bad = gcpSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: ["subnet-123"] } });
      assert.deepEqual(checkNetwork(bad, plan, gkeArgs({ spec: bad })), [
        {
          path: "network.existingSubnetIds[0]",
          message: 'must be a subnetwork self link "projects/<project>/regions/<region>/subnetworks/<name>" (the https://www.googleapis.com/compute/v1/ prefix is optional), got "subnet-123"',
        },
      ]);
    });

    it("rejects range names without an existing subnetwork, and a control-plane range that overlaps the pods", () => {
      assert.deepEqual(checkNetwork(gcpSpec(), plan, gkeArgs({ podsRangeName: "gke-pods", masterCidr: "10.0.0.16/28" })), [
        { path: "podsRangeName", message: 'applies only with network.existingSubnetIds (the package names the ranges of its own subnetwork), got "gke-pods"; remove it' },
        { path: "masterCidr", message: '"10.0.0.16/28" overlaps the pods range 10.0.0.0/17; use a /28 outside it, e.g. the default 10.0.255.240/28' },
      ]);
      assert.deepEqual(checkNetwork(gcpSpec(), plan, gkeArgs({ masterCidr: "172.16.0.0/24" })), [
        { path: "masterCidr", message: 'must be a private IPv4 /28 network address such as "172.16.0.32/28", got "172.16.0.0/24"' },
      ]);
    });
  });

  describe("system pool", () => {
    it("rejects a GPU machine, an unknown machine and bounds without a node", () => {
      assert.deepEqual(checkSystemPool(gcpSpec({ systemPool: { instanceType: "g2-standard-4", minNodes: 0, maxNodes: 0 } })), [
        {
          path: "systemPool.instanceType",
          message: '"g2-standard-4" is a GPU machine type; the system pool runs add-ons on CPU machines: use one of e2-standard-2, e2-standard-4, e2-standard-8, n2-standard-4, n2-standard-8',
        },
        { path: "systemPool.minNodes", message: "must be a whole number of at least 1 (add-ons need a node to run on), got 0" },
        { path: "systemPool.maxNodes", message: "must be a whole number no smaller than systemPool.minNodes (0), got 0" },
      ]);
      assert.deepEqual(checkSystemPool(gcpSpec({ systemPool: { instanceType: "e2-standrd-4", minNodes: 2, maxNodes: 4 } })), [
        {
          path: "systemPool.instanceType",
          message:
            '"e2-standrd-4" is not a GCP system machine type in the catalogue; did you mean "e2-standard-4"?; use one of e2-standard-2, e2-standard-4, e2-standard-8, n2-standard-4, n2-standard-8',
        },
      ]);
    });
  });

  describe("GPU pools", () => {
    it("rejects a GPU pool on a machine type without GPUs", () => {
      assert.deepEqual(checkGpuPools(gcpSpec(), gcpPlan([gcpPool({ instanceType: "e2-standard-4" })])), [
        {
          path: "plan.pools[0].instanceType",
          message: '"e2-standard-4" has no GPUs; a GPU pool needs a GPU machine type such as "g2-standard-8" (list: ml-clusters catalog gcp)',
        },
      ]);
    });

    it("rejects a machine type the catalogue does not know, with a suggestion", () => {
      assert.deepEqual(checkGpuPools(gcpSpec(), gcpPlan([gcpPool({ instanceType: "g2-standard-9" })])), [
        {
          path: "plan.pools[0].instanceType",
          message: '"g2-standard-9" is not a GCP GPU machine type in the catalogue; did you mean "g2-standard-96"? (list: ml-clusters catalog gcp); plan again',
        },
      ]);
    });

    it("rejects a GPU that the region does not offer", () => {
      const spec = gcpSpec({ region: "us-west2" });
      const problems = checkGpuPools(spec, gcpPlan([gcpPool()], "us-west2"));
      assert.equal(problems.length, 1);
      assert.equal(problems[0].path, "plan.pools[0].instanceType");
      assert.match(problems[0].message, /^"g2-standard-8" \(l4\) is not offered in us-west2 \(offered in: us-central1, .*\); choose one of those regions or another GPU$/);
    });

    it("rejects a pool whose GPU model or count disagrees with its machine type", () => {
      assert.deepEqual(checkGpuPools(gcpSpec(), gcpPlan([gcpPool({ gpu: "a100-40gb", gpusPerNode: 2 })])), [
        { path: "plan.pools[0].gpu", message: 'the pool says "a100-40gb" but "g2-standard-8" carries "l4"; plan again' },
        { path: "plan.pools[0].gpusPerNode", message: 'the pool says 2 but "g2-standard-8" has 1 GPU(s); plan again' },
      ]);
    });

    it("rejects inverted or fractional bounds, duplicate names and the system pool's name", () => {
      const pools = [gcpPool({ minNodes: 3, maxNodes: 2 }), gcpPool({ minNodes: 0.5 }), gcpPool({ name: "system" })];
      assert.deepEqual(checkGpuPools(gcpSpec(), gcpPlan(pools)), [
        { path: "plan.pools[0].maxNodes", message: "must be a whole number of at least 1 and no smaller than minNodes (3), got 2" },
        { path: "plan.pools[1].name", message: '"l4-1" names two pools; pool names must be unique' },
        { path: "plan.pools[1].minNodes", message: "must be a whole number of at least 0 (0 lets the pool scale from zero), got 0.5" },
        { path: "plan.pools[2].name", message: '"system" names the system pool; give the pool another name' },
      ]);
    });
  });

  describe("CPU pools", () => {
    it("accepts a CPU pool on an N2 machine type offered in the region", () => {
      assert.deepEqual(checkWorkerPools(gcpSpec(), gcpPlan([CPU_POOL])), []);
      assert.equal(checkGpuPools, checkWorkerPools, "the old name checks CPU pools too");
    });

    it("rejects a CPU pool on a GPU machine, an unknown machine, with GPUs per node, or outside its regions", () => {
      const pools = [
        { ...CPU_POOL, instanceType: "g2-standard-8" },
        { ...CPU_POOL, name: "cpu-2", instanceType: "n2-standard-5" },
        { ...CPU_POOL, name: "cpu-3", gpusPerNode: 1 },
      ];
      assert.deepEqual(checkWorkerPools(gcpSpec(), gcpPlan(pools)), [
        { path: "plan.pools[0].instanceType", message: '"g2-standard-8" is a GPU machine type but the pool has no GPU ("gpu": null); plan again' },
        {
          path: "plan.pools[1].instanceType",
          message: '"n2-standard-5" is not a GCP CPU machine type in the catalogue; did you mean "n2-standard-2"? (list: ml-clusters catalog gcp); plan again',
        },
        { path: "plan.pools[2].gpusPerNode", message: "a CPU pool has 0 GPUs per node, got 1; plan again" },
      ]);
      const far = checkWorkerPools(gcpSpec({ region: "mars-central1" }), gcpPlan([CPU_POOL], "mars-central1"));
      assert.equal(far.length, 1);
      assert.match(far[0].message, /^"n2-standard-4" is not offered in mars-central1 \(offered in: africa-south1, .*\); choose one of those regions$/);
    });
  });

  it("rejects a pool listing several machine types, which a GKE node pool cannot take", () => {
    const pools = [gcpPool({ name: "l4-spot-1", spot: true, instanceTypes: ["g2-standard-8", "g2-standard-12"] }), gcpPool({ name: "one", instanceTypes: ["g2-standard-8"] })];
    assert.deepEqual(checkWorkerPools(gcpSpec(), gcpPlan(pools)), [
      { path: "plan.pools[0].instanceTypes", message: 'a GKE node pool has one machine type, got ["g2-standard-8","g2-standard-12"]; plan again for gcp (its spot pools list no alternatives)' },
    ]);
  });

  describe("spot pools and their fallbacks", () => {
    it("accepts a spot pool with one on-demand fallback", () => {
      assert.deepEqual(checkSpotFallbacks(gcpSpec(), gcpPlan(SPOT_PAIR)), []);
    });

    it("rejects a fallback for a pool that is missing or on demand, a spot fallback and a second fallback", () => {
      const pools = [
        gcpPool(),
        ...SPOT_PAIR,
        gcpPool({ name: "fb-missing", fallbackFor: "nope" }),
        gcpPool({ name: "fb-on-demand", fallbackFor: "l4-1" }),
        gcpPool({ name: "fb-second", fallbackFor: "l4-spot-1", spot: true }),
      ];
      assert.deepEqual(checkSpotFallbacks(gcpSpec(), gcpPlan(pools)), [
        { path: "plan.pools[3].fallbackFor", message: 'must name a spot pool of the plan, got "nope" (no such pool); plan again' },
        { path: "plan.pools[4].fallbackFor", message: 'must name a spot pool of the plan, got "l4-1" (an on-demand pool); plan again' },
        { path: "plan.pools[5].spot", message: 'a fallback pool runs on demand, got spot: true for "fb-second"; plan again' },
        {
          path: "plan.pools[5].fallbackFor",
          message: '"l4-spot-1" already falls back to "l4-spot-1-fallback"; a GKE node pool joins one compute class, so a spot pool has one fallback',
        },
      ]);
    });

    it("rejects a spot pool whose name GKE reserves for its own compute classes", () => {
      const pools = [gcpPool({ name: "gke-cheap", spot: true }), gcpPool({ name: "gke-cheap-fallback", fallbackFor: "gke-cheap" })];
      assert.deepEqual(checkSpotFallbacks(gcpSpec(), gcpPlan(pools)), [
        {
          path: "plan.pools[1].fallbackFor",
          message: 'the spot pool "gke-cheap" names its GKE compute class, and GKE refuses class names starting with "gke"; rename the pool in gpuPools/cpuPools',
        },
      ]);
    });

    it("rejects spot fallbacks on a Kubernetes version older than compute classes", () => {
      assert.deepEqual(checkSpotFallbacks(gcpSpec({ kubernetesVersion: "1.30" }), gcpPlan(SPOT_PAIR)), [
        {
          path: "kubernetesVersion",
          message: 'spot pools fall back through GKE compute classes, which need GKE 1.31 or later (1.30 from patch 1.30.3-gke.1451000 only), got "1.30"; use "1.31" or later',
        },
      ]);
      assert.deepEqual(checkSpotFallbacks(gcpSpec({ kubernetesVersion: "1.30" }), gcpPlan([CPU_POOL])), [], "no fallback, no class");
    });
  });

  it("rejects a GPU driver version GKE does not offer", () => {
    assert.deepEqual(checkDriverVersion(gkeArgs({ gpuDriverVersion: "INSTALLATION_DISABLED" as never })), [
      { path: "gpuDriverVersion", message: 'must be one of LATEST, DEFAULT, got "INSTALLATION_DISABLED"' },
    ]);
  });

  it("throws one BadInputError (a pulumi.RunError) listing every problem before any resource is registered", async () => {
    let caught: unknown;
    const args = gkeArgs({ spec: gcpSpec({ apiAccess: { allowedCidrs: ["0.0.0.0/0"] } }), plan: gcpPlan([gcpPool({ instanceType: "e2-standard-4" })]) });
    const run = await render(
      () => {
        try {
          new GkeCluster("ml-dev", args);
        } catch (e) {
          caught = e;
        }
      },
      { config: GCP_CONFIG },
    );
    assert.ok(caught instanceof BadInputError);
    assert.deepEqual(
      caught.problems.map((p) => p.path),
      ["apiAccess.allowedCidrs[0]", "plan.pools[0].instanceType"],
    );
    assert.match(caught.message, /^GkeCluster "ml-dev": 2 problem\(s\)\n  apiAccess\.allowedCidrs\[0\]: "0\.0\.0\.0\/0" opens the Kubernetes API/);
    assert.deepEqual(run.resources, []);
  });

  it("throws for a missing project when neither the args nor gcp:project give one", async () => {
    let caught: unknown;
    // The provider also reads these variables; a developer's shell must not decide the outcome.
    const vars = ["GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"];
    const saved = vars.map((v) => [v, process.env[v]] as const);
    vars.forEach((v) => delete process.env[v]);
    try {
      await render(
        () => {
          try {
            new GkeCluster("ml-dev", gkeArgs());
          } catch (e) {
            caught = e;
          }
        },
        { configStandIns: false },
      );
    } finally {
      saved.forEach(([v, value]) => (value === undefined ? delete process.env[v] : (process.env[v] = value)));
    }
    assert.ok(caught instanceof BadInputError);
    assert.deepEqual(caught.problems.map((p) => p.path), ["project"]);
  });
});
