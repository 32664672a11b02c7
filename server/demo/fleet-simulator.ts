import { randomBytes } from "node:crypto";

import { createEventGenerator, type SimBatch, type SimPartner } from "./event-generator";

/**
 * The demo's vendor platform: every few seconds it sends a few events (and now and then usage) for
 * random accounts of the demo partners through the real ingest API over HTTP, with each partner's
 * API key — so the demo exercises the same path as production.
 */
export type SimulatorPartner = SimPartner & { apiKey: string };

export type FleetSimulatorOptions = {
  baseUrl: string;
  partners: SimulatorPartner[];
  seed?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
};

async function send(baseUrl: string, apiKey: string, method: "POST" | "PUT", path: string, body: unknown): Promise<string | null> {
  try {
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    if (res.ok) return null;
    const text = await res.text();
    return `${method} ${path} → ${res.status} ${text.slice(0, 300)}`;
  } catch (err) {
    return `${method} ${path} → ${err instanceof Error ? err.message : String(err)}`;
  }
}

function describe(batch: SimBatch): string {
  const failures = batch.events.filter((e) => e.severity !== "ok").length;
  const recoveries = batch.events.filter((e) => e.severity === "ok" && "recoveredFrom" in e.details).length;
  const parts = [`${batch.events.length} event(s)`];
  if (failures) parts.push(`${failures} failing`);
  if (recoveries) parts.push(`${recoveries} recovered`);
  if (batch.usage.length) parts.push(`${batch.usage.length} usage row(s)`);
  return `${batch.slug}: ${parts.join(", ")}`;
}

export function startFleetSimulator(opts: FleetSimulatorOptions): { stop: () => Promise<void> } {
  const log = opts.log ?? ((line: string) => console.log(line));
  const keys = new Map(opts.partners.map((p) => [p.slug, p.apiKey]));
  const generator = createEventGenerator({
    partners: opts.partners,
    seed: opts.seed ?? Date.now() % 2 ** 31,
    runId: `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`,
  });
  const minDelay = opts.minDelayMs ?? 3_000;
  const maxDelay = opts.maxDelayMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function tick() {
    const batches = generator.tick(new Date());
    const lines: string[] = [];
    for (const batch of batches) {
      const key = keys.get(batch.slug)!;
      const problems = [
        batch.events.length ? await send(opts.baseUrl, key, "POST", "/api/v1/events", { events: batch.events }) : null,
        batch.usage.length ? await send(opts.baseUrl, key, "PUT", "/api/v1/usage", { usage: batch.usage }) : null,
      ].filter((p): p is string => p !== null);
      lines.push(problems.length ? `${batch.slug}: ${problems.join("; ")}` : describe(batch));
    }
    if (lines.length) log(`[simulator] ${lines.join(" | ")}`);
  }

  function schedule() {
    if (stopped) return;
    const delay = minDelay + Math.floor(Math.random() * (maxDelay - minDelay + 1));
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((err: unknown) => log(`[simulator] tick failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(schedule);
    }, delay);
  }
  schedule();

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
