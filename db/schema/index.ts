export * from "./partners";
export * from "./vendor";
