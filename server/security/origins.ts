/**
 * Which browser origins may call the portal's own APIs with the user's cookie (tRPC, server actions).
 *
 * The portal's public origin is APP_URL; APP_ALLOWED_ORIGINS (comma-separated origins) adds others that
 * serve the same portal (e.g. an internal host name). When APP_URL names the local machine (localhost,
 * 127.0.0.1 or [::1]) the other loopback names on the same port are allowed too, so the demo works at
 * http://localhost:3000 and http://127.0.0.1:3000 alike.
 */
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

function originOf(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function allowedOrigins(appUrl: string, extra: string | undefined): Set<string> {
  const result = new Set<string>();
  const add = (value: string) => {
    const origin = originOf(value);
    if (!origin) return;
    result.add(origin);
    const url = new URL(origin);
    if (LOOPBACK.includes(url.hostname)) {
      for (const host of LOOPBACK) result.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
    }
  };
  add(appUrl);
  for (const value of (extra ?? "").split(",")) if (value.trim()) add(value);
  return result;
}

/** The configured origins, from the environment (read at call time so tests can set it). */
export function configuredOrigins(): Set<string> {
  return allowedOrigins(process.env.APP_URL ?? "http://localhost:3000", process.env.APP_ALLOWED_ORIGINS);
}

export type SiteCheck = { ok: true } | { ok: false; status: 403 | 415; message: string };

/**
 * The cross-site request rule for cookie-authenticated API calls:
 * - a browser's Sec-Fetch-Site must be "same-origin" (or "none": typed into the address bar, GET only);
 *   "same-site" (e.g. another port on the same host) and "cross-site" are refused;
 * - an Origin header, when sent, must be one of the allowed origins;
 * - a request that changes something (anything but GET/HEAD) must be `application/json`, which a
 *   cross-site HTML form cannot send and which makes a cross-site fetch() need a CORS preflight the
 *   portal never grants.
 * Clients that send neither header (scripts, server-side callers) carry no browser cookies to abuse
 * and are judged by the JSON rule alone.
 */
export function checkSameSite(req: { method: string; headers: Headers }, allowed: Set<string>): SiteCheck {
  const method = req.method.toUpperCase();
  const readOnly = method === "GET" || method === "HEAD";
  const site = req.headers.get("sec-fetch-site")?.toLowerCase();
  if (site && site !== "same-origin" && !(readOnly && site === "none")) {
    return { ok: false, status: 403, message: `Cross-site request refused (Sec-Fetch-Site: ${site}). Use the portal itself to make this change.` };
  }
  const origin = req.headers.get("origin");
  if (origin && !allowed.has(origin)) {
    return { ok: false, status: 403, message: "Cross-site request refused: this origin may not call the portal's API." };
  }
  if (!readOnly) {
    const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return { ok: false, status: 415, message: "Send this request as application/json." };
    }
  }
  return { ok: true };
}
