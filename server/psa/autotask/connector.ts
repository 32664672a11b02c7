import { PsaError } from "../errors";
import type {
  AutotaskCredentials,
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

import * as billing from "./billing";
import { AutotaskClient } from "./client";
import { type AutotaskContext, createOnce, queryByIds } from "./context";
import { ciBody, mapCompany, mapConfigurationItem, mapUdfDefinitions, picklistToRefs } from "./map";
import { AutotaskMetadata } from "./metadata";
import { type AtFilter, everything, MAX_PAGE_SIZE, toAutotaskId } from "./query";
import { companySchema, configurationItemSchema, configurationItemTypeSchema } from "./schemas";
import { testAutotaskConnection } from "./test-connection";
import * as tickets from "./tickets";

/** Autotask REST v1.0 behind the PsaConnector interface. */
const UDF_ENTITY: Record<PsaUdfEntity, string> = { configurationItem: "ConfigurationItems", ticket: "Tickets", company: "Companies" };

export class AutotaskConnector implements PsaConnector {
  readonly provider = "autotask" as const;
  private readonly client: AutotaskClient;
  private readonly ctx: AutotaskContext;

  constructor(
    private readonly credentials: AutotaskCredentials,
    options: PsaConnectorOptions = {},
  ) {
    for (const field of ["username", "secret", "integrationCode"] as const) {
      if (!credentials[field]?.trim()) {
        throw new PsaError({ kind: "invalid", provider: "autotask", operation: "configure", message: `The Autotask ${field} is missing.` });
      }
    }
    this.client = new AutotaskClient(credentials, options);
    this.ctx = {
      client: this.client,
      meta: new AutotaskMetadata(this.client),
      now: () => new Date(),
      maxRetries: options.maxRetries ?? 4,
      backoffBaseMs: options.backoffBaseMs ?? 500,
    };
  }

  testConnection(): Promise<PsaAccountInfo> {
    return testAutotaskConnection(this.client, this.credentials.username.trim());
  }

  async listQueues(): Promise<PsaRef[]> {
    return picklistToRefs(await this.ctx.meta.picklist("Tickets", "queueID"));
  }

  async listTicketStatuses(): Promise<PsaRef[]> {
    return picklistToRefs(await this.ctx.meta.picklist("Tickets", "status"), ["Complete"]);
  }

  async listPriorities(): Promise<PsaRef[]> {
    return picklistToRefs(await this.ctx.meta.picklist("Tickets", "priority"));
  }

  /** Issue types (parentId null) followed by sub-issue types (parentId = their issue type). */
  async listIssueTypes(): Promise<PsaRef[]> {
    const [issues, subIssues] = await Promise.all([this.ctx.meta.picklist("Tickets", "issueType"), this.ctx.meta.picklist("Tickets", "subIssueType")]);
    return [...picklistToRefs(issues).map((r) => ({ ...r, parentId: null })), ...picklistToRefs(subIssues)];
  }

  /** The companyType filter for "Customer", resolved by label in this database. */
  private async customerFilter(): Promise<AtFilter> {
    const values = await this.ctx.meta.valuesByLabel("Companies", "companyType", "Customer");
    if (values.length === 0) await this.ctx.meta.valueByLabel("Companies", "companyType", "Customer"); // throws the clear error
    return values.length === 1 ? { op: "eq", field: "companyType", value: values[0] } : { op: "in", field: "companyType", value: values };
  }

  async searchCompanies(query: { search?: string; ids?: string[]; limit?: number }): Promise<PsaCompany[]> {
    const limit = query.limit && query.limit > 0 ? Math.floor(query.limit) : undefined;
    const filters: AtFilter[] = [await this.customerFilter()];
    if (query.search?.trim()) filters.push({ op: "contains", field: "companyName", value: query.search.trim() });
    const labels = await this.ctx.meta.labels("Companies", "companyType");
    let rows;
    if (query.ids) {
      rows = await queryByIds(this.ctx, "Companies", "id", query.ids.map((id) => toAutotaskId(id, "ids")), companySchema, filters);
      if (limit !== undefined) rows = rows.slice(0, limit);
    } else {
      const maxRecords = Math.min(limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      rows = await this.client.query("Companies", { MaxRecords: maxRecords, filter: filters }, companySchema, limit);
    }
    return rows.map((c) => mapCompany(c, labels));
  }

  listCompanies(): Promise<PsaCompany[]> {
    return this.searchCompanies({});
  }

  async getCompany(id: string): Promise<PsaCompany | null> {
    const row = await this.client.getById("Companies", toAutotaskId(id, "companyId"), companySchema);
    return row ? mapCompany(row, await this.ctx.meta.labels("Companies", "companyType")) : null;
  }

  listContracts(companyIds: string[]): Promise<PsaContract[]> {
    return billing.listContracts(this.ctx, companyIds);
  }

  getContract(id: string): Promise<PsaContract | null> {
    return billing.getContract(this.ctx, id);
  }

  getContracts(ids: string[]): Promise<PsaContract[]> {
    return billing.getContracts(this.ctx, ids);
  }

  listServices(): Promise<PsaService[]> {
    return billing.listServices(this.ctx);
  }

  getServices(ids: string[]): Promise<PsaService[]> {
    return billing.getServices(this.ctx, ids);
  }

  listCurrencies(): Promise<PsaCurrency[]> {
    return billing.listCurrencies(this.ctx);
  }

  listContractServices(contractIds: string[], asOf?: string): Promise<PsaContractService[]> {
    return billing.listContractServices(this.ctx, contractIds, asOf);
  }

  applyQuantityChange(change: PsaQuantityChange): Promise<{ ref: string }> {
    return billing.applyQuantityChange(this.ctx, change);
  }

  createTicket(input: PsaTicketInput): Promise<PsaTicket> {
    return tickets.createTicket(this.ctx, input);
  }

  getTicket(id: string): Promise<PsaTicket | null> {
    return tickets.getTicket(this.ctx, id);
  }

  updateTicket(id: string, update: PsaTicketUpdate): Promise<PsaTicket> {
    return tickets.updateTicket(this.ctx, id, update);
  }

  addTicketNote(ticketId: string, note: PsaNoteInput): Promise<{ id: string }> {
    return tickets.addTicketNote(this.ctx, ticketId, note);
  }

  findTicketByExternalRef(externalRef: string): Promise<PsaTicket | null> {
    return tickets.findTicketByExternalRef(this.ctx, externalRef);
  }

  async listConfigurationItemTypes(): Promise<PsaRef[]> {
    const rows = await this.client.query("ConfigurationItemTypes", { filter: [everything()] }, configurationItemTypeSchema);
    return rows.map((t) => ({ id: String(t.id), name: t.name ?? "", isActive: t.isActive !== false }));
  }

  async listUdfDefinitions(entity: PsaUdfEntity): Promise<PsaUdfDefinition[]> {
    return mapUdfDefinitions(await this.ctx.meta.udfs(UDF_ENTITY[entity]));
  }

  private async mustGetCi(id: number, operation: string): Promise<PsaConfigurationItem> {
    const row = await this.client.getById("ConfigurationItems", id, configurationItemSchema);
    if (!row) throw new PsaError({ kind: "not_found", provider: "autotask", operation, message: `Autotask configuration item ${id} is not visible after ${operation}.` });
    return mapConfigurationItem(row);
  }

  async createConfigurationItem(input: PsaConfigurationItemInput): Promise<PsaConfigurationItem> {
    const companyID = toAutotaskId(input.companyId, "companyId");
    const body = ciBody(input, {
      companyID,
      configurationItemType: toAutotaskId(input.typeId, "typeId"),
      productID: input.productId ? toAutotaskId(input.productId, "productId") : undefined,
    });
    const operation = "ConfigurationItems.create";
    return createOnce(
      this.ctx,
      async () => this.mustGetCi(await this.client.create("ConfigurationItems", body, operation), operation),
      input.externalRef ? () => this.findCiByExternalRef(companyID, input.externalRef!) : null,
    );
  }

  private async findCiByExternalRef(companyID: number, externalRef: string): Promise<PsaConfigurationItem | null> {
    const filter: AtFilter[] = [
      { op: "eq", field: "companyID", value: companyID },
      { op: "eq", field: "referenceNumber", value: externalRef },
    ];
    const [row] = await this.client.query("ConfigurationItems", { MaxRecords: 1, filter }, configurationItemSchema, 1);
    return row ? mapConfigurationItem(row) : null;
  }

  async updateConfigurationItem(id: string, input: Partial<PsaConfigurationItemInput>): Promise<PsaConfigurationItem> {
    const ciId = toAutotaskId(id, "configurationItemId");
    const body = ciBody(input, {
      companyID: input.companyId !== undefined ? toAutotaskId(input.companyId, "companyId") : undefined,
      configurationItemType: input.typeId !== undefined ? toAutotaskId(input.typeId, "typeId") : undefined,
      productID: input.productId === undefined ? undefined : input.productId ? toAutotaskId(input.productId, "productId") : null,
    });
    if (Object.keys(body).length > 0) await this.client.patch("ConfigurationItems", { id: ciId, ...body }, "ConfigurationItems.update");
    return this.mustGetCi(ciId, "ConfigurationItems.update");
  }
}
