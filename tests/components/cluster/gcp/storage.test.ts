import assert from "node:assert/strict";
import { MockRun, input, one } from "../../../helpers/mocks";
import { gkeArgs, renderGke } from "./fixtures";

const SC = "kubernetes:storage.k8s.io/v1:StorageClass";

describe("GkeCluster storage classes", () => {
  let run: MockRun;
  before(async () => {
    run = await renderGke(gkeArgs());
  });

  it("creates a ReadWriteOnce checkpoint class on Persistent Disk that keeps its volumes and can grow", () => {
    const sc = one(run, SC, "ml-dev-checkpoint");
    const key = input(one(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "ml-dev-disk-key-compute-agent"), "cryptoKeyId");
    assert.deepEqual(sc.inputs, {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ml-checkpoint", labels: { "app.kubernetes.io/managed-by": "ml-clusters" } },
      provisioner: "pd.csi.storage.gke.io",
      parameters: { type: "pd-balanced", "disk-encryption-kms-key": key },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  });

  it("creates a ReadWriteMany class on Filestore in the cluster's VPC that keeps its volumes", () => {
    const sc = one(run, SC, "ml-dev-shared-file");
    const vpc = one(run, "gcp:compute/network:Network").name;
    assert.equal(input(sc, "provisioner"), "filestore.csi.storage.gke.io");
    assert.equal(input(sc, "reclaimPolicy"), "Retain");
    assert.equal(input(sc, "allowVolumeExpansion"), true);
    assert.equal(input(sc, "parameters.tier"), "standard");
    assert.equal(input(sc, "parameters.connect-mode"), "DIRECT_PEERING");
    assert.match(input(sc, "parameters.network"), new RegExp(`^${vpc}-[0-9a-f]{7}$`));
  });

  it("turns on the CSI drivers both classes need and waits for the Filestore API", () => {
    const cluster = one(run, "gcp:container/cluster:Cluster");
    assert.deepEqual(input(cluster, "addonsConfig.gcePersistentDiskCsiDriverConfig"), { enabled: true });
    assert.deepEqual(input(cluster, "addonsConfig.gcpFilestoreCsiDriverConfig"), { enabled: true });
    const api = one(run, "gcp:projects/service:Service", "ml-dev-api-file");
    assert.ok(one(run, SC, "ml-dev-shared-file").options.dependsOn?.includes(api.urn));
  });

  it("deletes the classes with the cluster instead of one by one", () => {
    const cluster = one(run, "gcp:container/cluster:Cluster");
    assert.equal(one(run, SC, "ml-dev-checkpoint").options.deletedWith, cluster.urn);
    assert.equal(one(run, SC, "ml-dev-shared-file").options.deletedWith, cluster.urn);
  });
});
