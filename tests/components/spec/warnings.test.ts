/** Legal but surprising choices: accepted, with a warning that says why it matters. */
import assert from "node:assert/strict";
import type { SpecProblem } from "../../../components/spec/types";
import { inspectSpec, validateSpec } from "../../../components/spec/validate";
import { awsSpec, set, SpecObject, unset } from "./fixtures";

function aws(change: (s: SpecObject) => unknown): SpecObject {
  const s = awsSpec();
  change(s);
  return s;
}

interface Surprise {
  readonly title: string;
  readonly spec: () => SpecObject;
  readonly warnings: readonly SpecProblem[];
}

const SURPRISES: readonly Surprise[] = [
  {
    title: "warns that without apiAccess the API endpoint is private",
    spec: () => aws((s) => unset(s, "apiAccess")),
    warnings: [
      { path: "apiAccess", message: "is absent, so the API endpoint is private: pulumi up and kubectl must run from inside the cluster's network (VPN, peering or a bastion); set apiAccess.allowedCidrs to open it to your networks only" },
    ],
  },
  {
    title: "warns that protect false lets a replacement delete the cluster",
    spec: () => aws((s) => set(s, "protect", false)),
    warnings: [
      { path: "protect", message: "is false: pulumi destroy, or a change that replaces the cluster, deletes the cluster and its checkpoint volumes without asking" },
    ],
  },
  {
    title: "warns about a publicly exposed service",
    spec: () => aws((s) => set(s, "services[0].expose", "public")),
    warnings: [
      { path: "services[0].expose", message: "is public: the service is reachable from the internet through its own load balancer, with no TLS or authentication; use expose: gateway with gateway.auth, or internal" },
    ],
  },
  {
    title: "warns when a GPU service scales on CPU by default",
    spec: () => aws((s) => unset(s, "services[0].autoscaling")),
    warnings: [
      { path: "services[0].autoscaling", message: "a GPU service scales on CPU utilisation (the default), which rarely tracks a model server's GPU load; consider gpuUtilization or requestsPerSecond" },
    ],
  },
  {
    title: "warns when a GPU service scales on CPU explicitly",
    spec: () => aws((s) => set(s, "services[0].autoscaling", { cpuUtilization: 60 })),
    warnings: [
      { path: "services[0].autoscaling.cpuUtilization", message: "a GPU service scales on CPU utilisation, which rarely tracks a model server's GPU load; consider gpuUtilization or requestsPerSecond" },
    ],
  },
  {
    title: "does not warn about CPU scaling when replicas cannot change",
    spec: () => aws((s) => { unset(s, "services[0].autoscaling"); set(s, "services[0].replicas", { min: 2, max: 2 }); }),
    warnings: [],
  },
  {
    title: "warns about the cold start of a service that scales to zero",
    spec: () => aws((s) => set(s, "services[0].replicas.min", 0)),
    warnings: [
      { path: "services[0].replicas", message: "min is 0: the first request after an idle spell waits for a node to start and the model to load (up to health.startupSeconds)" },
    ],
  },
  {
    title: "warns that a checkpointed spot training job restarts on each reclaim",
    spec: () => aws((s) => { set(s, "trainingJobs[0].spot", true); set(s, "gpuPools", [{ name: "chat", gpu: "l4", instanceTypes: ["g6.xlarge"] }, { name: "train", gpu: "a100-80gb", instanceTypes: ["p4de.24xlarge"], spot: true }]); }),
    warnings: [
      { path: "trainingJobs[0].spot", message: "is true: spot nodes can be reclaimed at short notice, and each reclaim restarts the job; it resumes from its last checkpoint" },
    ],
  },
  {
    title: "warns that a distributed spot job without checkpoints starts over",
    spec: () => aws((s) => { unset(s, "trainingJobs[0].checkpoint"); set(s, "trainingJobs[0].spot", true); }),
    warnings: [
      { path: "trainingJobs[0].checkpoint", message: "is absent on a 2-worker job: unless it saves state elsewhere, any retry starts training from the beginning" },
      { path: "trainingJobs[0].spot", message: "is true: spot nodes can be reclaimed at short notice, and each reclaim restarts the job; this job has no checkpoint volume and would start over" },
    ],
  },
  {
    title: "warns that a job without command runs the image entrypoint",
    spec: () => aws((s) => unset(s, "trainingJobs[0].command")),
    warnings: [
      { path: "trainingJobs[0]", message: "has no command: it runs the image's entrypoint; set command if the image has none" },
    ],
  },
  {
    title: "warns about a single system node",
    spec: () => aws((s) => set(s, "systemPool", { minNodes: 1 })),
    warnings: [
      { path: "systemPool.minNodes", message: "is 1: cluster add-ons (DNS, autoscaler, KEDA, monitoring) stop while that node is replaced or upgraded; 2 keeps them running" },
    ],
  },
  {
    title: "warns when a CPU workload leaves out cpu and gets the default",
    spec: () => aws((s) => (s.services as SpecObject[]).push({ name: "gateway", namespace: "research", image: "ghcr.io/acme/gw:1.0", port: 80, memory: "256Mi" })),
    warnings: [
      { path: "services[1]", message: "gives no cpu: using cpu 500m; state what the workload needs" },
    ],
  },
  {
    title: "warns about a Kubernetes version past standard support",
    spec: () => aws((s) => set(s, "kubernetesVersion", "1.31")),
    warnings: [
      { path: "kubernetesVersion", message: "1.31 is older than the oldest minor in standard support on aws (1.34 as of 2026-10): expect extended-support charges or a forced upgrade" },
    ],
  },
  {
    title: "warns about a Kubernetes version newer than the package knows",
    spec: () => aws((s) => set(s, "kubernetesVersion", "1.40")),
    warnings: [
      { path: "kubernetesVersion", message: "1.40 is newer than any minor this package knows (1.37); check that aws offers it" },
    ],
  },
  {
    title: "does not warn about the shared address space as a network",
    spec: () => aws((s) => set(s, "network.cidr", "100.64.0.0/16")),
    warnings: [],
  },
  {
    title: "warns about a public range used as the cluster network",
    spec: () => aws((s) => set(s, "network.cidr", "8.8.0.0/16")),
    warnings: [
      { path: "network.cidr", message: "8.8.0.0/16 is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): traffic to the real owners of those addresses would stay inside the network" },
    ],
  },
  {
    title: "warns that egress to 0.0.0.0/0 leaves egress open",
    spec: () => aws((s) => set(s, "namespaces[0].egress", { allowCidrs: ["0.0.0.0/0"] })),
    warnings: [
      { path: "namespaces[0].egress.allowCidrs[0]", message: "allows every IPv4 address: the same as leaving egress open" },
    ],
  },
  {
    title: "warns that an empty egress list blocks downloads",
    spec: () => aws((s) => set(s, "namespaces[0].egress", { allowCidrs: [] })),
    warnings: [
      { path: "namespaces[0].egress.allowCidrs", message: "is empty: pods in this namespace reach nothing outside the cluster (model downloads included)" },
    ],
  },
  {
    title: "warns that NVIDIA_VISIBLE_DEVICES overrides the device plugin",
    spec: () => aws((s) => set(s, "services[0].env", { NVIDIA_VISIBLE_DEVICES: "all" })),
    warnings: [
      { path: "services[0].env.NVIDIA_VISIBLE_DEVICES", message: "overrides the GPUs the device plugin assigned to the pod, so it may use GPUs given to another pod; remove it" },
    ],
  },
];

describe("validateSpec warnings", () => {
  it("gives none for the base spec", () => {
    assert.deepEqual(inspectSpec(awsSpec()), { spec: validateSpec(awsSpec()), errors: [], warnings: [] });
  });

  for (const c of SURPRISES) {
    it(c.title, () => {
      const report = inspectSpec(c.spec());
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.warnings, c.warnings);
      assert.deepEqual(report.spec?.warnings, c.warnings);
    });
  }
});
