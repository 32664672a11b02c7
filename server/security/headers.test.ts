import { describe, expect, it } from "vitest";

import { API_CSP, pageCsp, servedOverHttps } from "./headers";

describe("pageCsp", () => {
  it("runs only scripts with the request's nonce, forbids framing, and allows eval only in next dev", () => {
    const csp = pageCsp("abc123", { dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(pageCsp("abc123", { dev: true })).toContain("'unsafe-eval'");
    expect(API_CSP).toContain("default-src 'none'");
  });
});

describe("servedOverHttps", () => {
  const base = { appUrl: "http://localhost:3000", requestProtocol: "http:", forwardedProto: null, trustProxy: false };
  it("is true for an https APP_URL or request, and for X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(servedOverHttps(base)).toBe(false);
    expect(servedOverHttps({ ...base, appUrl: "https://relay.example.com" })).toBe(true);
    expect(servedOverHttps({ ...base, requestProtocol: "https:" })).toBe(true);
    expect(servedOverHttps({ ...base, forwardedProto: "https" })).toBe(false);
    expect(servedOverHttps({ ...base, forwardedProto: "https", trustProxy: true })).toBe(true);
    expect(servedOverHttps({ ...base, forwardedProto: "http", trustProxy: true })).toBe(false);
  });
});
