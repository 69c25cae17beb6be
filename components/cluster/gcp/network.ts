/**
 * The cluster's network: a VPC with one subnetwork (nodes as the primary range, pods and services
 * as secondary ranges), Private Google Access so private nodes reach Google APIs, and Cloud NAT
 * for other egress (nodes have no public IPs). Or an existing subnetwork, which must bring its
 * own secondary ranges and egress.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { ValidSpec } from "../../spec/types";
import { DEFAULT_PODS_RANGE_NAME, DEFAULT_SERVICES_RANGE_NAME } from "./args";
import { carveRanges, defaultMasterCidr } from "./ranges";

export interface GkeNetwork {
  readonly network: pulumi.Output<string>;
  readonly subnetwork: pulumi.Output<string>;
  /** The VPC's short name, which the Filestore CSI driver takes as its `network` parameter. */
  readonly networkName: pulumi.Output<string>;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  readonly masterCidr: string;
  /** The subnetwork's primary range, where nodes take their addresses. */
  readonly nodesCidr: pulumi.Output<string>;
  /** Resources nodes need before they start (the NAT gateway for image pulls). */
  readonly resources: readonly pulumi.Resource[];
}

export interface NetworkArgs {
  readonly spec: ValidSpec;
  readonly project: string;
  readonly masterCidr?: string;
  readonly podsRangeName?: string;
  readonly servicesRangeName?: string;
  readonly computeApi: pulumi.Resource;
}

/**
 * VPC flow logs on every subnetwork with the values CIS Google Cloud 3.8 asks for (5-second
 * aggregation, all flows sampled, all metadata): small next to a GPU bill, and the only record of
 * what a compromised pod talked to.
 */
const FLOW_LOGS = Object.freeze({ aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" });

export function gkeNetwork(name: string, args: NetworkArgs, parent: pulumi.Resource): GkeNetwork {
  const existing = args.spec.network.existingSubnetIds?.[0];
  if (existing !== undefined) {
    return existingNetwork(existing, { ...args, masterCidr: args.masterCidr ?? defaultMasterCidr(args.spec.network.cidr) }, parent);
  }
  const ranges = carveRanges(args.spec.network.cidr);
  const masterCidr = args.masterCidr ?? ranges.master;

  const region = args.spec.region;
  const network = new gcp.compute.Network(
    `${name}-vpc`,
    { project: args.project, autoCreateSubnetworks: false, routingMode: "REGIONAL", description: `ml-clusters network of ${name}` },
    { parent, dependsOn: [args.computeApi] },
  );
  const subnetwork = new gcp.compute.Subnetwork(
    `${name}-nodes`,
    {
      project: args.project,
      region,
      network: network.selfLink,
      ipCidrRange: ranges.nodes,
      secondaryIpRanges: [
        { rangeName: DEFAULT_PODS_RANGE_NAME, ipCidrRange: ranges.pods },
        { rangeName: DEFAULT_SERVICES_RANGE_NAME, ipCidrRange: ranges.services },
      ],
      privateIpGoogleAccess: true,
      logConfig: { ...FLOW_LOGS },
    },
    { parent },
  );
  const router = new gcp.compute.Router(`${name}-router`, { project: args.project, region, network: network.selfLink }, { parent });
  const nat = new gcp.compute.RouterNat(
    `${name}-nat`,
    {
      project: args.project,
      region,
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    },
    { parent },
  );
  return {
    network: network.selfLink,
    subnetwork: subnetwork.selfLink,
    networkName: network.name,
    podsRangeName: DEFAULT_PODS_RANGE_NAME,
    servicesRangeName: DEFAULT_SERVICES_RANGE_NAME,
    masterCidr,
    nodesCidr: pulumi.output(ranges.nodes),
    resources: [subnetwork, nat],
  };
}

function existingNetwork(selfLink: string, args: NetworkArgs & { readonly masterCidr: string }, parent: pulumi.Resource): GkeNetwork {
  const pods = args.podsRangeName ?? DEFAULT_PODS_RANGE_NAME;
  const services = args.servicesRangeName ?? DEFAULT_SERVICES_RANGE_NAME;
  const subnet = gcp.compute.getSubnetworkOutput({ selfLink }, { parent });
  // Read when the program runs (preview included): a missing range would otherwise surface only
  // as a GKE API error half-way through creating the cluster.
  const checked = subnet.apply((s) => {
    const names = s.secondaryIpRanges.map((r) => r.rangeName);
    const missing = [pods, services].filter((n) => !names.includes(n));
    if (missing.length > 0) {
      // A RunError: bad input the user fixes in config, which Pulumi prints without a stack trace.
      throw new pulumi.RunError(
        `network.existingSubnetIds[0]: subnetwork "${s.name ?? selfLink}" has no secondary range ${missing.map((m) => `"${m}"`).join(" or ")} ` +
          `(it has: ${names.join(", ") || "none"}); add the ranges, or name the ones it has with podsRangeName and servicesRangeName`,
      );
    }
    if (!s.privateIpGoogleAccess) {
      pulumi.log.warn(`subnetwork "${s.name ?? selfLink}" has Private Google Access off: private nodes cannot reach Google APIs or pull from Artifact Registry`);
    }
    return s;
  });
  return {
    network: checked.network,
    subnetwork: checked.selfLink,
    networkName: checked.network.apply((n) => n.split("/").pop() ?? n),
    podsRangeName: pods,
    servicesRangeName: services,
    masterCidr: args.masterCidr,
    nodesCidr: checked.ipCidrRange,
    resources: [],
  };
}
