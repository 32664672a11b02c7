import { PsaError } from "../errors";
import type { PsaConfigurationItem, PsaConfigurationItemInput } from "../types";
import type { ConnectWiseClient } from "./client";
import { createOnce } from "./idempotent";
import { configurationFields, configurationToDomain, fieldsToPatch } from "./map";
import { type ConnectWiseMetadata, ids } from "./metadata";
import { quote } from "./query";
import { configurationSchema } from "./schemas";

/**
 * Configurations (ConnectWise's configuration items). Custom values go into the configuration
 * type's questions (`questions: [{questionId, answer}]`), matched by question text; an update that
 * touches them sends the whole list, as ConnectWise replaces array fields whole.
 */
type Answer = { questionId: number; answer: string | null };

export class ConfigurationItems {
  constructor(
    private readonly client: ConnectWiseClient,
    private readonly metadata: ConnectWiseMetadata,
    private readonly retry: { attempts: number; backoffBaseMs: number },
  ) {}

  private async answers(typeId: string, udfs: Record<string, string | null>, current: Answer[] = []): Promise<Answer[]> {
    const questions = await this.metadata.questions(typeId);
    const merged = new Map(current.map((a) => [a.questionId, a.answer]));
    for (const [name, value] of Object.entries(udfs)) {
      const question = questions.find((q) => q.question.toLowerCase() === name.trim().toLowerCase());
      if (!question) {
        throw new PsaError({
          kind: "invalid",
          provider: "connectwise",
          message: `The ConnectWise configuration type ${typeId} has no question "${name}".`,
          hint: "Add the question to the configuration type in ConnectWise, or turn off that field in the asset settings.",
        });
      }
      merged.set(question.id, value);
    }
    return [...merged].map(([questionId, answer]) => ({ questionId, answer }));
  }

  private async findByDevice(companyId: number, deviceIdentifier: string): Promise<PsaConfigurationItem | null> {
    const rows = await this.client.listAll(
      "/company/configurations",
      configurationSchema,
      { conditions: `company/id = ${companyId} and deviceIdentifier = ${quote(deviceIdentifier)}`, orderBy: "id asc" },
      "Configurations.find",
      1,
    );
    return rows[0] ? configurationToDomain(rows[0]) : null;
  }

  async create(input: PsaConfigurationItemInput): Promise<PsaConfigurationItem> {
    const [companyId] = ids([input.companyId, input.typeId], "company/configuration type id");
    const body = configurationFields(input);
    if (input.udfs && Object.keys(input.udfs).length) body.questions = await this.answers(input.typeId, input.udfs);
    const post = async () => configurationToDomain(await this.client.write("POST", "/company/configurations", body, configurationSchema, "Configurations.create"));
    // Without a device id there is nothing to look a half-made create up by: no blind retry then.
    if (!input.externalRef) return post();
    const externalRef = input.externalRef;
    return createOnce({ ...this.retry, create: post, findExisting: () => this.findByDevice(companyId!, externalRef) });
  }

  async update(id: string, input: Partial<PsaConfigurationItemInput>): Promise<PsaConfigurationItem> {
    const [configId] = ids([id], "configuration id");
    const path = `/company/configurations/${configId}`;
    const ops = fieldsToPatch(configurationFields(input));
    if (input.udfs && Object.keys(input.udfs).length) {
      const current = await this.client.get(path, configurationSchema, "Configurations.get");
      const typeId = input.typeId ?? String(current.type.id);
      const known = (current.questions ?? []).flatMap((q) =>
        typeof q.questionId === "number" && String(current.type.id) === typeId
          ? [{ questionId: q.questionId, answer: q.answer === null || q.answer === undefined ? null : String(q.answer) }]
          : [],
      );
      ops.push({ op: "replace", path: "questions", value: await this.answers(typeId, input.udfs, known) });
    }
    if (ops.length === 0) return configurationToDomain(await this.client.get(path, configurationSchema, "Configurations.get"));
    return configurationToDomain(await this.client.write("PATCH", path, ops, configurationSchema, "Configurations.update"));
  }
}
