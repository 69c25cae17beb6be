/**
 * Customer-managed encryption: one key ring in the cluster's region with a key for Kubernetes
 * Secrets in etcd (application-layer secrets encryption, CIS GKE 5.3.1) and a key for node boot
 * disks and checkpoint volumes (CIS GKE 5.9.1/5.9.2). Both rotate every 90 days. Keys are
 * protected with the cluster and kept on delete: destroying one makes every disk and Secret it
 * encrypted unreadable.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { KMS_ROTATION_PERIOD } from "./gke-facts";
import { computeServiceAgent, gkeServiceAgent } from "./project";

const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export interface EncryptionKeys {
  readonly keyRing: gcp.kms.KeyRing;
  readonly secretsKey: gcp.kms.CryptoKey;
  readonly diskKey: gcp.kms.CryptoKey;
  /** `projects/<p>/locations/<r>/keyRings/<ring>/cryptoKeys/<key>`, the form GKE and the PD CSI driver take. */
  readonly secretsKeyName: pulumi.Output<string>;
  readonly diskKeyName: pulumi.Output<string>;
  /** The GKE service agent's grant on the secrets key: the cluster cannot be created before it. */
  readonly secretsGrant: gcp.kms.CryptoKeyIAMMember;
  /** The Compute Engine service agent's grant on the disk key: no node or volume before it. */
  readonly diskGrant: gcp.kms.CryptoKeyIAMMember;
}

export interface EncryptionArgs {
  readonly project: string;
  readonly region: string;
  readonly projectNumber: pulumi.Input<string>;
  readonly protect: boolean;
  /** The Cloud KMS API. */
  readonly kmsApi: pulumi.Resource;
  /** The GKE and Compute Engine APIs: enabling them creates the service agents granted here. */
  readonly containerApi: pulumi.Resource;
  readonly computeApi: pulumi.Resource;
}

export function encryptionKeys(name: string, args: EncryptionArgs, parent: pulumi.Resource): EncryptionKeys {
  const keep = { protect: args.protect, retainOnDelete: true };
  const keyRing = new gcp.kms.KeyRing(`${name}-keys`, { project: args.project, location: args.region }, { parent, dependsOn: [args.kmsApi], ...keep });
  // The key's resource name, which is also what the CryptoKey's id holds.
  const ringName = pulumi.interpolate`projects/${args.project}/locations/${args.region}/keyRings/${keyRing.name}`;
  const key = (suffix: string, purpose: string): gcp.kms.CryptoKey =>
    new gcp.kms.CryptoKey(
      `${name}-${suffix}`,
      { keyRing: ringName, purpose: "ENCRYPT_DECRYPT", rotationPeriod: KMS_ROTATION_PERIOD, labels: { "ml-clusters-use": purpose } },
      { parent, ...keep },
    );
  const secretsKey = key("secrets-key", "gke-secrets");
  const diskKey = key("disk-key", "gke-disks");
  const secretsKeyName = pulumi.interpolate`${ringName}/cryptoKeys/${secretsKey.name}`;
  const diskKeyName = pulumi.interpolate`${ringName}/cryptoKeys/${diskKey.name}`;
  const secretsGrant = new gcp.kms.CryptoKeyIAMMember(
    `${name}-secrets-key-gke-agent`,
    { cryptoKeyId: secretsKeyName, role: ENCRYPTER_DECRYPTER, member: gkeServiceAgent(args.projectNumber) },
    { parent, dependsOn: [args.containerApi] },
  );
  const diskGrant = new gcp.kms.CryptoKeyIAMMember(
    `${name}-disk-key-compute-agent`,
    { cryptoKeyId: diskKeyName, role: ENCRYPTER_DECRYPTER, member: computeServiceAgent(args.projectNumber) },
    { parent, dependsOn: [args.computeApi] },
  );
  return { keyRing, secretsKey, diskKey, secretsKeyName, diskKeyName, secretsGrant, diskGrant };
}
