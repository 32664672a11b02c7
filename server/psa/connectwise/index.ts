/** Public surface of the ConnectWise Manage connector. */
export { ConnectWiseConnector, type ConnectWiseConnectorOptions } from "./connector";
export { ACCEPT as CONNECTWISE_ACCEPT, DEFAULT_HOURLY_BUDGET as CONNECTWISE_DEFAULT_HOURLY_BUDGET } from "./client";
export { clearConnectionCache as clearConnectWiseMetadataCache } from "./cache";
