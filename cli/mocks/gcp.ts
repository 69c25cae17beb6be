import { ProviderFakes } from "./types";

export const FAKE_GCP_PROJECT = "ml-clusters-project";

export const gcpFakes: ProviderFakes = {
  outputs: {},
  invokes: {
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: FAKE_GCP_PROJECT, region: "us-central1", zone: "us-central1-a", accessToken: "fake-token", id: "client-config" }),
    "gcp:organizations/getProject:getProject": () => ({ projectId: FAKE_GCP_PROJECT, number: "123456789012", name: FAKE_GCP_PROJECT, id: FAKE_GCP_PROJECT }),
  },
};
