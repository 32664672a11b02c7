/** Public surface of the ConnectWise sandbox (route handler, tests, benchmarks, demo, Sandbox page). */
export { handleConnectWiseSandbox, isConnectWiseAdminPath, SANDBOX_PREFIX as CONNECTWISE_SANDBOX_PREFIX } from "./handler";
export {
  adminEnabled as connectWiseSandboxAdminEnabled,
  clearConnectWiseFaults,
  clearConnectWiseRequestLog,
  connectWiseRequestLog,
  moveConnectWiseTenantCodebase,
  sandboxEnabled as connectWiseSandboxEnabled,
  setConnectWiseFaults,
} from "./admin";
export {
  reseedTenant as resetConnectWiseTenant,
  seedBenchTenant as seedConnectWiseBenchTenant,
  seedTenant as seedConnectWiseTenant,
  type SeededTenant as SeededConnectWiseTenant,
  type SeedTenantInput as ConnectWiseSeedOptions,
} from "./seed";
export {
  CONNECTWISE_BILLING_FIXTURES,
  connectWiseAgreementsOf,
  connectWiseBillingFixtures,
  connectWiseProductIds,
  type ConnectWiseBillingFixture,
  type ConnectWiseBillingFixtureName,
} from "./billing-fixtures";
export { productForItem as connectWiseProductForItem, PRODUCTS as CONNECTWISE_PRODUCTS } from "./seed-data";
export {
  CONNECTWISE_DEMO_ORPHAN_PRODUCT,
  CONNECTWISE_DEMO_TENANTS,
  connectWiseDemoBilling,
  connectWiseDemoBillingState,
  connectWiseDemoConnection,
  connectWiseDemoCredentials,
  connectWiseTestCredentials,
  demoCustomersFor as connectWiseDemoCustomers,
  ensureDemoTenants as ensureConnectWiseDemoTenants,
  type ConnectWiseDemoTenant,
} from "./demo";
export {
  getConnectWiseSandboxTenantView,
  listSandboxAdditions as listConnectWiseSandboxAdditions,
  listSandboxAgreements as listConnectWiseSandboxAgreements,
  listSandboxConfigurations as listConnectWiseSandboxConfigurations,
  listSandboxTenants as listConnectWiseSandboxTenants,
  listSandboxTickets as listConnectWiseSandboxTickets,
  type ConnectWiseTenantView,
  type SandboxTenantSummary as ConnectWiseSandboxTenantSummary,
} from "./views";
export { findTenant as findConnectWiseTenant, removeTenant as removeConnectWiseTenant } from "./state";
