import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { PROGRESS_EVERY } from "../../../cli/engine";
import { isSecretValue, kubernetesWithoutProvider, maskSecrets, one, render, unwrapSecrets } from "../../helpers/mocks";

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: pulumi.secret("apiVersion: v1") }, { parent: this });
    const ns = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: "team" } }, { parent: this, provider, protect: true });
    new k8s.core.v1.ConfigMap(
      `${name}-cm`,
      { metadata: { name: "cfg", namespace: "team" }, data: { token: pulumi.secret("s3cret") } },
      { parent: this, provider, dependsOn: [ns], ignoreChanges: ["data"], deleteBeforeReplace: true },
    );
    new k8s.core.v1.ConfigMap(`${name}-orphan`, { metadata: { name: "orphan" } }, { parent: this });
    this.registerOutputs({});
  }
}

describe("mock engine", () => {
  it("records inputs, parents, providers and resource options of every resource", async () => {
    const run = await render(() => {
      new Box("b");
      return { answer: 42, nested: { token: pulumi.secret("t0k3n"), plain: pulumi.output("p") } };
    });
    assert.equal(run.outputs.answer, 42);
    assert.deepEqual(maskSecrets(run.outputs.nested), { token: "[secret]", plain: "p" }, "a secret output stays secret");
    const ns = one(run, "kubernetes:core/v1:Namespace");
    const cm = one(run, "kubernetes:core/v1:ConfigMap", "b-cm");
    const box = one(run, "test:index:Box");
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.equal(ns.parent, box.urn);
    assert.equal(ns.provider, provider.urn);
    assert.equal(ns.options.protect, true);
    assert.deepEqual(cm.options.ignoreChanges, ["data"]);
    assert.equal(cm.options.deleteBeforeReplace, true);
    assert.deepEqual(cm.options.dependsOn, [ns.urn]);
    assert.ok(isSecretValue(cm.inputs.data), "a secret inside an object makes the object secret on the wire");
    assert.deepEqual(unwrapSecrets(cm.inputs.data), { token: "s3cret" });
    assert.deepEqual(maskSecrets(cm.inputs.data), { token: "[secret]" }, "masked, the secret mapping keeps its keys");
    assert.deepEqual(kubernetesWithoutProvider(run).map((r) => r.name), ["b-orphan"]);
  });

  it("masks every value under a secret and keeps the mappings' keys and the lists' lengths", () => {
    const wire = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    assert.deepEqual(maskSecrets({ plain: "p", env: wire({ HF_TOKEN: "hf_x", nested: { a: 1, b: [true, "y"] } }), token: wire("t") }), {
      plain: "p",
      env: { HF_TOKEN: "[secret]", nested: { a: "[secret]", b: ["[secret]", "[secret]"] } },
      token: "[secret]",
    });
  });

  it("reports progress every PROGRESS_EVERY registrations, for long renders", async () => {
    const seen: number[] = [];
    await render(
      () => {
        const provider = new k8s.Provider("p", { kubeconfig: "x" });
        for (let i = 0; i < PROGRESS_EVERY * 2; i++) new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}` } }, { provider });
      },
      { onProgress: (n) => seen.push(n) },
    );
    // The stack, the provider and the ConfigMaps: 2 × PROGRESS_EVERY + 2 registrations.
    assert.deepEqual(seen, [PROGRESS_EVERY, PROGRESS_EVERY * 2]);
  });

  it("throws when a program makes an invoke the fakes cannot answer", async () => {
    await assert.rejects(
      render(() => pulumi.runtime.invoke("nope:index:nothing", {})),
      /no fake answer for invoke\(s\) nope:index:nothing/,
    );
  });
});
