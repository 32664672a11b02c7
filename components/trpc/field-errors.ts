/** Every message per field (dotted path), as the forms show them. */
export type FieldErrors = Record<string, string[]>;

export type FormErrors = {
  /** Messages beside their fields. */
  fields: FieldErrors;
  /** Messages that belong to no field (shown in the form's summary). */
  form: string[];
};

type ClientError = {
  message: string;
  data?: {
    fieldErrors?: Record<string, string[] | undefined> | null;
    zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
  } | null;
};

export const NO_FORM_ERRORS: FormErrors = { fields: {}, form: [] };

function clean(map: Record<string, string[] | undefined> | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(map ?? {})) {
    const list = (messages ?? []).filter((m) => typeof m === "string" && m !== "");
    if (list.length > 0) out[field] = [...new Set(list)];
  }
  return out;
}

/**
 * Maps a failed tRPC call to per-field messages: the server's `fieldErrors` (zod issues under their
 * full paths, and AppError field problems — see server/errors/field-errors.ts), else zod's flattened
 * `fieldErrors`. A failure that names no field becomes one form-level message (the server's sentence).
 */
export function formErrorsOf(error: ClientError | null | undefined): FormErrors {
  if (!error) return NO_FORM_ERRORS;
  const fromServer = clean(error.data?.fieldErrors);
  const fields = Object.keys(fromServer).length > 0 ? fromServer : clean(error.data?.zodError?.fieldErrors);
  const form = (error.data?.zodError?.formErrors ?? []).filter((m) => m !== "");
  if (Object.keys(fields).length === 0 && form.length === 0) form.push(error.message);
  return { fields, form };
}

/** Merges client-side checks with the server's answer (client messages first, no duplicates). */
export function mergeFormErrors(...all: FormErrors[]): FormErrors {
  const fields: FieldErrors = {};
  const form: string[] = [];
  for (const errors of all) {
    for (const [field, messages] of Object.entries(errors.fields)) {
      fields[field] = [...new Set([...(fields[field] ?? []), ...messages])];
    }
    for (const message of errors.form) if (!form.includes(message)) form.push(message);
  }
  return { fields, form };
}

export function hasFormErrors(errors: FormErrors): boolean {
  return errors.form.length > 0 || Object.keys(errors.fields).length > 0;
}
