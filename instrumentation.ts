/**
 * Next.js instrumentation hook: runs once when a server process starts. Logs where background jobs
 * run and, without an Inngest server, starts the cron functions in this process. Skipped on the
 * Edge runtime and during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobs } = await import("./inngest/start");
  await startJobs();
}
