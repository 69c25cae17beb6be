import assert from "node:assert/strict";
import { validateSpec } from "../../../components/spec/validate";
import type { ValidSpec } from "../../../components/spec/types";
import { awsSpec, set, unset } from "./fixtures";

const GIB = 1024 ** 3;

describe("validateSpec defaults", () => {
  it("fills every default of a minimal GCP spec and canonicalises what it read", () => {
    const valid = validateSpec({
      name: "ml-min",
      cloud: "gcp",
      region: "us-central1",
      namespaces: [{ name: "team" }],
      services: [{ name: "api", namespace: "team", image: "ghcr.io/acme/api:1.0", port: 8080 }],
      trainingJobs: [
        { name: "train", namespace: "team", image: "ghcr.io/acme/train:1.0", gpu: { model: "NVIDIA-L4", count: 1 }, cpu: "3500m", memory: "1.5Gi" },
      ],
    });
    const expected: ValidSpec = {
      name: "ml-min",
      cloud: "gcp",
      region: "us-central1",
      kubernetesVersion: "1.35",
      protect: true,
      network: { cidr: "10.0.0.0/16" },
      // Counts left out: the planner sizes them from the add-ons (capacity/system-pool.ts).
      systemPool: { instanceType: "e2-standard-4", minNodes: 2, maxNodes: 4, declared: { instanceType: false, minNodes: false, maxNodes: false } },
      namespaces: [{ name: "team", groups: [] }],
      services: [
        {
          kind: "service",
          name: "api",
          namespace: "team",
          key: "team/api",
          path: "services[0]",
          image: "ghcr.io/acme/api:1.0",
          cpu: { text: "500m", millis: 500 },
          memory: { text: "1Gi", bytes: GIB },
          env: {},
          secretEnv: {},
          security: "baseline",
          spot: false,
          port: 8080,
          replicas: { min: 1, max: 1 },
          autoscaling: { cpuUtilization: 70 },
          health: { startupSeconds: 600 },
          engine: "generic",
          expose: "cluster",
        },
      ],
      trainingJobs: [
        {
          kind: "trainingJob",
          name: "train",
          namespace: "team",
          key: "team/train",
          path: "trainingJobs[0]",
          image: "ghcr.io/acme/train:1.0",
          gpu: { model: "l4", asWritten: "NVIDIA-L4", count: 1 },
          cpu: { text: "3500m", millis: 3500 },
          memory: { text: "1536Mi", bytes: 1.5 * GIB },
          env: {},
          secretEnv: {},
          security: "baseline",
          spot: false,
          workers: 1,
          backoffLimit: 3,
        },
      ],
      monitoring: { enabled: true },
      warnings: [
        {
          path: "apiAccess",
          message:
            "is absent, so the API endpoint is private: pulumi up and kubectl must run from inside the cluster's network (VPN, peering or a bastion); set apiAccess.allowedCidrs to open it to your networks only",
        },
        { path: "services[0]", message: "gives no cpu or memory: using cpu 500m and memory 1Gi; state what the workload needs" },
        { path: "trainingJobs[0]", message: "has no command: it runs the image's entrypoint; set command if the image has none" },
      ],
    };
    assert.deepEqual(valid, expected);
  });

  it("uses each cloud's default system instance type", () => {
    const base = { namespaces: [], apiAccess: { allowedCidrs: ["203.0.113.0/24"] } };
    assert.equal(validateSpec({ ...base, name: "a", cloud: "aws", region: "us-west-2" }).systemPool.instanceType, "m6i.xlarge");
    assert.equal(validateSpec({ ...base, name: "g", cloud: "gcp", region: "us-central1" }).systemPool.instanceType, "e2-standard-4");
    assert.equal(validateSpec({ ...base, name: "z", cloud: "azure", region: "eastus" }).systemPool.instanceType, "Standard_D4s_v5");
  });

  it("lets a system pool bound the user left out follow the one they gave", () => {
    const big = validateSpec(set(awsSpec(), "systemPool", { minNodes: 6 }));
    assert.deepEqual(big.systemPool, { instanceType: "m6i.xlarge", minNodes: 6, maxNodes: 6, declared: { instanceType: false, minNodes: true, maxNodes: false } });
    const small = validateSpec(set(awsSpec(), "systemPool", { maxNodes: 1 }));
    assert.deepEqual(small.systemPool, { instanceType: "m6i.xlarge", minNodes: 1, maxNodes: 1, declared: { instanceType: false, minNodes: false, maxNodes: true } });
  });

  it("keeps a memory floor for the planner and sets no model", () => {
    const valid = validateSpec(set(awsSpec(), "services[0].gpu", { minMemoryGiB: 40, count: 1 }));
    assert.deepEqual(valid.services[0]!.gpu, { minMemoryGiB: 40, count: 1 });
  });

  it("keeps both model and memory floor when the model meets the floor", () => {
    const valid = validateSpec(set(awsSpec(), "services[0].gpu", { model: "l4", minMemoryGiB: 24, count: 1 }));
    assert.deepEqual(valid.services[0]!.gpu, { model: "l4", minMemoryGiB: 24, count: 1 });
  });

  it("scales a service at replicas.min 0 on 100 requests in flight per replica when it names no signal", () => {
    const zero = set(unset(awsSpec(), "services[0].autoscaling"), "services[0].replicas", { min: 0, max: 3 });
    assert.deepEqual(validateSpec(zero).services[0]!.autoscaling, { concurrentRequests: 100 });
  });

  it("keeps the request signal a scale-to-zero service names: requests in flight or request rate", () => {
    const zero = set(awsSpec(), "services[0].replicas", { min: 0, max: 3 });
    assert.deepEqual(validateSpec(set(zero, "services[0].autoscaling", { concurrentRequests: 16 })).services[0]!.autoscaling, { concurrentRequests: 16 });
    assert.deepEqual(validateSpec(set(zero, "services[0].autoscaling", { requestsPerSecond: 4 })).services[0]!.autoscaling, { requestsPerSecond: 4 });
  });

  it("accepts checkpoint sizes in binary and decimal units from 1Gi up", () => {
    const sizes = ["1Gi", "500G", "2Ti"].map((size) => validateSpec(set(awsSpec(), "trainingJobs[0].checkpoint.size", size)).trainingJobs[0]!.checkpoint!.size);
    assert.deepEqual(sizes, [{ text: "1Gi", bytes: GIB }, { text: "500G", bytes: 500e9 }, { text: "2Ti", bytes: 2048 * GIB }]);
  });

  it("reads the mount path of a checkpoint, defaulting to /checkpoints", () => {
    const valid = validateSpec(awsSpec());
    assert.deepEqual(valid.trainingJobs[0]!.checkpoint, { size: { text: "200Gi", bytes: 200 * GIB }, mountPath: "/checkpoints" });
    const custom = validateSpec(set(awsSpec(), "trainingJobs[0].checkpoint.mountPath", "/data/ckpt"));
    assert.equal(custom.trainingJobs[0]!.checkpoint!.mountPath, "/data/ckpt");
  });

  it("returns a frozen result that shares nothing with the input", () => {
    const input = awsSpec();
    set(input, "services[0].env", { MODEL: "m" });
    const valid = validateSpec(input);
    assert.ok(Object.isFrozen(valid));
    assert.ok(Object.isFrozen(valid.services[0]!.env));
    assert.ok(Object.isFrozen(valid.services[0]!.cpu));
    assert.ok(Object.isFrozen(valid.trainingJobs[0]!.command));
    assert.ok(!Object.isFrozen(input));
    assert.ok(!Object.isFrozen((input.services as { env: object }[])[0]!.env));
    assert.throws(() => {
      (valid.services[0]!.replicas as { max: number }).max = 99;
    }, TypeError);
  });

  it("does not change its input", () => {
    const input = awsSpec();
    const copy = structuredClone(input);
    validateSpec(input);
    assert.deepEqual(input, copy);
  });

  it("gives the same result for the same input", () => {
    assert.deepEqual(validateSpec(awsSpec()), validateSpec(awsSpec()));
  });
});

describe("validateSpec on serving engines", () => {
  it("keeps a service's engine, its release override and its engine signal as written", () => {
    const spec = awsSpec();
    set(spec, "services[0].engine", "vllm");
    set(spec, "services[0].engineVersion", "v0.8.5");
    set(spec, "services[0].autoscaling", { kvCacheUtilization: 75 });
    const s = validateSpec(spec).services[0]!;
    assert.deepEqual([s.engine, s.engineVersion, s.autoscaling], ["vllm", "v0.8.5", { kvCacheUtilization: 75 }]);
  });
});
