import type { NextConfig } from "next";

import { STATIC_SECURITY_HEADERS } from "./server/security/headers";
import { allowedOrigins } from "./server/security/origins";

/**
 * Host names `next dev` may serve its dev resources (chunks, HMR) to. Next 16 blocks them for any
 * host but localhost unless listed, and the pages then never hydrate: allow the loopback names and
 * the hosts of APP_URL / APP_ALLOWED_ORIGINS.
 */
const devOrigins = [...allowedOrigins(process.env.APP_URL ?? "http://localhost:3000", process.env.APP_ALLOWED_ORIGINS)].map((o) => new URL(o).hostname);

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time;
  // argon2 is a native addon. Neither can be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  // Benchmarks and e2e builds may use their own output folder so they never clash with `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  typedRoutes: false,
  allowedDevOrigins: [...new Set(["127.0.0.1", "localhost", "[::1]", ...devOrigins])],
  // Same on every answer (pages, APIs, static files); the CSP and HSTS are set per request in proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
