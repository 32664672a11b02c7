/**
 * A random id the proxy gives each browser on the sign-in page (cookie `relay_client`), so the sign-in
 * throttle can tell one browser's failures from another's. It is not a secret and proves nothing; it
 * only keeps one client's wrong guesses from slowing anyone else.
 */
export const BROWSER_ID_COOKIE = "relay_client";

const ID = /^[A-Za-z0-9_-]{16,64}$/;

export function isBrowserId(value: string | null | undefined): value is string {
  return typeof value === "string" && ID.test(value);
}

/** The browser id from a Cookie header, or null when absent or malformed. */
export function readBrowserId(cookieHeader: string | null | undefined, name = BROWSER_ID_COOKIE): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return isBrowserId(value) ? value : null;
  }
  return null;
}
