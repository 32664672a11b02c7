import { ZodError } from "zod";

import { AppError } from "./app-error";

/** Every message per field, keyed by the field's dotted path ("alertMapping.error.queueId"). */
export type FieldErrors = Record<string, string[]>;

type FieldProblem = { field: string; message: string };

function isProblem(value: unknown): value is FieldProblem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as FieldProblem).field === "string" &&
    typeof (value as FieldProblem).message === "string"
  );
}

function add(errors: FieldErrors, field: string, message: string) {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/**
 * The per-field messages of a failed call, for forms to show every problem at once beside its
 * field: zod's issues (each under its full path; an issue with an empty path belongs to the form,
 * not a field) and an AppError's `details` — `{ field, problems: [{ field, message }] }` from the
 * settings services, or a single `{ field }` with the error's message. Null when nothing names a field.
 */
export function fieldErrorsOf(cause: unknown): FieldErrors | null {
  const errors: FieldErrors = {};
  if (cause instanceof ZodError) {
    for (const issue of cause.issues) {
      if (issue.path.length === 0) continue;
      add(errors, issue.path.map(String).join("."), issue.message);
    }
  } else if (cause instanceof AppError && typeof cause.details === "object" && cause.details !== null) {
    const details = cause.details as { field?: unknown; problems?: unknown };
    const problems = Array.isArray(details.problems) ? details.problems.filter(isProblem) : [];
    if (problems.length > 0) {
      for (const problem of problems) add(errors, problem.field, problem.message);
    } else if (typeof details.field === "string" && details.field !== "") {
      add(errors, details.field, cause.message);
    }
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
