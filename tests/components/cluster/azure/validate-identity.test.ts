import assert from "node:assert/strict";
import { AksCluster } from "../../../../components/cluster/azure";
import { CONDITION_MAX_CHARS } from "../../../../components/cluster/azure/blob-condition";
import { checkAccess, checkMembers, checkRegistries } from "../../../../components/cluster/azure/validate-identity";
import { BadInputError } from "../../../../components/bad-input";
import { validNamespace, validService, validTrainingJob } from "../../../helpers/builders";
import { render } from "../../../helpers/mocks";
import { acr, args, containerLocation, spec } from "./fixtures";

const TEAM = "6f1c3a52-0d1e-4c1b-9a57-3c1e2b7d9f10";

describe("AksCluster identity checks", () => {
  describe("members", () => {
    it("accepts user and group object IDs", () => {
      assert.deepEqual(checkMembers([validNamespace({ members: [`group:${TEAM}`, `user:${TEAM}`] })]), []);
    });

    it("rejects a bare object ID and an email, naming the form that carries the kind", () => {
      assert.deepEqual(checkMembers([validNamespace(), validNamespace({ name: "vision", members: [`group:${TEAM}`, TEAM, "alice@example.com"] })]), [
        {
          path: "namespaces[1].members[1]",
          message: `must be "user:<object ID>" or "group:<object ID>" (an Entra object ID, a GUID), got "${TEAM}"; Azure refuses a role assignment whose principal type is not the object's own, so write which kind it is`,
        },
        {
          path: "namespaces[1].members[2]",
          message: `must be "user:<object ID>" or "group:<object ID>" (an Entra object ID, a GUID), got "alice@example.com"; Azure refuses a role assignment whose principal type is not the object's own, so write which kind it is`,
        },
      ]);
    });
  });

  describe("registries", () => {
    it("accepts a registry's ARM resource ID", () => {
      assert.deepEqual(checkRegistries([acr("mlimages")]), []);
    });

    it("rejects a login server instead of the resource ID", () => {
      assert.deepEqual(checkRegistries([acr("mlimages"), { written: "mlimages.azurecr.io", imagePrefix: "mlimages.azurecr.io/" }]), [
        {
          path: "registries[1]",
          message:
            'must be an Azure Container Registry\'s resource ID (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>), got "mlimages.azurecr.io"; copy it from `az acr show --name <name> --query id`',
        },
      ]);
    });
  });

  describe("access", () => {
    it("accepts containers with and without prefixes, and a workload without access", () => {
      assert.deepEqual(checkAccess(validService({ access: { read: [containerLocation("mldata", "corpus", "en")], write: [containerLocation("mlruns", "ckpt")] } })), []);
      assert.deepEqual(checkAccess(validService()), []);
    });

    it("rejects a blob URL that is not a container's resource ID", () => {
      const url = "https://mldata.blob.core.windows.net/corpus/en";
      const problems = checkAccess(validTrainingJob({ path: "trainingJobs[0]", access: { read: [{ url, bucket: url, prefix: "" }], write: [] } }));
      assert.deepEqual(problems.map((p) => p.path), ["trainingJobs[0].access.read[0]"]);
      assert.match(problems[0]!.message, /^must be a blob container's resource ID, optionally followed by a prefix \(\/subscriptions\/<id>\/.*\/containers\/<container>\[\/<prefix>\]\), got "https:\/\/mldata/);
    });

    it("rejects a prefix with a quote, which a condition cannot quote", () => {
      const problems = checkAccess(validService({ access: { read: [], write: [containerLocation("mlruns", "ckpt", "bob's")] } }));
      assert.deepEqual(problems, [
        { path: "services[0].access.write[0]", message: `the prefix "bob's" has a quote or backslash, which an Azure role assignment condition cannot quote; rename the prefix or grant its parent` },
      ]);
    });

    it("rejects prefixes whose condition would pass Azure's 8 KB limit", () => {
      const many = Array.from({ length: 40 }, (_, i) => containerLocation("mldata", "corpus", `shard-${String(i).padStart(3, "0")}-${"x".repeat(60)}`));
      const problems = checkAccess(validService({ access: { read: many, write: [] } }));
      assert.deepEqual(problems.map((p) => p.path), ["services[0].access.read"]);
      assert.match(problems[0]!.message, new RegExp(`make a role assignment condition of \\d+ characters, over Azure's ${CONDITION_MAX_CHARS}; grant fewer, shorter or common parent prefixes$`));
    });
  });

  it("throws before registering any resource when a member has no kind", async () => {
    let caught: unknown;
    const run = await render(() => {
      try {
        new AksCluster("ml", args({ spec: spec({ namespaces: [validNamespace({ members: [TEAM] })] }) }));
      } catch (e) {
        caught = e;
      }
    });
    assert.ok(caught instanceof BadInputError);
    assert.deepEqual(caught.problems.map((p) => p.path), ["namespaces[0].members[0]"]);
    assert.deepEqual(run.resources, []);
  });
});
