/** Public surface of the Autotask sandbox (route handler, tests, benchmarks, demo, Sandbox page). */
export { handleAutotaskSandbox, isAutotaskAdminPath, zoneBaseUrl } from "./handler";
export {
  autotaskZoneDiscoveryUrl,
  resetAutotaskTenant,
  seedAutotaskTenant,
  seedAutotaskTenant as seedTenant,
  ZONE_DISCOVERY_PATH,
  type AutotaskSandboxCredentials,
  type AutotaskSeedOptions,
  type CustomerBillingPlan as AutotaskCustomerBillingPlan,
  type SeededAutotaskTenant,
} from "./seed";
export { AUTOTASK_DEMO_ORPHAN_SERVICE, AUTOTASK_DEMO_TENANT, autotaskDemoBilling, autotaskDemoBillingState, autotaskDemoConnection, demoCustomerNames, ensureAutotaskDemoTenants } from "./demo";
export {
  AUTOTASK_BILLING_FIXTURES,
  autotaskBillingFixtures,
  autotaskServiceIds,
  contractServicesOf as autotaskContractServicesOf,
  type AutotaskBillingFixture,
  type AutotaskBillingFixtureName,
} from "./billing-fixtures";
export { SERVICES as AUTOTASK_SERVICES, serviceNameForItem as autotaskServiceNameForItem } from "./seed-catalog";
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
  type AutotaskAdjustmentView,
  type AutotaskContractView,
  type AutotaskTenantView,
  type SandboxTenantSummary,
} from "./view";
export { autotaskSandboxAdminEnabled, autotaskSandboxEnabled } from "./enabled";
export { removeTenant as removeAutotaskTenant } from "./state";
