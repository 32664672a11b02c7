/**
 * The one interface the services see. Connectors (server/psa/autotask, server/psa/connectwise)
 * implement it; they do I/O and mapping only and never import db/. Ids are strings everywhere
 * (Autotask ids are integers, ConnectWise ids too, but the domain never does arithmetic on them).
 */
export type PsaProvider = "autotask" | "connectwise";

export type AutotaskCredentials = {
  /** API-only user's username (e-mail-like). */
  username: string;
  secret: string;
  /** API tracking identifier (ApiIntegrationCode header). */
  integrationCode: string;
  /**
   * Where zone discovery is asked: Autotask's own global host by default, a sandbox in demo/test
   * (e.g. http://localhost:3000/sandbox/autotask/atservicesrest).
   */
  zoneDiscoveryUrl?: string;
};

export type ConnectWiseCredentials = {
  /** e.g. https://api-na.myconnectwise.net or http://localhost:3000/sandbox/connectwise */
  siteUrl: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  /** clientId header (GUID issued per integration). */
  clientId: string;
  managementSolutionName?: string;
};

export type PsaCredentials =
  | { provider: "autotask"; credentials: AutotaskCredentials }
  | { provider: "connectwise"; credentials: ConnectWiseCredentials };

/** A picklist value, queue, board, status, priority, issue type or CI type. */
export type PsaRef = {
  id: string;
  name: string;
  isActive: boolean;
  isDefault?: boolean;
  /** e.g. the issue type of a sub-issue type; the board of a board status. */
  parentId?: string | null;
  /** Board status / ticket status that closes the ticket. */
  isClosed?: boolean;
  sortOrder?: number;
};

export type PsaAccountInfo = {
  provider: PsaProvider;
  /** Company / database name as the PSA reports it. */
  name: string;
  /** REST base URL in use (zone URL / codebase URL). */
  baseUrl: string;
  /** Extra facts worth showing: zone name, web URL, version, codebase, cloud, ... */
  details: Record<string, string>;
};

export type PsaCompany = {
  id: string;
  name: string;
  number?: string | null;
  isActive: boolean;
  /** Autotask companyType label / ConnectWise first company type name. */
  typeLabel?: string | null;
  phone?: string | null;
  webAddress?: string | null;
};

export type PsaContract = {
  id: string;
  companyId: string;
  name: string;
  number?: string | null;
  /** recurring_service (Autotask Recurring Service contract) / agreement (ConnectWise) / other. */
  kind: "recurring_service" | "agreement" | "other";
  /** The PSA's own label for the type (contractType label / agreement type name). */
  typeLabel: string;
  status: "active" | "inactive" | "cancelled" | "expired";
  startDate?: string | null;
  endDate?: string | null;
  /** Billing period, e.g. "monthly" when known. */
  periodType?: string | null;
  currencyCode?: string | null;
};

export type PsaService = {
  id: string;
  name: string;
  description?: string | null;
  unitPrice?: number | null;
  unitCost?: number | null;
  periodType?: string | null;
  isActive: boolean;
};

/** A currency the PSA offers (Autotask Currencies / ConnectWise /finance/currencies). */
export type PsaCurrency = {
  /** ISO 4217 code, e.g. "USD". */
  code: string;
  /** The PSA's description, e.g. "US Dollar". */
  name: string;
  isActive: boolean;
  /** Autotask: the internal (home) currency. */
  isDefault: boolean;
};

export type PsaContractService = {
  /** Autotask ContractService id / ConnectWise addition id. */
  id: string;
  contractId: string;
  serviceId: string;
  serviceName?: string | null;
  /** Units for today (Autotask ContractServiceUnits) / addition quantity (ConnectWise). */
  quantity: number;
  unitPrice?: number | null;
  unitCost?: number | null;
  invoiceDescription?: string | null;
  /** ConnectWise "less included". */
  lessIncluded?: number | null;
  effectiveDate?: string | null;
  cancelledDate?: string | null;
  /** Autotask: the service sits inside a service bundle. */
  inBundle?: boolean;
};

export type PsaTicketInput = {
  companyId: string;
  title: string;
  description: string;
  /** Autotask queueID / ConnectWise board id. */
  queueId: string;
  statusId: string;
  priorityId: string;
  dueAt?: Date | null;
  /** Correlation key stored on the ticket (Autotask externalID / ConnectWise externalXRef). */
  externalRef: string;
  issueTypeId?: string | null;
  subIssueTypeId?: string | null;
  configurationItemId?: string | null;
  contractId?: string | null;
};

export type PsaTicket = {
  id: string;
  /** Human ticket number (Autotask "T20240101.0001"; ConnectWise the id). */
  number: string;
  title: string;
  companyId: string;
  queueId?: string | null;
  statusId: string;
  priorityId?: string | null;
  assigneeId?: string | null;
  externalRef?: string | null;
  createdAt?: string | null;
  lastActivityAt?: string | null;
  completedAt?: string | null;
};

export type PsaTicketUpdate = {
  title?: string;
  statusId?: string;
  priorityId?: string;
  queueId?: string;
  dueAt?: Date | null;
};

export type PsaNoteInput = { title?: string; text: string; internal?: boolean };

export type PsaQuantityChange = {
  contractId: string;
  serviceId: string;
  /** Existing contract service / addition, when known. */
  contractServiceId?: string | null;
  currentQuantity: number;
  newQuantity: number;
  /** Date-only YYYY-MM-DD. */
  effectiveDate: string;
  unitPrice?: number | null;
  unitCost?: number | null;
  /** ConnectWise: addition invoice description (per-account usage). */
  invoiceDescription?: string | null;
};

export type PsaUdfDefinition = {
  name: string;
  label: string;
  type: string;
  isPickList: boolean;
  isRequired?: boolean;
  options?: PsaRef[];
};

export type PsaUdfEntity = "configurationItem" | "ticket" | "company";

export type PsaConfigurationItemInput = {
  companyId: string;
  typeId: string;
  productId?: string | null;
  name: string;
  serialNumber?: string | null;
  isActive: boolean;
  installedOn?: string | null;
  warrantyExpiresOn?: string | null;
  /** Device id on the vendor side (Autotask referenceNumber / ConnectWise deviceIdentifier). */
  externalRef?: string | null;
  udfs?: Record<string, string | null>;
};

export type PsaConfigurationItem = PsaConfigurationItemInput & { id: string };

export interface PsaConnector {
  readonly provider: PsaProvider;

  testConnection(): Promise<PsaAccountInfo>;

  /** Autotask: Tickets.queueID picklist. ConnectWise: service boards. */
  listQueues(): Promise<PsaRef[]>;
  /** Autotask: Tickets.status picklist. ConnectWise: the board's statuses (queueId required). */
  listTicketStatuses(queueId?: string): Promise<PsaRef[]>;
  listPriorities(): Promise<PsaRef[]>;
  /** Autotask: issueType / subIssueType picklists. ConnectWise: board types. */
  listIssueTypes(queueId?: string): Promise<PsaRef[]>;

  /** Autotask: only companies whose companyType label is "Customer". */
  searchCompanies(query: { search?: string; ids?: string[]; limit?: number }): Promise<PsaCompany[]>;
  /** Every company (Autotask: type Customer), paged to the end. */
  listCompanies(): Promise<PsaCompany[]>;
  getCompany(id: string): Promise<PsaCompany | null>;

  /** Autotask: contracts of the companies; ConnectWise: agreements. */
  listContracts(companyIds: string[]): Promise<PsaContract[]>;
  getContract(id: string): Promise<PsaContract | null>;
  /** Many contracts / agreements by id in as few calls as paging allows (ids not found are left out). */
  getContracts(ids: string[]): Promise<PsaContract[]>;
  /** Autotask Services / ConnectWise catalog products. */
  listServices(): Promise<PsaService[]>;
  /** Services / catalog products by id in as few calls as paging allows (ids not found are left out). */
  getServices(ids: string[]): Promise<PsaService[]>;
  /** The currencies the PSA offers (billing compares contract / agreement currencies with one of them). */
  listCurrencies(): Promise<PsaCurrency[]>;
  /** Contract services with today's units / agreement additions, for many contracts at once. */
  listContractServices(contractIds: string[], asOf?: string): Promise<PsaContractService[]>;
  applyQuantityChange(change: PsaQuantityChange): Promise<{ ref: string }>;

  createTicket(input: PsaTicketInput): Promise<PsaTicket>;
  getTicket(id: string): Promise<PsaTicket | null>;
  updateTicket(id: string, update: PsaTicketUpdate): Promise<PsaTicket>;
  addTicketNote(ticketId: string, note: PsaNoteInput): Promise<{ id: string }>;
  findTicketByExternalRef(externalRef: string): Promise<PsaTicket | null>;

  listConfigurationItemTypes(): Promise<PsaRef[]>;
  listUdfDefinitions(entity: PsaUdfEntity): Promise<PsaUdfDefinition[]>;
  createConfigurationItem(input: PsaConfigurationItemInput): Promise<PsaConfigurationItem>;
  updateConfigurationItem(id: string, input: Partial<PsaConfigurationItemInput>): Promise<PsaConfigurationItem>;
}

/** Options every connector constructor takes besides its credentials. */
export type PsaConnectorOptions = {
  /** Key that identifies the connection for limits and caches (e.g. the partner's connection id). */
  connectionKey?: string;
  /** Injected fetch (defaults to global fetch). Tests pass the real fetch against a sandbox. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Requests per rolling hour this connection may make (Autotask default 10,000 less a margin). */
  hourlyBudget?: number;
  /** Retries for throttled / unavailable (default 4). */
  maxRetries?: number;
  /** Base backoff in ms (default 500). */
  backoffBaseMs?: number;
  /** Receives one line per request: method, path (no query secrets), status, ms. Never credentials. */
  onRequest?: (entry: { method: string; path: string; status: number | "network" | "timeout"; ms: number }) => void;
};
