/** An error's message fit for a log line: Inngest keys that may appear in it are masked, length capped. */
export function safeErrorMessage(err: unknown, max = 300): string {
  let message = err instanceof Error ? err.message : String(err);
  for (const name of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_SIGNING_KEY_FALLBACK"]) {
    const secret = process.env[name];
    if (secret && secret.length >= 4) message = message.split(secret).join("[redacted]");
  }
  return message.length > max ? `${message.slice(0, max - 1)}…` : message;
}
