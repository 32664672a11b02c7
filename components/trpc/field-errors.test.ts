import { describe, expect, it } from "vitest";

import { formErrorsOf, hasFormErrors, mergeFormErrors, NO_FORM_ERRORS } from "./field-errors";

describe("formErrorsOf", () => {
  it("is empty without an error", () => {
    expect(formErrorsOf(null)).toEqual(NO_FORM_ERRORS);
    expect(hasFormErrors(formErrorsOf(undefined))).toBe(false);
  });

  it("takes every field's messages from the server's fieldErrors", () => {
    const error = {
      message: "Default priority: Choose the default priority.",
      data: {
        fieldErrors: { defaultPriorityId: ["Choose the default priority."], "alertMapping.error.queueId": ["Pick another queue.", ""] },
        zodError: null,
      },
    };
    expect(formErrorsOf(error)).toEqual({
      fields: { defaultPriorityId: ["Choose the default priority."], "alertMapping.error.queueId": ["Pick another queue."] },
      form: [],
    });
  });

  it("falls back to zod's flattened field errors and keeps its form errors", () => {
    const error = {
      message: "Invalid input",
      data: { zodError: { formErrors: ["Send the settings as an object."], fieldErrors: { username: ["Enter the username."], secret: undefined } } },
    };
    expect(formErrorsOf(error)).toEqual({ fields: { username: ["Enter the username."] }, form: ["Send the settings as an object."] });
  });

  it("turns an error that names no field into one form message", () => {
    expect(formErrorsOf({ message: "Connect a PSA first.", data: { fieldErrors: null, zodError: null } })).toEqual({ fields: {}, form: ["Connect a PSA first."] });
    expect(formErrorsOf({ message: "Failed to fetch" })).toEqual({ fields: {}, form: ["Failed to fetch"] });
  });
});

describe("mergeFormErrors", () => {
  it("joins client and server messages without duplicates", () => {
    const merged = mergeFormErrors(
      { fields: { name: ["Give the rule a name."] }, form: [] },
      { fields: { name: ["Give the rule a name."], severities: ["Choose at least one severity."] }, form: ["Try again."] },
    );
    expect(merged).toEqual({ fields: { name: ["Give the rule a name."], severities: ["Choose at least one severity."] }, form: ["Try again."] });
  });
});
