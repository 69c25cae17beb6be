import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BadInputError, checkInput } from "../../components/bad-input";
import { EksCluster } from "../../components/cluster/aws";
import { AksCluster } from "../../components/cluster/azure";
import { FakeCluster } from "../../components/cluster/fake";
import { GkeCluster } from "../../components/cluster/gcp";
import { ClusterAddons } from "../../components/k8s/addons";
import { ModelService } from "../../components/k8s/model-service";
import { Monitoring } from "../../components/k8s/monitoring";
import { TeamNamespace } from "../../components/k8s/namespace";
import { TrainingJob } from "../../components/k8s/training-job";
import { MlPlatform } from "../../components/platform";
import { formatProblem, SpecError } from "../../components/spec/errors";
import { platformProgram } from "../../stacks/program";
import type { MockRunOptions } from "../../cli/engine";
import { render } from "../helpers/mocks";
import { memory, planPool, validNamespace } from "../helpers/builders";
import { eksArgs } from "./cluster/aws/fixtures";
import { args as aksArgs, plan as aksPlan, pool as aksPool, spec as aksSpec } from "./cluster/azure/fixtures";
import { GCP_CONFIG, gcpPlan, gcpPool, gkeArgs } from "./cluster/gcp/fixtures";
import { POOLS, addons, monitoringRef, service, trainingJob } from "./k8s/fixtures";

interface Case {
  readonly component: string;
  /** The first line of the message: the subject and how many problems. */
  readonly subject: string;
  /** Every problem's path, in order. */
  readonly paths: readonly string[];
  readonly build: () => void;
  readonly options?: MockRunOptions;
}

const SPEC_WITH_THREE_PROBLEMS = {
  name: "ml-test",
  cloud: "aws",
  region: "mars-1",
  services: [{ name: "chat", namespace: "research", image: "vllm/vllm-openai:latest", port: 8000 }],
};

const CASES: readonly Case[] = [
  {
    component: "MlPlatform",
    subject: "platform spec: 3 problem(s)",
    paths: ["region", "services[0].image", "services[0].namespace"],
    build: () => new MlPlatform("ml", { spec: SPEC_WITH_THREE_PROBLEMS }),
  },
  {
    component: "EksCluster",
    subject: 'EksCluster "ml": 1 problem(s)',
    paths: ["plan.pools[0].instanceType"],
    build: () => new EksCluster("ml", eksArgs({}, {}, [planPool({ instanceType: "m5.large" })])),
  },
  {
    component: "GkeCluster",
    subject: 'GkeCluster "ml": 1 problem(s)',
    paths: ["plan.pools[0].instanceType"],
    build: () => new GkeCluster("ml", gkeArgs({ plan: gcpPlan([gcpPool({ instanceType: "e2-standard-4" })]) })),
    options: { config: GCP_CONFIG },
  },
  {
    component: "AksCluster",
    subject: 'AksCluster "ml": 2 problem(s)',
    paths: ["kubernetesVersion", "plan.pools[0].instanceType"],
    build: () => new AksCluster("ml", aksArgs({ spec: aksSpec({ kubernetesVersion: "1.33.1" }), plan: aksPlan([aksPool("cpu", "Standard_D8s_v5")]) })),
  },
  {
    component: "FakeCluster",
    subject: "FakeCluster: 2 problem(s)",
    paths: ["pools", "pools[1].name"],
    build: () => new FakeCluster("test", { plan: { pools: [POOLS[0]!, POOLS[0]!] } as never, pools: [...POOLS] }),
  },
  {
    component: "ClusterAddons",
    subject: "ClusterAddons: 1 problem(s)",
    paths: ["monitoring.prometheusUrl"],
    build: () => new ClusterAddons("addons", { contract: new FakeCluster("test", { pools: POOLS }), services: [], monitoring: { ...monitoringRef(), prometheusUrl: "prometheus" } }),
  },
  {
    component: "TeamNamespace",
    subject: 'TeamNamespace "Research": 1 problem(s)',
    paths: ["namespace.name"],
    build: () => new TeamNamespace("research", { contract: new FakeCluster("test", { pools: POOLS }), namespace: validNamespace({ name: "Research" }) }),
  },
  {
    component: "ModelService",
    subject: 'ModelService "research/chat": 2 problem(s)',
    paths: ["services[0].port", "services[0].health.startupSeconds"],
    build: () => new ModelService("chat", { contract: new FakeCluster("test", { pools: POOLS }), service: service({ port: 0, health: { startupSeconds: 0 } }), pool: "l4-1", addons: addons() }),
  },
  {
    component: "TrainingJob",
    subject: 'TrainingJob "research/finetune": 2 problem(s)',
    paths: ["trainingJobs[0].workers", "trainingJobs[0].backoffLimit"],
    build: () => new TrainingJob("job", { contract: new FakeCluster("test", { pools: POOLS }), job: trainingJob({ workers: 0, backoffLimit: -1 }), pool: "a100-1", addons: addons() }),
  },
  {
    component: "Monitoring",
    subject: "Monitoring: 2 problem(s)",
    paths: ["retention", "storage"],
    build: () => new Monitoring("monitoring", { contract: new FakeCluster("test", { pools: POOLS }), retention: "2 weeks", storage: "50GB" }),
  },
];

/** Runs `build` on the mock engine and returns what it threw. */
async function thrownBy(build: () => void, options: MockRunOptions = {}): Promise<unknown> {
  let thrown: unknown;
  await render(() => {
    try {
      build();
    } catch (e) {
      thrown = e;
    }
  }, options);
  return thrown;
}

describe("bad input reaching Pulumi", () => {
  for (const c of CASES) {
    it(`${c.component} throws a pulumi.RunError whose message lists every problem`, async () => {
      const e = await thrownBy(c.build, c.options);
      assert.ok(pulumi.RunError.isInstance(e), `not a RunError: ${String(e)}`);
      assert.ok(e instanceof BadInputError);
      assert.deepEqual(e.problems.map((p) => p.path), c.paths);
      assert.equal(e.message, [c.subject, ...e.problems.map(formatProblem)].join("\n"));
    });
  }

  it("the stacks program throws a pulumi.RunError for a lock file that is not JSON", async () => {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "mlc-lock-"));
    const lockFile = path.join(stacksDir, "capacity.broken.json");
    fs.writeFileSync(lockFile, "{");
    const spec = { name: "ml-test", cloud: "aws", region: "us-east-1", services: [] };
    let thrown: unknown;
    await render(
      async () => {
        try {
          return await platformProgram({ lockFile });
        } catch (e) {
          thrown = e;
          return {};
        }
      },
      { stack: "broken", config: { "ml-clusters:platform": JSON.stringify(spec) } },
    );
    assert.ok(pulumi.RunError.isInstance(thrown), String(thrown));
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(thrown.problems.map((p) => p.path), ["capacity.broken.json"]);
  });

  it("keeps the SpecError as the cause, so callers can still read the problems", () => {
    const problem = { path: "x", message: "is wrong" };
    assert.throws(
      () => checkInput(() => {
        throw new SpecError([problem], "Thing");
      }),
      (e: unknown) => e instanceof BadInputError && e.cause instanceof SpecError && e.message === "Thing: 1 problem(s)\n  x: is wrong",
    );
  });

  it("lets an error that is not bad input through unchanged, with its stack trace", () => {
    const bug = new TypeError("bug: undefined is not a function");
    assert.throws(
      () => checkInput(() => {
        throw bug;
      }),
      (e: unknown) => e === bug && !pulumi.RunError.isInstance(e),
    );
  });

  it("returns the checks' result when there is no problem", () => {
    assert.deepEqual(checkInput(() => ({ size: memory("1Gi") })), { size: { text: "1Gi", bytes: 1024 ** 3 } });
  });
});
