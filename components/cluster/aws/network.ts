/**
 * The VPC: private subnets for nodes and pods in up to three zones, public subnets for NAT gateways
 * and internet-facing load balancers, routes through NAT, and the subnet tags the AWS load-balancer
 * integrations look for. Or, with `spec.network.existingSubnetIds`, the user's subnets and nothing
 * created.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAT_GATEWAY_COUNT } from "./args";
import { child, EksContext, regional, tags } from "./context";
import { subnetLayout } from "./subnets";
import { EKS_UNSUPPORTED_ZONE_IDS, zoneCount } from "./tables";

export interface EksNetwork {
  /** Node, pod and control-plane subnets (private, one per zone). */
  readonly privateSubnetIds: readonly pulumi.Input<string>[];
  /** Subnets for internet-facing load balancers; empty with existing subnets. */
  readonly publicSubnetIds: readonly pulumi.Input<string>[];
  /** What nodes need before they boot: routes to the NAT gateways (empty with existing subnets). */
  readonly egress: readonly pulumi.Resource[];
  /** The VPC's IPv4 ranges: the spec's network, or every range of the existing subnets' VPC. */
  readonly vpcCidrs: pulumi.Output<string[]>;
}

/**
 * Subnet tags read by the in-tree AWS cloud provider and the AWS Load Balancer Controller when they
 * place internal (`internal-elb`) and internet-facing (`elb`) load balancers (AWS Load Balancer
 * Controller docs, "Subnet auto-discovery", read 2026-08).
 */
export const INTERNAL_ELB_SUBNET_TAG = "kubernetes.io/role/internal-elb";
export const PUBLIC_ELB_SUBNET_TAG = "kubernetes.io/role/elb";

export function clusterSubnetTag(clusterName: string): string {
  return `kubernetes.io/cluster/${clusterName}`;
}

export function eksNetwork(ctx: EksContext): EksNetwork {
  const existing = ctx.spec.network.existingSubnetIds;
  if (existing !== undefined) return { privateSubnetIds: [...existing], publicSubnetIds: [], egress: [], vpcCidrs: existingVpcCidrs(ctx, existing[0]) };
  return createdNetwork(ctx);
}

/**
 * Every IPv4 range of the VPC the existing subnets are in (EKS requires them in one VPC): the
 * primary block and any secondary block still associated, where nodes and load balancers of
 * subnets carved from it take their addresses.
 */
function existingVpcCidrs(ctx: EksContext, subnetId: string): pulumi.Output<string[]> {
  const subnet = aws.ec2.getSubnetOutput({ ...regional(ctx), id: subnetId }, { parent: ctx.parent });
  const vpc = aws.ec2.getVpcOutput({ ...regional(ctx), id: subnet.vpcId }, { parent: ctx.parent });
  return pulumi.all([vpc.cidrBlock, vpc.cidrBlockAssociations]).apply(([primary, associations]) => [
    ...new Set([primary, ...associations.filter((a) => a.state === "associated").map((a) => a.cidrBlock)]),
  ]);
}

function createdNetwork(ctx: EksContext): EksNetwork {
  const { name, spec } = ctx;
  const zones = zoneCount(spec.region);
  const layout = subnetLayout(spec.network.cidr, zones);
  const zoneNames = aws.getAvailabilityZonesOutput(
    {
      ...regional(ctx),
      state: "available",
      excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
      // Local and Wavelength zones are opt-in; EKS cannot use them for the control plane.
      filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    },
    { parent: ctx.parent },
  ).names;

  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    // A private API endpoint resolves through the VPC's DNS: both settings are required (EKS User Guide, "Cluster API server endpoint").
    { ...regional(ctx), cidrBlock: spec.network.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(ctx, { Name: spec.name }) },
    child(ctx),
  );
  // Adopting the default security group strips its allow-all rules (CIS AWS Foundations 5.4): nothing may use it by accident.
  new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { ...regional(ctx), vpcId: vpc.id, tags: tags(ctx, { Name: `${spec.name}-default` }) }, child(ctx));
  const igw = new aws.ec2.InternetGateway(`${name}-igw`, { ...regional(ctx), vpcId: vpc.id, tags: tags(ctx, { Name: spec.name }) }, child(ctx));
  const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, { ...regional(ctx), vpcId: vpc.id, tags: tags(ctx, { Name: `${spec.name}-public` }) }, child(ctx));
  const internetRoute = new aws.ec2.Route(
    `${name}-public-internet`,
    { ...regional(ctx), routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
    child(ctx),
  );

  const clusterTag = { [clusterSubnetTag(spec.name)]: "shared" };
  const publicSubnets = layout.public.map((cidr, i) => {
    const subnet = new aws.ec2.Subnet(
      `${name}-public-${i}`,
      {
        ...regional(ctx),
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: zoneAt(zoneNames, i, ctx.spec.region),
        // Nothing launched here gets a public address unless it asks (NAT gateways and load balancers bring their own).
        mapPublicIpOnLaunch: false,
        tags: tags(ctx, { Name: `${spec.name}-public-${i}`, [PUBLIC_ELB_SUBNET_TAG]: "1", ...clusterTag }),
      },
      child(ctx),
    );
    new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { ...regional(ctx), subnetId: subnet.id, routeTableId: publicRoutes.id }, child(ctx));
    return subnet;
  });

  const natCount = NAT_GATEWAY_COUNT[ctx.options.natGateways](zones);
  const nats = publicSubnets.slice(0, natCount).map((subnet, i) => {
    const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { ...regional(ctx), domain: "vpc", tags: tags(ctx, { Name: `${spec.name}-nat-${i}` }) }, child(ctx));
    return new aws.ec2.NatGateway(
      `${name}-nat-${i}`,
      { ...regional(ctx), allocationId: eip.id, subnetId: subnet.id, tags: tags(ctx, { Name: `${spec.name}-nat-${i}` }) },
      child(ctx, { dependsOn: [internetRoute] }),
    );
  });

  const egress: pulumi.Resource[] = [];
  const privateSubnets = layout.private.map((cidr, i) => {
    const subnet = new aws.ec2.Subnet(
      `${name}-private-${i}`,
      {
        ...regional(ctx),
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: zoneAt(zoneNames, i, ctx.spec.region),
        mapPublicIpOnLaunch: false,
        tags: tags(ctx, { Name: `${spec.name}-private-${i}`, [INTERNAL_ELB_SUBNET_TAG]: "1", ...clusterTag }),
      },
      child(ctx),
    );
    const routes = new aws.ec2.RouteTable(`${name}-private-${i}`, { ...regional(ctx), vpcId: vpc.id, tags: tags(ctx, { Name: `${spec.name}-private-${i}` }) }, child(ctx));
    const natRoute = new aws.ec2.Route(
      `${name}-private-${i}-nat`,
      { ...regional(ctx), routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id },
      child(ctx),
    );
    const association = new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { ...regional(ctx), subnetId: subnet.id, routeTableId: routes.id }, child(ctx));
    egress.push(natRoute, association);
    return subnet;
  });

  return { privateSubnetIds: privateSubnets.map((s) => s.id), publicSubnetIds: publicSubnets.map((s) => s.id), egress, vpcCidrs: pulumi.output([spec.network.cidr]) };
}

/** The i-th usable zone; an account with fewer zones than the region table says fails with the reason. */
function zoneAt(names: pulumi.Output<string[]>, i: number, region: string): pulumi.Output<string> {
  return names.apply((zones) => {
    if (zones[i] === undefined) {
      // A RunError: the user fixes it in config, and Pulumi prints it without a stack trace.
      throw new pulumi.RunError(`region ${region} offers this account ${zones.length} zone(s) EKS can use, and the VPC needs ${i + 1}; use existing subnets (network.existingSubnetIds) instead`);
    }
    return zones[i];
  });
}
