import { PsaError } from "../errors";
import type {
  ConnectWiseCredentials,
  PsaAccountInfo,
  PsaCompany,
  PsaConfigurationItem,
  PsaConfigurationItemInput,
  PsaConnector,
  PsaConnectorOptions,
  PsaContract,
  PsaContractService,
  PsaCurrency,
  PsaNoteInput,
  PsaQuantityChange,
  PsaRef,
  PsaService,
  PsaTicket,
  PsaTicketInput,
  PsaTicketUpdate,
  PsaUdfDefinition,
  PsaUdfEntity,
} from "../types";
import { Additions } from "./additions";
import { ConnectWiseClient } from "./client";
import { ConfigurationItems } from "./configurations";
import { agreementToContract, catalogToService, companyToDomain } from "./map";
import { ConnectWiseMetadata, ids } from "./metadata";
import { and, chunk, IN_BATCH, inList, quote } from "./query";
import { agreementSchema, catalogItemSchema, companySchema, systemInfoSchema } from "./schemas";
import { Tickets } from "./tickets";

/** Optional ConnectWise-only settings on top of the shared connector options. */
export type ConnectWiseConnectorOptions = PsaConnectorOptions & {
  /** Only companies with one of these company types (by name, e.g. ["Client"]); default all. */
  companyTypeNames?: string[];
};

const COMPANY_FIELDS = ["id", "identifier", "name", "status", "types", "phoneNumber", "website", "deletedFlag"];

export class ConnectWiseConnector implements PsaConnector {
  readonly provider = "connectwise" as const;
  readonly client: ConnectWiseClient;
  private readonly metadata: ConnectWiseMetadata;
  private readonly configurations: ConfigurationItems;
  private readonly tickets: Tickets;
  private readonly additions: Additions;

  constructor(
    credentials: ConnectWiseCredentials,
    private readonly options: ConnectWiseConnectorOptions = {},
  ) {
    this.client = new ConnectWiseClient(credentials, options);
    this.metadata = new ConnectWiseMetadata(this.client);
    const retry = { attempts: (options.maxRetries ?? 4) + 1, backoffBaseMs: options.backoffBaseMs ?? 500 };
    this.configurations = new ConfigurationItems(this.client, this.metadata, retry);
    this.tickets = new Tickets(this.client, retry);
    this.additions = new Additions(this.client, retry);
  }

  async testConnection(): Promise<PsaAccountInfo> {
    const info = await this.client.companyInfo();
    const baseUrl = await this.client.baseUrl();
    const system = await this.client.get("/system/info", systemInfoSchema, "System.info");
    const query = new URLSearchParams({ pageSize: "1", fields: "id" });
    await this.client.get("/company/companies", companySchema.pick({ id: true }).array(), "Companies.list", query);
    const details: Record<string, string> = { companyId: info.CompanyID ?? "", codebase: info.Codebase };
    const version = system.version ?? info.VersionCode;
    if (version) details.version = version;
    if (info.VersionNumber) details.versionNumber = info.VersionNumber;
    const cloud = info.IsCloud ?? system.isCloud;
    if (cloud !== null && cloud !== undefined) details.cloud = cloud ? "yes" : "no";
    if (system.serverTimeZone) details.serverTimeZone = system.serverTimeZone;
    if (system.cloudRegion) details.cloudRegion = system.cloudRegion;
    return { provider: "connectwise", name: info.CompanyName, baseUrl, details };
  }

  listQueues(): Promise<PsaRef[]> {
    return this.metadata.boards();
  }

  listTicketStatuses(queueId?: string): Promise<PsaRef[]> {
    if (!queueId) {
      throw new PsaError({ kind: "invalid", provider: "connectwise", message: "ConnectWise statuses belong to a board: choose the board first." });
    }
    return this.metadata.statuses(queueId);
  }

  listPriorities(): Promise<PsaRef[]> {
    return this.metadata.priorities();
  }

  async listIssueTypes(queueId?: string): Promise<PsaRef[]> {
    if (queueId) return this.metadata.boardTypes(queueId);
    const boards = (await this.metadata.boards()).filter((b) => b.isActive);
    return (await Promise.all(boards.map((b) => this.metadata.boardTypes(b.id)))).flat();
  }

  private companyTypeCondition(): string | undefined {
    const names = this.options.companyTypeNames?.filter((n) => n.trim());
    return names?.length ? `types/name in (${names.map(quote).join(",")})` : undefined;
  }

  async searchCompanies(query: { search?: string; ids?: string[]; limit?: number }): Promise<PsaCompany[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
    const search = query.search?.trim() ? `name contains ${quote(query.search.trim())}` : undefined;
    const childConditions = this.companyTypeCondition();
    const batches = query.ids?.length ? chunk(ids(query.ids, "company id"), IN_BATCH) : [null];
    const found = await Promise.all(
      batches.map((batch) =>
        this.client.listAll(
          "/company/companies",
          companySchema,
          { conditions: and("deletedFlag = false", batch && inList("id", batch), search), childConditions, orderBy: "name asc", fields: COMPANY_FIELDS },
          "Companies.search",
          limit,
        ),
      ),
    );
    return found.flat().slice(0, limit).map(companyToDomain);
  }

  async listCompanies(): Promise<PsaCompany[]> {
    const rows = await this.client.listAll(
      "/company/companies",
      companySchema,
      { conditions: "deletedFlag = false", childConditions: this.companyTypeCondition(), orderBy: "id asc", fields: COMPANY_FIELDS },
      "Companies.list",
    );
    return rows.map(companyToDomain);
  }

  async getCompany(id: string): Promise<PsaCompany | null> {
    if (!/^\d+$/.test(id.trim())) return null;
    const row = await this.client.getOrNull(`/company/companies/${id.trim()}`, companySchema, "Companies.get");
    return row ? companyToDomain(row) : null;
  }

  async listContracts(companyIds: string[]): Promise<PsaContract[]> {
    if (companyIds.length === 0) return [];
    const batches = chunk(ids(companyIds, "company id"), IN_BATCH);
    const rows = await Promise.all(
      batches.map((batch) => this.client.listAll("/finance/agreements", agreementSchema, { conditions: inList("company/id", batch), orderBy: "id asc" }, "Agreements.list")),
    );
    return rows.flat().map(agreementToContract);
  }

  async getContract(id: string): Promise<PsaContract | null> {
    if (!/^\d+$/.test(id.trim())) return null;
    const row = await this.client.getOrNull(`/finance/agreements/${id.trim()}`, agreementSchema, "Agreements.get");
    return row ? agreementToContract(row) : null;
  }

  /** Agreements by id: `id in (...)` conditions in batches of 200, each paged to the end (ids not found are left out). */
  async getContracts(contractIds: string[]): Promise<PsaContract[]> {
    const unique = [...new Set(ids(contractIds, "agreement id"))];
    if (unique.length === 0) return [];
    const rows = await Promise.all(
      chunk(unique, IN_BATCH).map((batch) => this.client.listAll("/finance/agreements", agreementSchema, { conditions: inList("id", batch), orderBy: "id asc" }, "Agreements.get")),
    );
    return rows.flat().map(agreementToContract);
  }

  async listServices(): Promise<PsaService[]> {
    const rows = await this.client.listAll("/procurement/catalog", catalogItemSchema, { orderBy: "id asc" }, "Catalog.list");
    return rows.map(catalogToService);
  }

  /** Catalog products by id: `id in (...)` conditions in batches of 200. */
  async getServices(serviceIds: string[]): Promise<PsaService[]> {
    const unique = [...new Set(serviceIds.map((id) => id.trim()).filter((id) => /^\d+$/.test(id)).map(Number))];
    if (unique.length === 0) return [];
    const rows = await Promise.all(
      chunk(unique, IN_BATCH).map((batch) => this.client.listAll("/procurement/catalog", catalogItemSchema, { conditions: inList("id", batch), orderBy: "id asc" }, "Catalog.get")),
    );
    return rows.flat().map(catalogToService);
  }

  listCurrencies(): Promise<PsaCurrency[]> {
    return this.metadata.currencies();
  }

  listContractServices(contractIds: string[], asOf?: string): Promise<PsaContractService[]> {
    return this.additions.list(contractIds, asOf);
  }

  applyQuantityChange(change: PsaQuantityChange): Promise<{ ref: string }> {
    return this.additions.applyQuantityChange(change);
  }

  createTicket(input: PsaTicketInput): Promise<PsaTicket> {
    return this.tickets.create(input);
  }

  getTicket(id: string): Promise<PsaTicket | null> {
    return this.tickets.get(id);
  }

  updateTicket(id: string, update: PsaTicketUpdate): Promise<PsaTicket> {
    return this.tickets.update(id, update);
  }

  addTicketNote(ticketId: string, note: PsaNoteInput): Promise<{ id: string }> {
    return this.tickets.addNote(ticketId, note);
  }

  findTicketByExternalRef(externalRef: string): Promise<PsaTicket | null> {
    return this.tickets.findByExternalRef(externalRef);
  }

  listConfigurationItemTypes(): Promise<PsaRef[]> {
    return this.metadata.configurationTypes();
  }

  listUdfDefinitions(entity: PsaUdfEntity): Promise<PsaUdfDefinition[]> {
    return this.metadata.udfDefinitions(entity);
  }

  createConfigurationItem(input: PsaConfigurationItemInput): Promise<PsaConfigurationItem> {
    return this.configurations.create(input);
  }

  updateConfigurationItem(id: string, input: Partial<PsaConfigurationItemInput>): Promise<PsaConfigurationItem> {
    return this.configurations.update(id, input);
  }
}
