/** Helm releases of pinned charts, installed the same way for every add-on. */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ChartPin, chartSource } from "./charts";

/** How long Helm may take to roll out an add-on before the release fails (Helm's default is 300 s). */
export const RELEASE_TIMEOUT_SECONDS = 600;

/**
 * A `helm.v3.Release` of a pinned chart. The mock engine records its inputs (chart, version,
 * values), which is what tests and renders check; it cannot render the chart itself.
 */
export function helmRelease(
  resourceName: string,
  releaseName: string,
  pin: ChartPin,
  namespace: string,
  values: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    resourceName,
    {
      name: releaseName,
      ...chartSource(pin),
      version: pin.version,
      namespace,
      // A failed upgrade rolls back instead of leaving a half-applied add-on.
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      values,
    },
    opts,
  );
}

