export * from "./partners";
export * from "./vendor";
export * from "./psa";
export * from "./tickets";
export * from "./billing";
