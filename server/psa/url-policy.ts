/**
 * Where PSA Relay may send PSA credentials. Outside demo and test modes every outbound PSA URL
 * (Autotask zone discovery and the zone it answers with, the ConnectWise site) must be https:
 * the secret travels in a header. Demo and test modes (PSA_RELAY_MODE=demo|test) also allow http,
 * for the sandboxes on the portal's own origin. The mode is read per call, so tests can switch it.
 */
export function psaHttpAllowed(): boolean {
  const mode = process.env.PSA_RELAY_MODE;
  return mode === "demo" || mode === "test";
}

/** Null when credentials may be sent to `url`; otherwise the reason, as a sentence. */
export function psaUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return "Enter a full URL that starts with https://.";
  }
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && psaHttpAllowed()) return null;
  return "Enter an https:// URL: PSA Relay sends PSA credentials over https only.";
}
