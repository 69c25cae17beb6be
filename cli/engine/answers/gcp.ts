import { ProviderFakes, stableSuffix } from "./types";

/** Fake GCP answers: a fixed project, self links and resource names shaped like the real ones. */
export const FAKE_GCP_PROJECT = "ml-clusters-project";
export const FAKE_GCP_PROJECT_NUMBER = "123456789012";

const COMPUTE = "https://www.googleapis.com/compute/v1";

/** The name Pulumi would give an auto-named resource (the engine's fake id uses the same). */
function autoName(type: string, inputs: Record<string, any>, name: string): string {
  return typeof inputs.name === "string" ? inputs.name : `${name}-${stableSuffix(`${type}/${name}`)}`;
}

function project(inputs: Record<string, any>): string {
  return typeof inputs.project === "string" ? inputs.project : FAKE_GCP_PROJECT;
}

/** The n-th address of an IPv4 CIDR (`10.0.255.240/28`, 2 -> `10.0.255.242`). */
function nthAddress(cidr: string, n: number): string {
  const octets = cidr.split("/")[0].split(".").map(Number);
  const value = octets.reduce((v, o) => v * 256 + o, 0) + n;
  return [24, 16, 8, 0].map((s) => Math.floor(value / 2 ** s) % 256).join(".");
}

/** A PEM-shaped CA, base64 as GKE returns it in masterAuth.clusterCaCertificate. */
const FAKE_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIFakeGkeClusterCa\n-----END CERTIFICATE-----\n").toString("base64");

/**
 * Zones where the fake Compute Engine offers accelerator-optimized and N1 GPU shapes: the first
 * three of a region. Zone "f" offers general-purpose families only, as some real zones do.
 */
const GPU_FAMILIES = /^(a2|a3|a4|g2|g4)-/;

export const gcpFakes: ProviderFakes = {
  // A real stack sets gcp:project; a render of a bare spec file stands in this one.
  config: { "gcp:project": FAKE_GCP_PROJECT },
  outputs: {
    "gcp:compute/network:Network": (i, n) => {
      const name = autoName("gcp:compute/network:Network", i, n);
      return { name, selfLink: `${COMPUTE}/projects/${project(i)}/global/networks/${name}`, gatewayIpv4: "", numericId: "5550001" };
    },
    "gcp:compute/subnetwork:Subnetwork": (i, n) => {
      const name = autoName("gcp:compute/subnetwork:Subnetwork", i, n);
      return { name, selfLink: `${COMPUTE}/projects/${project(i)}/regions/${i.region}/subnetworks/${name}`, gatewayAddress: i.ipCidrRange ? nthAddress(i.ipCidrRange, 1) : "" };
    },
    "gcp:compute/router:Router": (i, n) => {
      const name = autoName("gcp:compute/router:Router", i, n);
      return { name, selfLink: `${COMPUTE}/projects/${project(i)}/regions/${i.region}/routers/${name}` };
    },
    "gcp:compute/routerNat:RouterNat": (i, n) => ({ name: autoName("gcp:compute/routerNat:RouterNat", i, n) }),
    "gcp:serviceaccount/account:Account": (i, n) => {
      const accountId = i.accountId ?? `${n}-${stableSuffix(n)}`.slice(0, 30);
      const email = `${accountId}@${project(i)}.iam.gserviceaccount.com`;
      return { accountId, email, member: `serviceAccount:${email}`, name: `projects/${project(i)}/serviceAccounts/${email}`, uniqueId: "108000000000000000001" };
    },
    "gcp:kms/keyRing:KeyRing": (i, n) => ({ name: autoName("gcp:kms/keyRing:KeyRing", i, n) }),
    "gcp:kms/cryptoKey:CryptoKey": (i, n) => ({ name: autoName("gcp:kms/cryptoKey:CryptoKey", i, n), primary: [{ name: "1", state: "ENABLED" }] }),
    "gcp:container/cluster:Cluster": (i, n) => {
      const name = autoName("gcp:container/cluster:Cluster", i, n);
      const pcc = i.privateClusterConfig ?? {};
      const privateEndpoint = pcc.masterIpv4CidrBlock ? nthAddress(pcc.masterIpv4CidrBlock, 2) : "10.0.255.242";
      const publicEndpoint = "34.118.20.7";
      return {
        name,
        endpoint: pcc.enablePrivateEndpoint ? privateEndpoint : publicEndpoint,
        masterVersion: `${i.minMasterVersion ?? "1.35"}.2-gke.1100000`,
        selfLink: `https://container.googleapis.com/v1/projects/${project(i)}/locations/${i.location}/clusters/${name}`,
        privateClusterConfig: { ...pcc, privateEndpoint, publicEndpoint, peeringName: `gke-n${stableSuffix(name)}-peer` },
        masterAuth: { ...(i.masterAuth ?? {}), clusterCaCertificate: FAKE_CA, clientCertificate: "", clientKey: "" },
      };
    },
    "gcp:container/nodePool:NodePool": (i, n) => {
      const name = typeof i.namePrefix === "string" ? `${i.namePrefix}${stableSuffix(n)}${"0".repeat(19)}` : autoName("gcp:container/nodePool:NodePool", i, n);
      return { name, instanceGroupUrls: [], managedInstanceGroupUrls: [], version: "1.35.2-gke.1100000" };
    },
  },
  invokes: {
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: FAKE_GCP_PROJECT, region: "us-central1", zone: "us-central1-a", accessToken: "fake-token", id: "client-config" }),
    "gcp:organizations/getProject:getProject": (i) => {
      const id = i.projectId ?? FAKE_GCP_PROJECT;
      return { projectId: id, number: FAKE_GCP_PROJECT_NUMBER, name: id, id: `projects/${id}` };
    },
    "gcp:compute/getZones:getZones": (i) => {
      const region = i.region ?? "us-central1";
      return { id: `projects/${project(i)}/regions/${region}`, project: project(i), region, status: i.status, names: ["a", "b", "c", "f"].map((z) => `${region}-${z}`) };
    },
    "gcp:compute/getMachineTypes:getMachineTypes": (i) => {
      const wanted = /name\s*=\s*"?([a-z0-9-]+)"?/.exec(i.filter ?? "")?.[1];
      const zone: string = i.zone ?? "us-central1-a";
      const offered = wanted !== undefined && !(zone.endsWith("-f") && GPU_FAMILIES.test(wanted));
      return {
        id: `projects/${project(i)}/zones/${zone}`,
        project: project(i),
        zone,
        filter: i.filter,
        machineTypes: offered ? [{ name: wanted, guestCpus: 0, memoryMb: 0, accelerators: [], isSharedCpus: false, description: `${wanted} (fake)`, maximumPersistentDisks: 128, maximumPersistentDisksSizeGb: "263168", selfLink: `${COMPUTE}/projects/${project(i)}/zones/${zone}/machineTypes/${wanted}`, deprecateds: [], bundledLocalSsds: [] }] : [],
      };
    },
    "gcp:compute/getSubnetwork:getSubnetwork": (i) => {
      const link: string = i.selfLink ?? `projects/${project(i)}/regions/${i.region}/subnetworks/${i.name}`;
      const m = /projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/]+)$/.exec(link);
      const [p, region, name] = m ? [m[1], m[2], m[3]] : [project(i), i.region ?? "us-central1", i.name ?? "subnet"];
      return {
        id: `projects/${p}/regions/${region}/subnetworks/${name}`,
        name,
        project: p,
        region,
        selfLink: `${COMPUTE}/projects/${p}/regions/${region}/subnetworks/${name}`,
        network: `${COMPUTE}/projects/${p}/global/networks/shared-vpc`,
        ipCidrRange: "10.20.0.0/20",
        gatewayAddress: "10.20.0.1",
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: "pods", ipCidrRange: "10.24.0.0/14" },
          { rangeName: "services", ipCidrRange: "10.28.0.0/20" },
        ],
        description: "",
        stackType: "IPV4_ONLY",
        ipv6AccessType: "",
        internalIpv6Prefix: "",
        externalIpv6Prefix: "",
        subnetworkId: 4242,
      };
    },
  },
};
