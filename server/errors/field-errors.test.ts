import { describe, expect, it } from "vitest";
import { z } from "zod";

import { AppError } from "./app-error";
import { fieldErrorsOf } from "./field-errors";

describe("fieldErrorsOf", () => {
  it("keeps every zod issue, each under its full dotted path", () => {
    const schema = z.object({
      username: z.string().min(1, "Enter the API user's username."),
      integrationCode: z.string().min(1, "Enter the API tracking identifier."),
      alertMapping: z.object({ error: z.object({ dueDays: z.number().max(365, "At most 365 days.") }) }),
    });
    const parsed = schema.safeParse({ username: "", integrationCode: "", alertMapping: { error: { dueDays: 400 } } });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error)).toEqual({
      username: ["Enter the API user's username."],
      integrationCode: ["Enter the API tracking identifier."],
      "alertMapping.error.dueDays": ["At most 365 days."],
    });
  });

  it("leaves issues of the whole input to the form", () => {
    const parsed = z.string("Send an object.").safeParse(3);
    expect(fieldErrorsOf(parsed.error)).toBeNull();
  });

  it("lists every problem an AppError's details carry", () => {
    const error = new AppError("BAD_REQUEST", "Default priority: Choose the default priority.", {
      field: "defaultPriorityId",
      problems: [
        { field: "defaultPriorityId", message: "Choose the default priority." },
        { field: "completedStatusId", message: "Choose the status for completed tickets." },
        { field: "completedStatusId", message: "Choose the status for completed tickets." },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({
      defaultPriorityId: ["Choose the default priority."],
      completedStatusId: ["Choose the status for completed tickets."],
    });
  });

  it("puts a single-field AppError's message under that field", () => {
    expect(fieldErrorsOf(new AppError("BAD_REQUEST", "Enter the API user's secret.", { field: "secret" }))).toEqual({ secret: ["Enter the API user's secret."] });
  });

  it("is null for errors that name no field", () => {
    expect(fieldErrorsOf(new AppError("NOT_FOUND", "This rule does not exist."))).toBeNull();
    expect(fieldErrorsOf(new AppError("BAD_REQUEST", "x", { issues: [] }))).toBeNull();
    expect(fieldErrorsOf(new Error("boom"))).toBeNull();
  });
});
