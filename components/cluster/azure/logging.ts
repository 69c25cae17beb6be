/**
 * Control-plane logging: a Log Analytics workspace (or the user's) and a diagnostic setting on
 * the cluster that sends it the audit, Entra sign-in and autoscaler logs (CIS AKS: control-plane
 * audit logging; AKS writes none of them anywhere unless a diagnostic setting asks).
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { LOG_RETENTION_DAYS } from "./args";
import { CONTROL_PLANE_LOG_CATEGORIES } from "./tables";

export interface WorkspaceArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly existingId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The workspace resource ID: the user's, or a new PerGB2018 workspace keeping logs 90 days. */
export function logWorkspace(name: string, args: WorkspaceArgs, parent: pulumi.Resource): pulumi.Output<string> {
  if (args.existingId !== undefined) return pulumi.output(args.existingId);
  const workspace = new operationalinsights.Workspace(
    `${name}-logs`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      tags: args.tags,
      sku: { name: "PerGB2018" },
      retentionInDays: LOG_RETENTION_DAYS,
    },
    { parent },
  );
  return workspace.id;
}

/** Sends the cluster's control-plane logs to the workspace, in resource-specific tables. */
export function controlPlaneLogs(
  name: string,
  args: { readonly clusterId: pulumi.Input<string>; readonly workspaceId: pulumi.Input<string>; readonly cluster: pulumi.Resource },
  parent: pulumi.Resource,
): monitor.DiagnosticSetting {
  return new monitor.DiagnosticSetting(
    `${name}-control-plane-logs`,
    {
      resourceUri: args.clusterId,
      workspaceId: args.workspaceId,
      logAnalyticsDestinationType: "Dedicated",
      logs: CONTROL_PLANE_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
    },
    { parent, deletedWith: args.cluster },
  );
}
