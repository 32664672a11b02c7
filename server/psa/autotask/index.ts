/** Autotask REST v1.0 connector. */
export { AutotaskConnector } from "./connector";
export { clearAutotaskConnectionCache, DEFAULT_HOURLY_BUDGET, DEFAULT_ZONE_DISCOVERY_URL } from "./client";
export { CONNECTION_MESSAGES as AUTOTASK_CONNECTION_MESSAGES } from "./test-connection";
