export * from "./lookup";
export { AWS_INSTANCE_TYPES } from "./aws";
export { GCP_INSTANCE_TYPES } from "./gcp";
export { AZURE_INSTANCE_TYPES } from "./azure";
