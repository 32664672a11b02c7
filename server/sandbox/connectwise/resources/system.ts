import type { ResourceDef } from "../resource";

/** System: user-defined field (custom field) definitions. */
export const userDefinedFields: ResourceDef = {
  collection: "userDefinedFields",
  resource: "userDefinedField",
  label: "UserDefinedField",
  fields: [
    "id", "podId", "caption", "sequenceNumber", "screenId", "helpText", "fieldTypeIdentifier", "numberDecimals",
    "entryTypeIdentifier", "requiredFlag", "displayOnScreenFlag", "readOnlyFlag", "listViewFlag", "options", "dateCreated", "_info",
  ],
  arrayFields: ["options"],
  verbs: ["GET"],
};
