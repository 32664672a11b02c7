import { describe, expect, it } from "vitest";

import { delayAfterFailures, THROTTLE_RULES, throttleKeys } from "./throttle";

describe("delayAfterFailures", () => {
  it("lets the first failures through, then doubles the delay up to the cap", () => {
    const rule = THROTTLE_RULES.account;
    for (let f = 0; f <= rule.freeFailures; f++) expect(delayAfterFailures(rule, f)).toBe(0);
    expect(delayAfterFailures(rule, rule.freeFailures + 1)).toBe(rule.firstDelaySeconds);
    expect(delayAfterFailures(rule, rule.freeFailures + 2)).toBe(rule.firstDelaySeconds * 2);
    expect(delayAfterFailures(rule, rule.freeFailures + 3)).toBe(rule.firstDelaySeconds * 4);
    expect(delayAfterFailures(rule, rule.freeFailures + 50)).toBe(rule.maxDelaySeconds);
    expect(delayAfterFailures(rule, 10_000)).toBe(rule.maxDelaySeconds);
  });

  it("allows more failures per client across e-mails than per e-mail", () => {
    expect(THROTTLE_RULES.client.freeFailures).toBeGreaterThan(THROTTLE_RULES.account.freeFailures);
  });
});

describe("throttleKeys", () => {
  it("counts an e-mail's failures per browser, so one browser's guesses never slow another", () => {
    const a = throttleKeys("Ann@Example.test", { browserId: "browser-aaaaaaaaaaaa", ip: null });
    const b = throttleKeys("ann@example.test", { browserId: "browser-bbbbbbbbbbbb", ip: null });
    expect(a.account).not.toBe(b.account);
    expect(a.account).toContain("ann@example.test");
    expect(throttleKeys(" ANN@example.test ", { browserId: "browser-aaaaaaaaaaaa", ip: null }).account).toBe(a.account);
  });

  it("counts spraying across e-mails per browser without a trusted proxy, per address with one", () => {
    const browser = { browserId: "browser-aaaaaaaaaaaa", ip: null };
    expect(throttleKeys("a@x.test", browser).client).toBe(throttleKeys("b@x.test", browser).client);
    const proxied = { browserId: "browser-aaaaaaaaaaaa", ip: "203.0.113.7" };
    const otherBrowserSameIp = { browserId: "browser-cccccccccccc", ip: "203.0.113.7" };
    expect(throttleKeys("a@x.test", proxied).client).toBe("ip:203.0.113.7");
    expect(throttleKeys("b@x.test", otherBrowserSameIp).client).toBe("ip:203.0.113.7");
    // Per e-mail, the browser still counts separately behind one address (an office behind one NAT).
    expect(throttleKeys("a@x.test", proxied).account).not.toBe(throttleKeys("a@x.test", otherBrowserSameIp).account);
  });

  it("puts clients without a browser id (scripts) in one shared client", () => {
    const k1 = throttleKeys("a@x.test", { browserId: null, ip: null });
    const k2 = throttleKeys("b@x.test", { browserId: null, ip: null });
    expect(k1.client).toBe("client:anonymous");
    expect(k2.client).toBe(k1.client);
  });
});
