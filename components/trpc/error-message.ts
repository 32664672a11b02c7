type ClientError = {
  message: string;
  data?: { zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null } | null;
};

/**
 * The sentence to show for a failed call. Input validation failures carry zod's issues; the first
 * one is the message the schema wrote for the user (it names the field).
 */
export function errorMessage(error: ClientError | null | undefined): string {
  if (!error) return "";
  const zod = error.data?.zodError;
  if (zod) {
    const field = Object.values(zod.fieldErrors ?? {}).find((m) => m && m.length > 0)?.[0];
    const form = zod.formErrors?.[0];
    if (field ?? form) return (field ?? form)!;
  }
  return error.message;
}
