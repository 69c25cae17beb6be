export * from "./lookup";
export * from "./cpu-lookup";
export { AWS_INSTANCE_TYPES } from "./aws";
export { GCP_INSTANCE_TYPES } from "./gcp";
export { AZURE_INSTANCE_TYPES } from "./azure";
export { AWS_CPU_INSTANCE_TYPES } from "./cpu-aws";
export { GCP_CPU_INSTANCE_TYPES } from "./cpu-gcp";
export { AZURE_CPU_INSTANCE_TYPES } from "./cpu-azure";
