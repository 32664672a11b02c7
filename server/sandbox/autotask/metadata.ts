import { ENTITIES, type EntityName, type Verbs } from "./entities";
import { MODEL_FIELDS } from "./model-fields";
import { picklistValues } from "./picklists";
import type { Tenant } from "./state";

/**
 * `/{E}/entityInformation`, `/entityInformation/fields` and `/entityInformation/userDefinedFields`
 * (psa-api-facts A6): capability flags with the API user's access, every field with its type and
 * flags, and the tenant's picklist values (value as a string, label, default, sort order, parent).
 */
export function entityInformation(entity: EntityName, verbs: Verbs, access: "All" | "None") {
  const spec = ENTITIES[entity];
  const level = (allowed: boolean) => (allowed ? access : "None");
  return {
    info: {
      name: spec.label,
      canCreate: verbs.create,
      canDelete: verbs.delete,
      canQuery: verbs.query || verbs.get,
      canUpdate: verbs.update,
      userAccessForCreate: level(verbs.create),
      userAccessForDelete: level(verbs.delete),
      userAccessForQuery: level(verbs.query || verbs.get),
      userAccessForUpdate: level(verbs.update),
      hasUserDefinedFields: spec.hasUdfs,
      supportsWebhookCallouts: ["Companies", "Tickets", "TicketNotes", "ConfigurationItems"].includes(entity),
    },
  };
}

export function entityFields(tenant: Tenant, entity: EntityName) {
  const spec = ENTITIES[entity];
  const parents = spec.picklistParents ?? {};
  return {
    fields: MODEL_FIELDS[entity]!.map((f) => {
      const isPickList = spec.picklists.includes(f.name);
      const reference = spec.references[f.name];
      return {
        name: f.name,
        dataType: f.type,
        length: f.type === "string" ? (spec.lengths?.[f.name] ?? 255) : 0,
        isRequired: spec.required.includes(f.name),
        isReadOnly: spec.readOnly.includes(f.name),
        isQueryable: !(spec.nonQueryable ?? []).includes(f.name),
        isReference: Boolean(reference),
        referenceEntityType: reference ? ENTITIES[reference].label : "",
        isPickList,
        picklistValues: isPickList ? picklistValues(tenant, entity, f.name) : null,
        picklistParentValueField: parents[f.name] ?? "",
        isSupportedWebhookField: true,
      };
    }),
  };
}

export function userDefinedFields(tenant: Tenant, entity: EntityName) {
  return {
    fields: (tenant.udfs[entity] ?? []).map((u) => ({
      name: u.name,
      label: u.label,
      type: u.type,
      dataType: u.type,
      length: u.length,
      isRequired: u.isRequired,
      isReadOnly: false,
      isQueryable: true,
      isPickList: u.type === "list",
      picklistValues: u.type === "list" ? u.picklistValues : null,
    })),
  };
}
