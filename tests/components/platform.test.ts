import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../components/cluster/fake";
import { MlPlatform, secretConfigKeys } from "../../components/platform";
import { BadInputError } from "../../components/bad-input";
import { validateSpec } from "../../components/spec/validate";
import { compareRenders } from "../../cli/diff/index";
import { maskSecrets, MockRun } from "../../cli/engine";
import { RenderedResource } from "../../cli/render-format";
import { readSpecFile } from "../../cli/spec-source";
import { ofType, render } from "../helpers/mocks";

const ROOT = path.resolve(__dirname, "../..");
const io = { out: () => undefined, err: () => undefined, cwd: ROOT };

function spec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: "ml-test",
    cloud: "aws",
    region: "us-east-1",
    namespaces: [{ name: "research", quota: { gpu: 8 } }],
    services: [
      {
        name: "chat", namespace: "research", image: "vllm/vllm-openai:v0.6.3", port: 8000,
        gpu: { model: "l4", count: 1 }, cpu: 3, memory: "12Gi", replicas: { min: 1, max: 2 },
        secretEnv: { HF_TOKEN: "hfToken" },
      },
    ],
    trainingJobs: [
      { name: "finetune", namespace: "research", image: "ghcr.io/acme/train:1.2", command: ["torchrun", "train.py"], gpu: { model: "l4", count: 1 }, cpu: 2, memory: "8Gi" },
    ],
    ...overrides,
  };
}

const fake = (name: string, args: { plan: any }, opts?: pulumi.ComponentResourceOptions) => new FakeCluster(name, { plan: args.plan }, opts);

describe("MlPlatform", () => {
  it("builds the cluster from the plan and puts each workload on the pool the plan gave it", async () => {
    let platform!: MlPlatform;
    const run = await render(() => {
      platform = new MlPlatform("ml", { spec: spec(), secrets: { hfToken: pulumi.secret("hf_x") }, cluster: fake });
    });
    assert.deepEqual(platform.capacityPlan.pools.map((p) => [p.name, p.instanceType, p.minNodes, p.maxNodes]), [["l4-1", "g6.xlarge", 1, 3]]);
    assert.deepEqual(Object.keys(platform.endpoints), ["research/chat"]);
    assert.equal(ofType(run, "ml-clusters:k8s:ModelService").length, 1);
    assert.equal(ofType(run, "ml-clusters:k8s:TrainingJob").length, 1);
    assert.equal(ofType(run, "ml-clusters:k8s:TeamNamespace").length, 1);
    assert.equal(ofType(run, "ml-clusters:k8s:Monitoring").length, 1);
    const deployment = ofType(run, "kubernetes:apps/v1:Deployment")[0]!;
    assert.deepEqual((deployment.inputs as any).spec.template.spec.nodeSelector, { "ml-clusters.io/pool": "l4-1" });
    const job = ofType(run, "kubernetes:batch/v1:Job")[0]!;
    assert.deepEqual((job.inputs as any).spec.template.spec.nodeSelector, { "ml-clusters.io/pool": "l4-1" });
    assert.equal(await new Promise((r) => pulumi.isSecret(platform.kubeconfig).then(r)), true);
  });

  it("keeps the secret values out of every resource but the Kubernetes Secret", async () => {
    const run = await render(() => new MlPlatform("ml", { spec: spec(), secrets: { hfToken: "hf_plain" }, cluster: fake }));
    const holders = run.resources.filter((r) => JSON.stringify(r.inputs).includes("hf_plain")).map((r) => r.type);
    assert.deepEqual(holders, ["kubernetes:core/v1:Secret"]);
    const secret = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && JSON.stringify(r.inputs).includes("hf_plain"))!;
    assert.doesNotMatch(JSON.stringify(maskSecrets(secret.inputs)), /hf_plain/, "and there it is a Pulumi secret");
  });

  it("names the config keys its secretEnv entries need", () => {
    assert.deepEqual(secretConfigKeys(validateSpec(spec())), ["hfToken"]);
  });

  it("throws every spec problem before registering any resource", async () => {
    let thrown: unknown;
    const run = await render(() => {
      try {
        new MlPlatform("ml", { spec: spec({ region: "mars-1", services: [] }), cluster: fake });
      } catch (e) {
        thrown = e;
      }
    });
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(thrown.problems.map((p) => p.path), ["region"]);
    assert.deepEqual(run.resources, []);
  });

  it("throws when a secret the spec names has no value, at the secretEnv entry", () => {
    assert.throws(
      () => new MlPlatform("ml", { spec: spec(), cluster: fake }),
      (e: unknown) =>
        e instanceof BadInputError &&
        e.problems.length === 1 &&
        e.problems[0]!.path === "services[0].secretEnv.HF_TOKEN" &&
        e.problems[0]!.message === 'names the secret "hfToken", which has no value; set it with `pulumi config set --secret hfToken <value>`',
    );
  });
});

/** Renders a spec file on the real cluster of its cloud, with its own plan as the lock. */
async function renderSpec(raw: Record<string, any>): Promise<{ run: MockRun; resources: RenderedResource[] }> {
  let plan: any;
  const first = await render(() => {
    plan = new MlPlatform("ml", { spec: raw, secrets: { hfToken: "x" } }).capacityPlan;
  });
  void first;
  const run = await render(() => new MlPlatform("ml", { spec: raw, lockedPlan: plan, secrets: { hfToken: "x" } }));
  const resources = run.resources.map((r) => ({ ...r, inputs: maskSecrets(r.inputs) as Record<string, unknown>, options: r.options as Record<string, unknown> }));
  return { run, resources };
}

describe("harmless changes on each cloud", () => {
  const harmless: Array<[string, (s: Record<string, any>) => Record<string, any>]> = [
    ["a service's replica bounds", (s) => ({ ...s, services: s.services.map((x: any, i: number) => (i === 0 ? { ...x, replicas: { min: x.replicas?.min ?? 1, max: (x.replicas?.max ?? 1) + 1 } } : x)) })],
    ["a workload's environment", (s) => ({ ...s, services: s.services.map((x: any, i: number) => (i === 0 ? { ...x, env: { ...(x.env ?? {}), LOG_LEVEL: "debug" } } : x)) })],
    ["a new team namespace", (s) => ({ ...s, namespaces: [...s.namespaces, { name: "newteam" }] })],
  ];
  for (const file of ["aws.yaml", "gcp.yaml", "azure.yaml"]) {
    for (const [what, change] of harmless) {
      it(`replaces no cluster, node pool or volume when ${what} changes (${file})`, async () => {
        const base = readSpecFile(`tests/fixtures/specs/${file}`, io).spec as Record<string, any>;
        const before = await renderSpec(base);
        const after = await renderSpec(change(base));
        const diff = compareRenders({ dir: "a", resources: before.resources, outputs: {} }, { dir: "b", resources: after.resources, outputs: {} });
        assert.deepEqual(diff.critical.map((c) => `${c.action} ${c.resource.name}: ${c.reason}`), []);
        assert.deepEqual(diff.removed.map((r) => r.urn), [], "nothing is deleted");
        assert.ok(diff.changed.length + diff.added.length > 0, "the change is visible");
      });
    }
  }

  describe("with a gateway", () => {
    const gatewaySpec = () =>
      spec({
        gateway: { hostname: "ml.acme.example", auth: { apiKeys: "gatewayApiKeys" } },
        services: [{ ...spec().services[0], expose: "gateway", rateLimit: { requestsPerMinute: 60 } }],
      });

    it("routes a gateway-exposed service through the platform's Gateway and reports both URLs", async () => {
      let platform!: MlPlatform;
      const run = await render(() => {
        platform = new MlPlatform("ml", { spec: gatewaySpec(), secrets: { hfToken: "x" }, apiKeys: { "support-bot": "k-1", "search-app": "k-2" }, cluster: fake });
      });
      assert.equal(ofType(run, "ml-clusters:k8s:Gateway").length, 1);
      const route = ofType(run, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").find((r) => (r.inputs as any).metadata.namespace === "research")!;
      assert.deepEqual((route.inputs as any).spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "ml-gateway", namespace: "ml-gateway", sectionName: "https" }]);
      assert.equal(platform.gatewayUrl, "https://ml.acme.example");
      assert.deepEqual(platform.gatewayUrls, { "research/chat": "https://ml.acme.example/research/chat" });
      // The keys reach one Kubernetes Secret only, as a Pulumi secret.
      const holders = run.resources.filter((r) => JSON.stringify(r.inputs).includes("k-1")).map((r) => r.type);
      assert.deepEqual(holders, ["kubernetes:core/v1:Secret"]);
      assert.doesNotMatch(JSON.stringify(maskSecrets(run.resources.find((r) => JSON.stringify(r.inputs).includes("k-1"))!.inputs)), /k-1/);
    });

    it("throws a missing API-key value together with a missing secretEnv value, before any resource", async () => {
      let thrown: unknown;
      const run = await render(() => {
        try {
          new MlPlatform("ml", { spec: gatewaySpec(), cluster: fake });
        } catch (e) {
          thrown = e;
        }
      });
      assert.ok(thrown instanceof BadInputError);
      assert.deepEqual(
        thrown.problems.map((p) => p.path),
        ["services[0].secretEnv.HF_TOKEN", "gateway.auth.apiKeys"],
      );
      assert.deepEqual(run.resources, []);
    });

    it("accepts the API keys as the JSON text Pulumi hands a program", async () => {
      let platform!: MlPlatform;
      await render(() => {
        platform = new MlPlatform("ml", { spec: gatewaySpec(), secrets: { hfToken: "x" }, apiKeys: JSON.stringify({ "support-bot": "k-1" }), cluster: fake });
      });
      assert.equal(platform.gatewayUrl, "https://ml.acme.example");
    });
  });
});
