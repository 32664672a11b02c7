/**
 * Security headers. Static ones (same for every answer) are set in next.config.ts; the
 * Content-Security-Policy (a fresh nonce per page) and HSTS (depends on how the request arrived)
 * are set by proxy.ts.
 */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * The pages' policy. Scripts run only with this request's nonce (Next.js puts it on its own scripts
 * when it finds it in the request's CSP header) and what those scripts load ('strict-dynamic').
 * Styles allow 'unsafe-inline': React style attributes (recharts, widths) need it. `next dev` also
 * needs eval (React's dev tooling) and its HMR websocket.
 */
export function pageCsp(nonce: string, opts: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers (JSON, CSV) never render as a document: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * HSTS only when the portal is reached over https: APP_URL is https, the request itself is, or a
 * trusted proxy (TRUST_PROXY=1) says so in X-Forwarded-Proto.
 */
export function servedOverHttps(opts: { appUrl: string | undefined; requestProtocol: string; forwardedProto: string | null; trustProxy: boolean }): boolean {
  if (opts.appUrl?.startsWith("https:")) return true;
  if (opts.requestProtocol === "https:") return true;
  return opts.trustProxy && opts.forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** Request header (set by proxy.ts) carrying the path and query asked for, so the portal can send a signed-out visitor back to it. */
export const REQUEST_PATH_HEADER = "x-relay-path";
