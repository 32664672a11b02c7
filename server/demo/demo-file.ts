import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * .data/demo.json: what `npm run demo` started — the URL, who can sign in, each partner's ingest
 * API key (a key is only known when it is created, so the file keeps it for the next start).
 */
export type DemoFile = {
  url: string;
  /** The driver and, for PGlite, its folder. */
  db: { driver: "postgres" | "pglite"; pgliteDir?: string };
  jobs: string;
  partners: {
    name: string;
    slug: string;
    users: { email: string; password: string; role: "admin" | "technician" }[];
    apiKey: string;
  }[];
  /** Each demo partner's PSA sandbox connection: provider, base URL and the credential fields the connector takes. */
  psa?: { partnerSlug: string; provider: "autotask" | "connectwise"; baseUrl: string; credentials: Record<string, string>; status?: string }[];
  simulator: { enabled: boolean };
  /**
   * For scripts: `Authorization: Bearer <token>` opens the sandboxes' `_admin` endpoints (every
   * tenant) and POST /api/demo/setup. SANDBOX_ADMIN_TOKEN when set, else .data/sandbox-admin-token.
   */
  sandboxAdminToken?: string;
};

export function demoFilePath(): string {
  return path.join(process.cwd(), ".data", "demo.json");
}

export function readDemoFile(file = demoFilePath()): DemoFile | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoFile>;
    return Array.isArray(parsed.partners) ? (parsed as DemoFile) : null;
  } catch {
    return null;
  }
}

export function writeDemoFile(data: DemoFile, file = demoFilePath()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
}

export function bannerLines(data: DemoFile): string[] {
  const rule = "─".repeat(72);
  const lines = [rule, `  PSA Relay demo is running at ${data.url}`, ""];
  for (const p of data.partners) {
    lines.push(`  ${p.name} (${p.slug})`);
    for (const u of p.users) lines.push(`    ${u.role.padEnd(11)} ${u.email.padEnd(24)} password: ${u.password}`);
    lines.push(`    ingest API key: ${p.apiKey}`);
    for (const conn of data.psa?.filter((c) => c.partnerSlug === p.slug) ?? []) {
      lines.push(`    PSA: ${conn.provider === "autotask" ? "Autotask" : "ConnectWise"} sandbox (${conn.status ?? "configured"})`);
      for (const [k, v] of Object.entries(conn.credentials)) lines.push(`      ${k.padEnd(22)} ${v}`);
    }
    lines.push("");
  }
  lines.push(
    `  Database: ${data.db.driver === "pglite" ? `embedded PGlite (${data.db.pgliteDir})` : "PostgreSQL (DATABASE_URL)"}`,
    `  Jobs: ${data.jobs === "inngest" ? "Inngest server" : "inline (demo/development only)"}`,
    ...(data.sandboxAdminToken ? [`  Sandbox admin token (Authorization: Bearer … for /sandbox/*/_admin and /api/demo/setup): ${data.sandboxAdminToken}`] : []),
    `  Fleet simulator: ${data.simulator.enabled ? "on — new events every 3–5 s (--no-simulator or DEMO_SIMULATOR=off to stop it)" : "off"}`,
    `  Written to .data/demo.json. Ctrl-C stops the demo.`,
    rule,
  );
  return lines;
}

export function printBanner(data: DemoFile): void {
  console.log(`\n${bannerLines(data).join("\n")}\n`);
}
