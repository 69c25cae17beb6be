/**
 * What every builder of the EKS cluster's children shares: names, the parent, the spec, the
 * resolved options, and helpers for ARNs, tags and the region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ValidSpec } from "../../spec/types";
import { EksClusterArgs, EksOptions, eksOptions } from "./args";

export interface EksContext {
  /** The component's name: every child's name starts with it. */
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly spec: ValidSpec;
  readonly options: EksOptions;
  /** `aws`, `aws-cn` or `aws-us-gov`, for ARNs of AWS-managed policies. */
  readonly partition: pulumi.Output<string>;
}

export function eksContext(name: string, parent: pulumi.Resource, args: EksClusterArgs): EksContext {
  return {
    name,
    parent,
    spec: args.spec,
    options: eksOptions(args),
    partition: aws.getPartitionOutput({}, { parent }).partition,
  };
}

/**
 * The spec's region, set on every regional resource (pulumi-aws v7 "enhanced region support"), so
 * the cluster lands where the spec says even when the provider's default region differs.
 */
export function regional(ctx: EksContext): { readonly region: string } {
  return { region: ctx.spec.region };
}

/** Tags on every AWS resource: who owns it, for cost reports and cleanup. */
export function tags(ctx: EksContext, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { "ml-clusters.io/cluster": ctx.spec.name, "managed-by": "pulumi", ...extra };
}

/** ARN of an AWS-managed IAM policy (`AmazonEKSClusterPolicy`, `service-role/...`). */
export function managedPolicyArn(ctx: EksContext, policy: string): pulumi.Output<string> {
  return pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${policy}`;
}

/** Options for a child resource: parented to the component. */
export function child(ctx: EksContext, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { parent: ctx.parent, ...extra };
}
