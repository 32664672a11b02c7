import type { PsaProvider, PsaRef } from "~/server/psa/types";

/**
 * Picks sensible ticketing values by name from what the PSA lists, for the demo setup: the alerts
 * queue/board, the "New" and completed statuses, and high / medium / low priorities. Pure.
 */
const active = (refs: PsaRef[]) => refs.filter((r) => r.isActive);

function byNames(refs: PsaRef[], names: string[]): PsaRef | undefined {
  for (const name of names) {
    const found = refs.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

const QUEUE_NAMES: Record<PsaProvider, string[]> = {
  autotask: ["Monitoring Alert", "Backup Alerts"],
  connectwise: ["Alerts", "Service Desk", "Help Desk"],
};

export function pickQueue(provider: PsaProvider, queues: PsaRef[]): PsaRef | null {
  const list = active(queues);
  return byNames(list, QUEUE_NAMES[provider]) ?? list[0] ?? null;
}

export function pickStatuses(statuses: PsaRef[]): { newStatus: PsaRef | null; completed: PsaRef | null } {
  const list = active(statuses);
  const open = list.filter((s) => !s.isClosed);
  const newStatus = byNames(open, ["New"]) ?? open.find((s) => s.isDefault) ?? open[0] ?? null;
  const done = ["Complete", "Completed", "Closed", "Resolved"];
  const completed = byNames(list.filter((s) => s.isClosed), done) ?? byNames(list, done) ?? list.find((s) => s.isClosed) ?? null;
  return { newStatus, completed: completed && completed.id !== newStatus?.id ? completed : null };
}

const LEVELS = {
  high: [/^high$/i, /priority 2/i, /\bhigh\b/i, /quick/i],
  medium: [/^medium$/i, /priority 3/i, /\bmedium\b/i, /normal/i],
  low: [/^low$/i, /priority 4/i, /\blow\b/i, /schedul/i],
} as const;

export function pickPriorities(priorities: PsaRef[]): { high: PsaRef | null; medium: PsaRef | null; low: PsaRef | null } {
  const list = active(priorities);
  const find = (patterns: readonly RegExp[]) => {
    for (const p of patterns) {
      const found = list.find((r) => p.test(r.name));
      if (found) return found;
    }
    return null;
  };
  const fallback = list.find((r) => r.isDefault) ?? list[0] ?? null;
  return { high: find(LEVELS.high) ?? fallback, medium: find(LEVELS.medium) ?? fallback, low: find(LEVELS.low) ?? fallback };
}

/** Case- and space-insensitive name key for matching vendor customers to PSA companies. */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
