/**
 * Project-level pieces: the APIs the cluster needs, and the project number that names Google's
 * service agents.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { REQUIRED_APIS, RequiredApi } from "./gke-facts";

/**
 * Enables the required APIs. `disableOnDestroy: false`: other workloads in the project may use
 * them, and turning an API off deletes its resources project-wide.
 */
export function enableApis(name: string, project: string, parent: pulumi.Resource): { readonly [api in RequiredApi]: gcp.projects.Service } {
  return Object.fromEntries(
    REQUIRED_APIS.map((api) => [
      api,
      new gcp.projects.Service(
        `${name}-api-${api.split(".")[0]}`,
        { project, service: api, disableOnDestroy: false, disableDependentServices: false },
        { parent },
      ),
    ]),
  ) as { [api in RequiredApi]: gcp.projects.Service };
}

/** The project number, which service agents' e-mail addresses are built from. */
export function projectNumber(project: string, parent: pulumi.Resource): pulumi.Output<string> {
  return gcp.organizations.getProjectOutput({ projectId: project }, { parent }).number;
}

/** The GKE service agent, which encrypts Secrets in etcd with the cluster's key. */
export function gkeServiceAgent(number: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`serviceAccount:service-${number}@container-engine-robot.iam.gserviceaccount.com`;
}

/** The Compute Engine service agent, which encrypts boot disks and persistent disks with a CMEK. */
export function computeServiceAgent(number: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`serviceAccount:service-${number}@compute-system.iam.gserviceaccount.com`;
}
