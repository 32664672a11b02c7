import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { FINGERPRINT_FILE, sourceFingerprint } from "~/server/cli/demo-build";

/**
 * Builds (once) and runs the production Next server for the ingest benchmark, in its own process
 * group so it and its workers can be stopped together.
 */
const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist", "bin", "next");

function run(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, [nextBin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}; see ${logFile}`))));
  });
}

/**
 * Builds into `distDir` unless it holds a build of the current sources (the fingerprint stored
 * next to it matches), so a benchmark never measures stale code. Returns whether it built.
 */
export async function buildIfMissing(
  distDir: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  onBuild: () => void,
): Promise<boolean> {
  const fingerprint = sourceFingerprint();
  const stamp = path.join(process.cwd(), distDir, FINGERPRINT_FILE);
  if (existsSync(path.join(process.cwd(), distDir, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === fingerprint) return false;
  onBuild();
  await run(["build"], { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" }, logFile);
  writeFileSync(stamp, `${fingerprint}\n`);
  return true;
}

export type RunningServer = { url: string; stop: () => Promise<void> };

export async function startServer(opts: { port: number; distDir: string; env: NodeJS.ProcessEnv; logFile: string }): Promise<RunningServer> {
  const log = createWriteStream(opts.logFile);
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    env: { ...opts.env, NEXT_DIST_DIR: opts.distDir, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}; see ${opts.logFile}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer within 60 s; see ${opts.logFile}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
