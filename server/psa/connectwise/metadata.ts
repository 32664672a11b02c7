import { PsaError } from "../errors";
import type { PsaCurrency, PsaRef, PsaUdfDefinition, PsaUdfEntity } from "../types";
import { cached } from "./cache";
import type { ConnectWiseClient } from "./client";
import { boardToRef, boardTypeToRef, currencyToDomain, priorityToRef, questionToUdf, statusToRef, userDefinedFieldToUdf } from "./map";
import { numericIds } from "./query";
import {
  boardSchema,
  boardStatusSchema,
  boardTypeSchema,
  configurationTypeSchema,
  financeCurrencySchema,
  type CwQuestion,
  prioritySchema,
  questionSchema,
  questionValueSchema,
  userDefinedFieldSchema,
} from "./schemas";

/**
 * Picklist-like metadata read from ConnectWise and cached per connection: boards, each board's
 * statuses and types, priorities, configuration types, and custom field definitions.
 * Never hard-coded: ids differ from tenant to tenant.
 *
 * Custom fields ("UDFs"), by entity — both routes are in the official list:
 *  - configurationItem → the configuration type questions, GET /company/configurations/types/{id}/questions
 *    (+ /questions/{id}/values for List/Option questions). Questions are what a configuration's
 *    `questions[]` answers are written against, per type, so the asset sync can check and fill them.
 *  - ticket, company → GET /system/userDefinedFields, kept by `screenId` (the screen a field shows on).
 */
export class ConnectWiseMetadata {
  constructor(private readonly client: ConnectWiseClient) {}

  private key(name: string): string {
    return `${this.client.connectionKey}|${name}`;
  }

  boards(): Promise<PsaRef[]> {
    return cached(this.key("boards"), async () => {
      const rows = await this.client.listAll("/service/boards", boardSchema, { orderBy: "name asc", fields: ["id", "name", "inactiveFlag"] }, "Boards.list");
      return rows.map(boardToRef);
    });
  }

  statuses(boardId: string): Promise<PsaRef[]> {
    const [id] = ids([boardId], "board id");
    return cached(this.key(`statuses:${id}`), async () => {
      const rows = await this.client.listAll(`/service/boards/${id}/statuses`, boardStatusSchema, { orderBy: "sortOrder asc" }, "BoardStatuses.list");
      return rows.map((s) => statusToRef(s, String(id)));
    });
  }

  boardTypes(boardId: string): Promise<PsaRef[]> {
    const [id] = ids([boardId], "board id");
    return cached(this.key(`types:${id}`), async () => {
      const rows = await this.client.listAll(`/service/boards/${id}/types`, boardTypeSchema, { orderBy: "name asc" }, "BoardTypes.list");
      return rows.map((t) => boardTypeToRef(t, String(id)));
    });
  }

  priorities(): Promise<PsaRef[]> {
    return cached(this.key("priorities"), async () => {
      const rows = await this.client.listAll("/service/priorities", prioritySchema, { orderBy: "sortOrder asc" }, "Priorities.list");
      return rows.map(priorityToRef);
    });
  }

  /** The currencies set up in ConnectWise (Finance > Currencies), by ISO code. */
  currencies(): Promise<PsaCurrency[]> {
    return cached(this.key("currencies"), async () => {
      const rows = await this.client.listAll("/finance/currencies", financeCurrencySchema, { orderBy: "id asc" }, "Currencies.list");
      return rows.flatMap((c) => currencyToDomain(c) ?? []);
    });
  }

  configurationTypes(): Promise<PsaRef[]> {
    return cached(this.key("configurationTypes"), async () => {
      const rows = await this.client.listAll("/company/configurations/types", configurationTypeSchema, { orderBy: "name asc" }, "ConfigurationTypes.list");
      return rows.map((t) => ({ id: String(t.id), name: t.name, isActive: t.inactiveFlag !== true }));
    });
  }

  /** The questions of one configuration type (active ones), in their sequence. */
  questions(typeId: string): Promise<CwQuestion[]> {
    const [id] = ids([typeId], "configuration type id");
    return cached(this.key(`questions:${id}`), async () => {
      const rows = await this.client.listAll(`/company/configurations/types/${id}/questions`, questionSchema, { orderBy: "sequenceNumber asc" }, "ConfigurationTypeQuestions.list");
      return rows.filter((q) => q.inactiveFlag !== true);
    });
  }

  private questionValues(typeId: string, questionId: number): Promise<PsaRef[]> {
    return cached(this.key(`values:${typeId}:${questionId}`), async () => {
      const rows = await this.client.listAll(
        `/company/configurations/types/${typeId}/questions/${questionId}/values`,
        questionValueSchema,
        {},
        "ConfigurationTypeQuestionValues.list",
      );
      return rows.map((v) => ({ id: String(v.id), name: v.value, isActive: v.inactiveFlag !== true, isDefault: v.defaultFlag === true }));
    });
  }

  async udfDefinitions(entity: PsaUdfEntity): Promise<PsaUdfDefinition[]> {
    if (entity === "configurationItem") return this.configurationUdfs();
    const all = await cached(this.key("userDefinedFields"), () =>
      this.client.listAll("/system/userDefinedFields", userDefinedFieldSchema, { orderBy: "sequenceNumber asc" }, "UserDefinedFields.list"),
    );
    // Screen identifiers are ConnectWise's own names for where a field shows (not tenant data).
    const screen = entity === "ticket" ? /ticket|service/i : /^company/i;
    return all.filter((u) => screen.test(u.screenId ?? "")).map(userDefinedFieldToUdf);
  }

  /** Union of the active configuration types' questions, one definition per question text. */
  private async configurationUdfs(): Promise<PsaUdfDefinition[]> {
    const types = (await this.configurationTypes()).filter((t) => t.isActive);
    const perType = await Promise.all(types.map(async (t) => ({ typeId: t.id, questions: await this.questions(t.id) })));
    const byName = new Map<string, PsaUdfDefinition>();
    for (const { typeId, questions } of perType) {
      for (const q of questions) {
        const key = q.question.toLowerCase();
        if (byName.has(key)) continue;
        const pick = q.entryType === "List" || q.entryType === "Option";
        byName.set(key, questionToUdf(q, pick ? await this.questionValues(typeId, q.id) : []));
      }
    }
    return [...byName.values()];
  }
}

export function ids(values: string[], what: string): number[] {
  try {
    return numericIds(values);
  } catch {
    throw new PsaError({
      kind: "invalid",
      provider: "connectwise",
      message: `ConnectWise ${what}s are whole numbers; got '${values.find((v) => !/^\d+$/.test(v.trim()))}'`,
      hint: `Pick the ${what} from the list retrieved from ConnectWise.`,
    });
  }
}

