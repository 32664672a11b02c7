/** Where to go after signing in when no (acceptable) callbackUrl is given. */
export const DEFAULT_AFTER_SIGN_IN = "/overview";

/**
 * A callbackUrl is honoured only as a path on this site ("/customers?q=x"): absolute URLs,
 * protocol-relative "//host" and "/\host" forms, and the sign-in page itself fall back to the default.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) return DEFAULT_AFTER_SIGN_IN;
  const base = "http://relay.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== base || url.pathname.startsWith("/sign-in") || url.pathname.startsWith("/api/")) return DEFAULT_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The sign-in page's address for a signed-out visit to `path` (the path and query asked for): it
 * returns there after signing in. Paths that would not be honoured are left out.
 */
export function signInPathFor(path: string | null | undefined): string {
  const target = safeCallbackUrl(path);
  return target === DEFAULT_AFTER_SIGN_IN && path !== DEFAULT_AFTER_SIGN_IN ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(target)}`;
}
