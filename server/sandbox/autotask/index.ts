/** Public surface of the Autotask sandbox (route handler, tests, benchmarks, demo, Sandbox page). */
export { handleAutotaskSandbox, zoneBaseUrl } from "./handler";
export {
  autotaskZoneDiscoveryUrl,
  resetAutotaskTenant,
  seedAutotaskTenant,
  seedAutotaskTenant as seedTenant,
  ZONE_DISCOVERY_PATH,
  type AutotaskSandboxCredentials,
  type AutotaskSeedOptions,
  type SeededAutotaskTenant,
} from "./seed";
export { AUTOTASK_DEMO_TENANT, autotaskDemoConnection, demoCustomerNames, ensureAutotaskDemoTenants } from "./demo";
export {
  autotaskRequestLog,
  clearAutotaskFaults,
  clearAutotaskRequestLog,
  moveAutotaskTenantZone,
  setAutotaskFaults,
  setAutotaskRequestThreshold,
} from "./admin";
export {
  getAutotaskSandboxTenantView,
  listAutotaskSandboxTenants,
  listSandboxTenants,
  type AutotaskTenantView,
  type SandboxTenantSummary,
} from "./view";
export { autotaskSandboxAdminEnabled, autotaskSandboxEnabled } from "./enabled";
export { removeTenant as removeAutotaskTenant } from "./state";
