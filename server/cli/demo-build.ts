import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The demo's production build: `next build` into its own folder (never the `next dev` one), made
 * once and reused while the code is the same. The build's fingerprint is a hash of the files it is
 * made from (sources, public files, configuration and the lock file), stored next to the build.
 */
export const DEMO_DIST_DIR = ".next-demo";
export const FINGERPRINT_FILE = "psa-relay-source.sha256";

/** Folders and files the build reads. Tests and e2e specs do not change the build. */
const SOURCE_DIRS = ["app", "components", "db", "inngest", "lib", "public", "server"];
const SOURCE_FILES = ["instrumentation.ts", "middleware.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package.json", "package-lock.json"];
const IGNORED = /(\.test\.tsx?|\.spec\.tsx?)$/;
/** Scripts the app never imports (benchmarks, command-line tools). */
const IGNORED_DIRS = new Set([path.join("server", "bench"), path.join("server", "cli")]);

function listFiles(dir: string, out: string[]) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!IGNORED_DIRS.has(path.relative(process.cwd(), full))) listFiles(full, out);
    }
    else if (e.isFile() && !IGNORED.test(e.name)) out.push(full);
  }
}

/** Hash of every source file's path and content, in a stable order. */
export function sourceFingerprint(root = process.cwd()): string {
  const files: string[] = [];
  for (const d of SOURCE_DIRS) listFiles(path.join(root, d), files);
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) files.push(path.join(root, f));
  files.sort();
  const hash = createHash("sha256");
  for (const f of files) {
    hash.update(path.relative(root, f));
    hash.update("\0");
    hash.update(readFileSync(f));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function nextBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist", "bin", "next");
}

function storedFingerprint(distDir: string): string | null {
  const dir = path.join(process.cwd(), distDir);
  if (!existsSync(path.join(dir, "BUILD_ID"))) return null;
  try {
    return readFileSync(path.join(dir, FINGERPRINT_FILE), "utf8").trim();
  } catch {
    return null;
  }
}

/**
 * Builds into `distDir` unless a build of the same sources is there. Resolves to "reused" or
 * "built"; rejects when `next build` fails (its output went to the console).
 */
export async function ensureDemoBuild(opts: { distDir?: string; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<"reused" | "built"> {
  const distDir = opts.distDir ?? DEMO_DIST_DIR;
  const fingerprint = sourceFingerprint();
  if (storedFingerprint(distDir) === fingerprint) return "reused";
  opts.log(`[demo] building the portal once into ${distDir} (next build; reused while the code is unchanged)…`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...opts.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`))));
  });
  writeFileSync(path.join(process.cwd(), distDir, FINGERPRINT_FILE), `${fingerprint}\n`);
  opts.log(`[demo] build ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return "built";
}
