import { errorKindOf } from "~/server/errors/error-kind";
import { isPsaError, type PsaError } from "~/server/psa/errors";

/**
 * What a PSA failure means for an event's ticket outcome: retried (throttled, unavailable) or
 * failed with the PSA's own message and what to do next (auth, forbidden, invalid, not_found).
 */
export type FailureView = { retryable: boolean; message: string; hint: string; retryAfterMs?: number };

const HINTS: Record<PsaError["kind"], string> = {
  auth: "Check the PSA credentials on Integration Setup (Test and Save), then reprocess the event.",
  forbidden: "Give the PSA API user permission to create and edit tickets and notes, then reprocess the event.",
  invalid:
    "Check the ticket settings on Integration Setup (queue or board, statuses, priorities) and the customer's company on the Customer Map, then reprocess the event.",
  not_found: "A PSA record PSA Relay uses no longer exists: check the ticket settings and the Customer Map, then reprocess the event.",
  throttled: "The PSA is limiting requests; PSA Relay retries automatically. Reprocess the event if it stays failed.",
  unavailable: "The PSA could not be reached; PSA Relay retries automatically. Reprocess the event once the PSA is reachable.",
};

export function describeFailure(err: unknown): FailureView {
  if (isPsaError(err)) {
    const own = err.psaMessage?.trim();
    const message = own && !err.message.includes(own) ? `${err.message} The PSA said: ${own}` : err.message;
    return { retryable: err.retryable, message, hint: err.hint ?? HINTS[err.kind], retryAfterMs: err.retryAfterMs };
  }
  // Not the PSA: an error of our own (a database failure, a bug). Its text may carry SQL and
  // customer data, so the partner sees only its kind; the full error goes to the server log.
  return {
    retryable: true,
    message: `Ticket processing failed on PSA Relay's side (${errorKindOf(err)}).`,
    hint: "PSA Relay retries automatically; reprocess the event if it stays failed.",
  };
}
