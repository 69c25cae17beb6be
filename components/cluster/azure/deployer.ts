/**
 * Who runs `pulumi up`, as Azure role assignments need to know it. Azure refuses an assignment
 * whose `principalType` is not the principal's real type (`UnmatchedPrincipalType`), and a
 * deployment runs as a user on a laptop but as a service principal or managed identity in CI.
 * Pulumi's own ARM access token says which: Entra ID gives a user a delegated token (with an
 * `scp` claim, and `idtyp: "user"` where the optional claim is issued) and an application an
 * app-only token (`idtyp: "app"`, no `scp`) (Microsoft identity platform, "Access token claims
 * reference", read 2026-11).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import type { DeployerPrincipalType } from "./args";

const UNREADABLE =
  'could not tell from the Azure token whether Pulumi runs as a user or a service principal; set AksClusterArgs.deployerPrincipalType to "User" or "ServicePrincipal"';

/** The principal type behind an ARM access token (a JWT). Reads the claims only; verifies nothing. */
export function principalTypeOfToken(token: string): DeployerPrincipalType {
  const payload = token.split(".")[1];
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new pulumi.RunError(UNREADABLE);
  }
  // RunErrors: the user fixes it in the args, and Pulumi prints it without a stack trace.
  if (claims === null || typeof claims !== "object") throw new pulumi.RunError(UNREADABLE);
  if (claims.idtyp === "app") return "ServicePrincipal";
  if (claims.idtyp === "user") return "User";
  return typeof claims.scp === "string" ? "User" : "ServicePrincipal";
}

/**
 * The deployer's principal type: the one given, else read from Pulumi's token when the program
 * runs (preview included). The token never leaves this function; the result is not secret.
 */
export function deployerPrincipalType(given: DeployerPrincipalType | undefined, parent: pulumi.Resource): pulumi.Output<DeployerPrincipalType> {
  if (given !== undefined) return pulumi.output(given);
  const token = authorization.getClientTokenOutput({}, { parent }).token;
  return pulumi.unsecret(token.apply(principalTypeOfToken));
}
