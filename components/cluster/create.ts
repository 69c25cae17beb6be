/**
 * The one place that turns a cloud name into a cluster: everything above `cluster/` gets a
 * ClusterContract and never asks which cloud it is on.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../catalog/types";
import { EksCluster } from "./aws";
import { AksCluster } from "./azure";
import type { ClusterArgs } from "./common";
import type { ClusterContract } from "./contract";
import { GkeCluster } from "./gcp";

/** Builds a cluster for a spec and its plan: `createCluster`, or a fake in tests. */
export type ClusterFactory = (name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) => ClusterContract;

/** The cluster for the spec's cloud, with each cloud's defaults for its own options. */
export const createCluster: ClusterFactory = (name, args, opts) => {
  const cloud: Cloud = args.spec.cloud;
  switch (cloud) {
    case "aws":
      return new EksCluster(name, args, opts);
    case "gcp":
      return new GkeCluster(name, args, opts);
    case "azure":
      return new AksCluster(name, args, opts);
    default: {
      const never: never = cloud;
      throw new Error(`no cluster implementation for cloud "${String(never)}"`);
    }
  }
};
