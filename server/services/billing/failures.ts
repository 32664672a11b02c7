import { isPsaError, type PsaError } from "~/server/psa/errors";

/**
 * What a PSA failure means for a customer's billing sync: retried (throttled, unavailable) or
 * failed with the PSA's own message and what to change.
 */
export type BillingFailure = { retryable: boolean; message: string; hint: string; retryAfterMs?: number };

const HINTS: Record<PsaError["kind"], string> = {
  auth: "Check the PSA credentials on Integration Setup (Test and Save), then Sync now.",
  forbidden: "Give the PSA API user permission to read contracts and edit contract services (Autotask) or agreements and additions (ConnectWise), then Sync now.",
  invalid: "Check the customer's contract on the Customer Map and the item's service / product in the billing settings, then Sync now.",
  not_found: "A contract, service or product PSA Relay uses no longer exists: check the Customer Map and the billing settings, then Sync now.",
  throttled: "The PSA is limiting requests; PSA Relay retries automatically.",
  unavailable: "The PSA could not be reached; PSA Relay retries automatically.",
};

export function describeBillingFailure(err: unknown): BillingFailure {
  if (isPsaError(err)) {
    const own = err.psaMessage?.trim();
    const message = own && !err.message.includes(own) ? `${err.message} The PSA said: ${own}` : err.message;
    return { retryable: err.retryable, message, hint: err.hint ?? HINTS[err.kind], retryAfterMs: err.retryAfterMs };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { retryable: true, message: `Billing sync failed: ${message}`, hint: "PSA Relay retries automatically; run Sync now if it stays failed." };
}
