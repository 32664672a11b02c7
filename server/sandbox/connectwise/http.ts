/**
 * Response helpers with ConnectWise's wire shapes: JSON bodies under the versioned media type,
 * errors as ErrorResponseMessage `{code, message, errors[]}`.
 */
export const CW_MEDIA_TYPE = "application/json; charset=utf-8";
export const API_VERSION = "2025.8";

export type FieldError = { code: string; message: string; resource: string; field: string };

/** A rejected request, turned into its HTTP answer by the handler. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function invalidObject(resource: string, errors: FieldError[]): SandboxHttpError {
  return new SandboxHttpError(400, "InvalidObject", `${resource} object is invalid`, errors);
}

export function requiredField(resource: string, field: string): FieldError {
  return { code: "MissingRequiredField", message: `The ${field} field is required.`, resource, field };
}

export function invalidField(resource: string, field: string, message: string): FieldError {
  return { code: "InvalidField", message, resource, field };
}

export function notFound(label: string, id: number | string): SandboxHttpError {
  return new SandboxHttpError(404, "NotFound", `${label} with id ${id} not found`);
}

export function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError(400, "BadRequest", message);
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": CW_MEDIA_TYPE, "api-current-version": API_VERSION, ...headers },
  });
}

export function errorResponse(err: SandboxHttpError): Response {
  const body: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.errors.length) body.errors = err.errors;
  return json(body, err.status, err.headers);
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "api-current-version": API_VERSION } });
}

/** What IIS answers for a path that does not exist (wrong codebase): HTML, not JSON. */
export function htmlNotFound(): Response {
  return new Response("<html><head><title>404 - File or directory not found.</title></head><body>Not Found</body></html>", {
    status: 404,
    headers: { "content-type": "text/html" },
  });
}
