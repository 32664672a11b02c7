import { randomBytes } from "node:crypto";

import { type NextRequest, NextResponse } from "next/server";

import { BROWSER_ID_COOKIE, isBrowserId } from "~/server/auth/browser-id";
import { API_CSP, HSTS, pageCsp, REQUEST_PATH_HEADER, servedOverHttps } from "~/server/security/headers";

/**
 * Runs before every page and API route (Next.js 16 "proxy", formerly middleware):
 * - a fresh CSP nonce per page (Next.js applies it to its own scripts), a locked-down CSP for APIs;
 * - HSTS when served over https;
 * - the requested path for the portal layout's sign-in redirect;
 * - the browser id cookie the sign-in throttle tells clients apart by.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const nonce = randomBytes(16).toString("base64");
  const csp = isApi ? API_CSP : pageCsp(nonce, { dev: process.env.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  if (!isApi) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);

  const https = servedOverHttps({
    appUrl: process.env.APP_URL,
    requestProtocol: request.nextUrl.protocol,
    forwardedProto: request.headers.get("x-forwarded-proto"),
    trustProxy: process.env.TRUST_PROXY === "1",
  });
  if (https) response.headers.set("Strict-Transport-Security", HSTS);

  if (pathname === "/sign-in" && !isBrowserId(request.cookies.get(BROWSER_ID_COOKIE)?.value)) {
    response.cookies.set(BROWSER_ID_COOKIE, randomBytes(18).toString("base64url"), {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: 400 * 24 * 60 * 60,
    });
  }
  return response;
}

export const config = {
  // Everything but the build's static files (hashed, immutable; next.config.ts still adds the static headers).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
