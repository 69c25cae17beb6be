/**
 * The offline engine `render` runs on: Pulumi's mock engine, answered per provider the way the
 * cloud would answer (answers/), recording every resource with its options (run.ts).
 */
export * from "./run";
export * from "./answers/types";
