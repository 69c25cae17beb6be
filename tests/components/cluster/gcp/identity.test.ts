import assert from "node:assert/strict";
import type { GkeCluster } from "../../../../components/cluster/gcp";
import type { WorkloadIdentityBinding } from "../../../../components/cluster/contract";
import type { ValidRegistry } from "../../../../components/spec/types";
import { FAKE_GCP_PROJECT, FAKE_GCP_PROJECT_NUMBER } from "../../../../cli/engine/answers/gcp";
import { MockRun, input, ofType, one } from "../../../helpers/mocks";
import { validNamespace, validService, validTrainingJob } from "../../../helpers/builders";
import { gcpSpec, gkeArgs, gs, renderGke, renderGkeWithIdentities } from "./fixtures";

const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const REPO_MEMBER = "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember";
const CLUSTER = "gcp:container/cluster:Cluster";

function principal(namespace: string, serviceAccount: string): string {
  return (
    `principal://iam.googleapis.com/projects/${FAKE_GCP_PROJECT_NUMBER}/locations/global/workloadIdentityPools/` +
    `${FAKE_GCP_PROJECT}.svc.id.goog/subject/ns/${namespace}/sa/${serviceAccount}`
  );
}

/** Resources of a type sorted by name: the mock engine records them in the order their inputs resolve. */
function byName(run: MockRun, type: string) {
  return ofType(run, type).sort((a, b) => a.name.localeCompare(b.name));
}

function registry(project: string, location: string, repository: string): ValidRegistry {
  const host = `${location}-docker.pkg.dev`;
  return { written: `${host}/${project}/${repository}`, imagePrefix: `${host}/${project}/${repository}/`, project, location, repository };
}

describe("GkeCluster identity", () => {
  describe("a service that reads weights and a job that reads data and writes checkpoints", () => {
    let run: MockRun;
    const out: { cluster?: GkeCluster; bindings?: Map<string, WorkloadIdentityBinding> } = {};
    before(async () => {
      const spec = gcpSpec({
        namespaces: [validNamespace()],
        services: [validService({ access: { read: [gs("weights", "models/llama")], write: [] } }), validService({ name: "embed", key: "research/embed" })],
        trainingJobs: [validTrainingJob({ access: { read: [gs("corpus", "train")], write: [gs("ckpt", "finetune")] } })],
      });
      run = await renderGkeWithIdentities(gkeArgs({ spec }), out);
    });

    it("grants each bucket role to exactly the workload's namespace and ServiceAccount", () => {
      assert.deepEqual(
        byName(run, BUCKET_MEMBER).map((m) => [m.name, input(m, "bucket"), input(m, "role"), input(m, "member")]),
        [
          ["ml-dev-research-chat-weights-objectViewer", "weights", "roles/storage.objectViewer", principal("research", "chat")],
          ["ml-dev-research-finetune-ckpt-objectUser", "ckpt", "roles/storage.objectUser", principal("research", "finetune")],
          ["ml-dev-research-finetune-ckpt-objectViewer", "ckpt", "roles/storage.objectViewer", principal("research", "finetune")],
          ["ml-dev-research-finetune-corpus-objectViewer", "corpus", "roles/storage.objectViewer", principal("research", "finetune")],
        ],
      );
    });

    it("limits each grant to its folder with an IAM condition", () => {
      const write = one(run, BUCKET_MEMBER, "ml-dev-research-finetune-ckpt-objectUser");
      assert.deepEqual(input(write, "condition"), {
        title: "ml-clusters write prefixes",
        expression: 'resource.name.startsWith("projects/_/buckets/ckpt/objects/finetune/")',
      });
      const read = one(run, BUCKET_MEMBER, "ml-dev-research-chat-weights-objectViewer");
      assert.equal(input(read, "condition.title"), "ml-clusters list and read prefixes");
    });

    it("gives a workload without access no grant", () => {
      assert.equal(out.bindings?.has("research/embed"), false);
      assert.ok(ofType(run, BUCKET_MEMBER).every((m) => !String(input(m, "member")).endsWith("/sa/embed")));
    });

    it("needs no ServiceAccount annotation and no pod label, and is ready once its grants exist", () => {
      const chat = out.bindings!.get("research/chat")!;
      assert.deepEqual(chat.serviceAccountAnnotations, {});
      assert.deepEqual(chat.podLabels, {});
      assert.equal(chat.ready.length, 1);
      assert.equal(out.bindings!.get("research/finetune")!.ready.length, 3);
    });

    it("creates the grants after the cluster, whose Workload Identity creates the principal's pool", () => {
      const cluster = one(run, CLUSTER);
      for (const m of ofType(run, BUCKET_MEMBER)) assert.ok(m.options.dependsOn?.includes(cluster.urn), m.name);
      assert.deepEqual(input(cluster, "workloadIdentityConfig"), { workloadPool: `${FAKE_GCP_PROJECT}.svc.id.goog` });
    });

    it("parents the grants to the resource the caller passes", () => {
      const root = one(run, "ml-clusters:cluster:GkeCluster");
      for (const m of ofType(run, BUCKET_MEMBER)) assert.equal(m.parent, root.urn);
    });
  });

  describe("namespace members", () => {
    let run: MockRun;
    const out: { cluster?: GkeCluster } = {};
    before(async () => {
      const spec = gcpSpec({
        googleGroupsForRbac: "gke-security-groups@example.com",
        namespaces: [
          validNamespace({ members: ["group:ml-research@example.com", "user:ada@example.com"] }),
          validNamespace({ name: "prod", members: ["group:ml-research@example.com", "serviceAccount:deployer@ci-project.iam.gserviceaccount.com"] }),
        ],
      });
      run = await renderGke(gkeArgs({ spec }), { out });
    });

    it("gives every member cluster viewer on the project, once, so they can fetch credentials", () => {
      assert.deepEqual(
        byName(run, PROJECT_MEMBER)
          .filter((m) => input(m, "role") === "roles/container.clusterViewer")
          .map((m) => [m.name, input(m, "project"), input(m, "member")]),
        [
          ["ml-dev-viewer-group-ml-research@example.com", FAKE_GCP_PROJECT, "group:ml-research@example.com"],
          ["ml-dev-viewer-serviceAccount-deployer@ci-project.iam.gserviceaccount.com", FAKE_GCP_PROJECT, "serviceAccount:deployer@ci-project.iam.gserviceaccount.com"],
          ["ml-dev-viewer-user-ada@example.com", FAKE_GCP_PROJECT, "user:ada@example.com"],
        ],
      );
    });

    it("names groups as Group subjects and users and service accounts as User subjects, by email", () => {
      assert.deepEqual(out.cluster!.memberSubjects("prod", ["group:ml-research@example.com", "user:ada@example.com", "serviceAccount:deployer@ci-project.iam.gserviceaccount.com"]), [
        { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-research@example.com" },
        { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ada@example.com" },
        { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "deployer@ci-project.iam.gserviceaccount.com" },
      ]);
    });

    it("throws on a member in a form validation refuses", () => {
      assert.throws(() => out.cluster!.memberSubjects("prod", ["arn:aws:iam::123456789012:role/ml"]), /bug: GKE member "arn:aws:iam::123456789012:role\/ml"/);
    });

    it("turns on Google Groups for RBAC with the spec's security group", () => {
      assert.deepEqual(input(one(run, CLUSTER), "authenticatorGroupsConfig"), { securityGroup: "gke-security-groups@example.com" });
    });
  });

  describe("without members, registries or googleGroupsForRbac", () => {
    let run: MockRun;
    before(async () => {
      run = await renderGke(gkeArgs());
    });

    it("leaves Google Groups for RBAC unset and grants no cluster viewer", () => {
      assert.equal(input(one(run, CLUSTER), "authenticatorGroupsConfig"), undefined);
      assert.deepEqual(
        ofType(run, PROJECT_MEMBER).filter((m) => input(m, "role") === "roles/container.clusterViewer"),
        [],
      );
    });

    it("lets the nodes pull from the project's Artifact Registry and names no repository", () => {
      assert.equal(one(run, PROJECT_MEMBER, "ml-dev-nodes-artifactregistry-reader").inputs.role, "roles/artifactregistry.reader");
      assert.deepEqual(ofType(run, REPO_MEMBER), []);
    });
  });

  describe("private registries", () => {
    let run: MockRun;
    before(async () => {
      const registries = [registry("ml-images", "us-central1", "serving"), registry("shared-builds", "us", "base"), registry("ml-images", "us-central1", "serving")];
      run = await renderGke(gkeArgs({ spec: gcpSpec({ registries }) }));
    });

    it("grants the node service account Artifact Registry reader on each named repository, once", () => {
      assert.deepEqual(
        byName(run, REPO_MEMBER).map((m) => [m.name, input(m, "project"), input(m, "location"), input(m, "repository"), input(m, "role"), input(m, "member")]),
        [
          ["ml-dev-nodes-pull-us-central1-ml-images-serving", "ml-images", "us-central1", "serving", "roles/artifactregistry.reader", `serviceAccount:ml-dev-nodes@${FAKE_GCP_PROJECT}.iam.gserviceaccount.com`],
          ["ml-dev-nodes-pull-us-shared-builds-base", "shared-builds", "us", "base", "roles/artifactregistry.reader", `serviceAccount:ml-dev-nodes@${FAKE_GCP_PROJECT}.iam.gserviceaccount.com`],
        ],
      );
    });

    it("drops the project-wide Artifact Registry reader: the nodes pull from the listed repositories only", () => {
      const roles = ofType(run, PROJECT_MEMBER).map((m) => input(m, "role"));
      assert.deepEqual(roles.sort(), ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer"]);
    });

    it("starts no node before its pull grants exist", () => {
      const grants = ofType(run, REPO_MEMBER).map((m) => m.urn);
      for (const pool of ofType(run, "gcp:container/nodePool:NodePool")) {
        for (const urn of grants) assert.ok(pool.options.dependsOn?.includes(urn), `${pool.name} waits for ${urn}`);
      }
    });
  });
});
