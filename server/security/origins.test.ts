import { describe, expect, it } from "vitest";

import { allowedOrigins, checkSameSite } from "./origins";

const allowed = allowedOrigins("http://localhost:3000", "https://relay.internal.example");

function req(method: string, headers: Record<string, string>) {
  return { method, headers: new Headers(headers) };
}

describe("allowedOrigins", () => {
  it("holds APP_URL, the extra origins, and the loopback twins of a local APP_URL on the same port only", () => {
    expect([...allowed].sort()).toEqual(
      ["http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000", "https://relay.internal.example"].sort(),
    );
    expect(allowedOrigins("https://relay.example.com/", undefined)).toEqual(new Set(["https://relay.example.com"]));
    expect(allowedOrigins("https://relay.example.com", "not a url, ftp://x.example")).toEqual(new Set(["https://relay.example.com"]));
  });
});

describe("checkSameSite", () => {
  const json = { "content-type": "application/json" };

  it("accepts a same-origin JSON mutation from the portal at either local host name", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000"]) {
      expect(checkSameSite(req("POST", { ...json, origin, "sec-fetch-site": "same-origin" }), allowed)).toEqual({ ok: true });
    }
    expect(checkSameSite(req("POST", { "content-type": "application/json; charset=utf-8" }), allowed)).toEqual({ ok: true });
  });

  it("refuses a multipart or form-encoded or text mutation (what a cross-site form can send)", () => {
    for (const type of ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"]) {
      expect(checkSameSite(req("POST", { "content-type": type, origin: "http://localhost:3000" }), allowed)).toMatchObject({ ok: false, status: 415 });
    }
    expect(checkSameSite(req("POST", {}), allowed)).toMatchObject({ ok: false, status: 415 });
  });

  it("refuses another port on the same host, another site, and an unknown Origin", () => {
    expect(checkSameSite(req("POST", { ...json, origin: "http://localhost:4000", "sec-fetch-site": "same-site" }), allowed)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkSameSite(req("POST", { ...json, "sec-fetch-site": "cross-site" }), allowed)).toMatchObject({ ok: false, status: 403 });
    expect(checkSameSite(req("POST", { ...json, origin: "https://evil.example" }), allowed)).toMatchObject({ ok: false, status: 403 });
    expect(checkSameSite(req("POST", { ...json, origin: "null" }), allowed)).toMatchObject({ ok: false, status: 403 });
    expect(checkSameSite(req("GET", { "sec-fetch-site": "cross-site" }), allowed)).toMatchObject({ ok: false, status: 403 });
  });

  it("accepts reads typed into the address bar but not changes", () => {
    expect(checkSameSite(req("GET", { "sec-fetch-site": "none" }), allowed)).toEqual({ ok: true });
    expect(checkSameSite(req("POST", { ...json, "sec-fetch-site": "none" }), allowed)).toMatchObject({ ok: false, status: 403 });
  });
});
