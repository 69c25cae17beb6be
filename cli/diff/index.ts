export * from "./compare";
export * from "./markdown";
export * from "./replacement";
export * from "./access";
