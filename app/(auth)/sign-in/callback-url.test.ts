import { describe, expect, it } from "vitest";

import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl } from "./callback-url";

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
