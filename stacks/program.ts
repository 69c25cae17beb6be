/**
 * The Pulumi program: stack config -> MlPlatform -> stack outputs. A function, so that the offline
 * render can run it more than once in one process (shared/reference/pulumi-offline.md §1.5).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { checkInput } from "../components/bad-input";
import { lockFileName, parseLock } from "../components/capacity/lock";
import type { CapacityPlan } from "../components/capacity/types";
import { MlPlatform, secretConfigKeys } from "../components/platform";
import { PLATFORM_CONFIG_NAME, PLATFORM_CONFIG_NAMESPACE } from "../components/spec/defaults";
import { validateSpec } from "../components/spec/validate";

export interface ProgramOptions {
  /** Where the stack files and capacity locks live. @default this file's directory */
  readonly stacksDir?: string;
}

export async function platformProgram(options: ProgramOptions = {}): Promise<Record<string, unknown>> {
  const config = new pulumi.Config(PLATFORM_CONFIG_NAMESPACE);
  const spec = config.requireObject<unknown>(PLATFORM_CONFIG_NAME);
  const stacksDir = options.stacksDir ?? __dirname;
  // A bad lock file or spec is bad input, not a crash: a RunError, as MlPlatform's own checks.
  const { lockedPlan, secretKeys } = checkInput(() => ({
    lockedPlan: readLock(path.join(stacksDir, path.basename(lockFileName(pulumi.getStack())))),
    secretKeys: secretConfigKeys(validateSpec(spec)),
  }));
  const platform = new MlPlatform("ml", {
    spec,
    lockedPlan,
    secrets: Object.fromEntries(secretKeys.map((key) => [key, config.requireSecret(key)])),
  });
  return {
    kubeconfig: platform.kubeconfig,
    capacityPlan: platform.capacityPlan,
    endpoints: platform.endpoints,
    grafanaUrl: platform.grafanaUrl,
    grafanaAdminPassword: platform.grafanaAdminPassword,
  };
}

/** The committed capacity lock of the stack, if there is one. */
function readLock(file: string): CapacityPlan | undefined {
  if (!fs.existsSync(file)) return undefined;
  return parseLock(fs.readFileSync(file, "utf8"), path.basename(file));
}
