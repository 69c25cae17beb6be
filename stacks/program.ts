/**
 * The Pulumi program: stack config -> MlPlatform -> stack outputs. A function, so that the offline
 * render can run it more than once in one process (shared/reference/pulumi-offline.md §1.5).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { checkInput } from "../components/bad-input";
import { MlPlatform, secretConfigKeys } from "../components/platform";
import { readCapacityLock, stackLockFile } from "../components/stack-files";
import { PLATFORM_CONFIG_NAME, PLATFORM_CONFIG_NAMESPACE } from "../components/spec/defaults";
import { validateSpec } from "../components/spec/validate";
import { apiKeysConfigKey } from "../components/spec/rules/api-keys";

export interface ProgramOptions {
  /**
   * The capacity lock to plan from, or null to plan without one.
   * @default - `capacity.<stack>.json` next to the stack file, in the Pulumi project the program runs in
   */
  readonly lockFile?: string | null;
}

export async function platformProgram(options: ProgramOptions = {}): Promise<Record<string, unknown>> {
  const config = new pulumi.Config(PLATFORM_CONFIG_NAMESPACE);
  const spec = config.requireObject<unknown>(PLATFORM_CONFIG_NAME);
  const lockFile = options.lockFile === undefined ? stackLockFile(pulumi.getStack()) : options.lockFile;
  // A bad lock file or spec is bad input, not a crash: a RunError, as MlPlatform's own checks.
  const { lockedPlan, secretKeys, apiKeysKey } = checkInput(() => {
    const valid = validateSpec(spec);
    return {
      lockedPlan: lockFile === null ? undefined : readCapacityLock(lockFile, path.basename(lockFile)),
      secretKeys: secretConfigKeys(valid),
      apiKeysKey: apiKeysConfigKey(valid),
    };
  });
  const platform = new MlPlatform("ml", {
    spec,
    lockedPlan,
    secrets: Object.fromEntries(secretKeys.map((key) => [key, config.requireSecret(key)])),
    // Read as plain data so MlPlatform can check it before any resource exists; it leaves
    // MlPlatform only as a Pulumi secret (one Kubernetes Secret).
    ...(apiKeysKey !== undefined ? { apiKeys: config.get(apiKeysKey) } : {}),
  });
  return {
    kubeconfig: platform.kubeconfig,
    capacityPlan: platform.capacityPlan,
    endpoints: platform.endpoints,
    grafanaUrl: platform.grafanaUrl,
    grafanaAdminPassword: platform.grafanaAdminPassword,
    // Only with a gateway: an undefined output is a warning on every update.
    ...(platform.gatewayUrl !== undefined ? { gatewayUrl: platform.gatewayUrl, gatewayUrls: platform.gatewayUrls } : {}),
    ...(platform.gatewayCaCertificate !== undefined ? { gatewayCaCertificate: platform.gatewayCaCertificate } : {}),
  };
}

