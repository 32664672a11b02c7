import { inngestServerConfigured } from "~/server/env";

/**
 * Where jobs run: on an Inngest server (Dev Server or Cloud) when one is configured, else inline in
 * this process. The choice is logged once per process.
 */
export type JobsMode = "inngest" | "inline";

export const INLINE_MODE_MESSAGE =
  "[jobs] inline mode: no Inngest server configured (set INNGEST_DEV or INNGEST_EVENT_KEY to use one); " +
  "functions and crons run in this process — for demo and development only";

export function jobsMode(): JobsMode {
  return inngestServerConfigured() ? "inngest" : "inline";
}

/** Names the Inngest server without ever printing a key. */
function describeServer(): string {
  const dev = process.env.INNGEST_DEV;
  if (dev && dev !== "0" && dev.toLowerCase() !== "false") {
    const url = /^https?:\/\//.test(dev) ? dev : (process.env.INNGEST_BASE_URL ?? "http://localhost:8288");
    return `Dev Server at ${url}`;
  }
  return process.env.INNGEST_BASE_URL ? `Inngest at ${process.env.INNGEST_BASE_URL}` : "Inngest Cloud";
}

const globalForJobs = globalThis as unknown as { __psaRelayJobsAnnounced?: boolean };

export function announceJobsMode(logger: Pick<Console, "info"> = console): void {
  if (globalForJobs.__psaRelayJobsAnnounced) return;
  globalForJobs.__psaRelayJobsAnnounced = true;
  logger.info(jobsMode() === "inline" ? INLINE_MODE_MESSAGE : `[jobs] sending events to Inngest (${describeServer()})`);
}
