import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { fakeArmToken } from "../../../../cli/engine/answers/azure";
import { principalTypeOfToken } from "../../../../components/cluster/azure";
import { BadInputError } from "../../../../components/bad-input";
import { input, one, render } from "../../../helpers/mocks";
import { args, program } from "./fixtures";

const ROLE = "azure-native:authorization:RoleAssignment";

/** A JWT with the given payload; header and signature do not matter to the reader. */
function jwt(payload: Record<string, unknown>): string {
  return `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
}

describe("AksCluster deployer identity", () => {
  describe("principalTypeOfToken", () => {
    it("reads a user from a delegated token and a service principal from an app-only one", () => {
      assert.equal(principalTypeOfToken(jwt({ oid: "u", idtyp: "user", scp: "user_impersonation" })), "User");
      assert.equal(principalTypeOfToken(jwt({ oid: "u", scp: "user_impersonation" })), "User");
      assert.equal(principalTypeOfToken(jwt({ oid: "a", idtyp: "app" })), "ServicePrincipal");
      assert.equal(principalTypeOfToken(jwt({ oid: "a", roles: ["x"] })), "ServicePrincipal");
    });

    it("throws a RunError (no stack trace under pulumi up), naming deployerPrincipalType, for a token it cannot read", () => {
      assert.throws(
        () => principalTypeOfToken("not-a-jwt"),
        (e: unknown) =>
          pulumi.RunError.isInstance(e) &&
          e.message === 'could not tell from the Azure token whether Pulumi runs as a user or a service principal; set AksClusterArgs.deployerPrincipalType to "User" or "ServicePrincipal"',
      );
    });
  });

  it("grants the deployer cluster-admin as a User when Pulumi runs as a signed-in user", async () => {
    const run = await render(program(args()));
    assert.equal(input(one(run, ROLE, "ml-deployer-admin"), "principalType"), "User");
  });

  it("grants it as a ServicePrincipal when Pulumi runs as an app (a CI service principal or managed identity)", async () => {
    const fakes = { outputs: {}, invokes: { "azure-native:authorization:getClientToken": () => ({ token: fakeArmToken("app") }) } };
    const run = await render(program(args()), { fakes });
    assert.equal(input(one(run, ROLE, "ml-deployer-admin"), "principalType"), "ServicePrincipal");
  });

  it("takes the principal type from deployerPrincipalType without reading the token", async () => {
    const fakes = { outputs: {}, invokes: { "azure-native:authorization:getClientToken": () => ({ token: "unreadable" }) } };
    const run = await render(program(args({ deployerPrincipalType: "ServicePrincipal" })), { fakes });
    assert.equal(input(one(run, ROLE, "ml-deployer-admin"), "principalType"), "ServicePrincipal");
  });

  it("rejects a deployerPrincipalType Azure role assignments do not take", () => {
    assert.throws(
      () => program(args({ deployerPrincipalType: "Group" as never }))(),
      (e: unknown) =>
        e instanceof BadInputError &&
        e.problems.some((p) => p.path === "deployerPrincipalType" && p.message === 'must be "User" or "ServicePrincipal" (who runs pulumi up), got "Group"'),
    );
  });
});
