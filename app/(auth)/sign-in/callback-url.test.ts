import { describe, expect, it } from "vitest";

import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl, signInPathFor } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/customers?q=acme")).toBe("/customers?q=acme");
    expect(safeCallbackUrl("/event-log/42#outcomes")).toBe("/event-log/42#outcomes");
  });

  it("refuses other origins and odd forms", () => {
    for (const bad of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "/sign-in?callbackUrl=/x",
      "/api/trpc/x",
      "/ok\nLocation: x",
      undefined,
      42,
    ]) {
      expect(safeCallbackUrl(bad)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });
});

describe("signInPathFor", () => {
  it("carries the deep link asked for to the sign-in page", () => {
    expect(signInPathFor("/event-log/0b5c7e1a-2f3d-4c5b-9a8e-7d6f5e4c3b2a")).toBe("/sign-in?callbackUrl=%2Fevent-log%2F0b5c7e1a-2f3d-4c5b-9a8e-7d6f5e4c3b2a");
    expect(signInPathFor("/customers?q=acme&page=2")).toBe(`/sign-in?callbackUrl=${encodeURIComponent("/customers?q=acme&page=2")}`);
    expect(signInPathFor(DEFAULT_AFTER_SIGN_IN)).toBe(`/sign-in?callbackUrl=${encodeURIComponent(DEFAULT_AFTER_SIGN_IN)}`);
  });

  it("leaves out what would not be honoured", () => {
    expect(signInPathFor(null)).toBe("/sign-in");
    expect(signInPathFor("//evil.example/x")).toBe("/sign-in");
    expect(signInPathFor("/api/trpc/x")).toBe("/sign-in");
  });
});
