export * from "./types";
export * from "./gpus";
export * from "./instances";
export * from "./regions";
export * from "./clouds";
export * from "./daemons";
export * from "./prices";
