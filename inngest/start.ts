import { announceJobsMode, jobsMode } from "./mode";

/**
 * Called once per server process (instrumentation.ts): logs where jobs run and, in inline mode,
 * starts the cron functions in this process. With an Inngest server the server runs the crons.
 */
export async function startJobs(): Promise<void> {
  announceJobsMode();
  if (jobsMode() !== "inline") return;
  const { startInlineCrons } = await import("./inline");
  startInlineCrons();
}
