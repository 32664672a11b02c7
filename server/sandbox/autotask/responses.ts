/**
 * Response shapes of the sandbox, as the Autotask REST API answers:
 * - business-rule / validation failures: HTTP 500 `{"errors":["…"]}` (A10);
 * - malformed JSON or unknown fields: HTTP 400 `{"errors":["…"]}`;
 * - framework-level failures (unknown route, wrong verb, unhandled error, bad credentials): the
 *   ASP.NET Web API default body `{"Message":"…"}`.
 */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join(" "));
    this.name = "SandboxError";
  }
}

/** A business-rule failure: HTTP 500 with an errors array. */
export function ruleError(message: string): SandboxError {
  return new SandboxError(500, [message]);
}

export function badRequest(message: string): SandboxError {
  return new SandboxError(400, [message]);
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorsResponse(status: number, errors: string[], headers: Record<string, string> = {}): Response {
  return json({ errors }, status, headers);
}

export function messageResponse(status: number, message: string): Response {
  return json({ Message: message }, status);
}

export const unauthorized = () => messageResponse(401, "Authorization has been denied for this request.");

export const notFoundRoute = (url: string) => messageResponse(404, `No HTTP resource was found that matches the request URI '${url}'.`);

export const methodNotAllowed = (method: string) =>
  messageResponse(405, `The requested resource does not support http method '${method}'.`);

export const unhandled = () => messageResponse(500, "An error has occurred.");

/** The text Autotask gives when more than 3 requests hit one endpoint at once (psa-api-facts A9). */
export const THREAD_THRESHOLD_TEXT =
  "Itgenatr005: Thread Threshold Exceeded. No more than 3 concurrent requests are allowed per API integration and endpoint.";
