import type { Rng } from "./prng";

/**
 * What the demo's vendor platform says about an account: believable messages and details for
 * routine successes, failures (with an error code) and their recoveries. Shared by the demo seed
 * (a week of history) and the fleet simulator (live events), so both read the same way.
 */
export type AccountKind = "server" | "workstation" | "mailbox_set" | "appliance";
export type EventType = "backup" | "no_backup" | "disk_usage" | "archiving" | "appliance_hardware" | "email_filtering";
export type Severity = "ok" | "warning" | "error";

/** What the content depends on: stable per account. */
export type AccountProfile = { kind: AccountKind; name: string; sizeGb: number; mailboxes: number };

export type EventContent = { type: EventType; severity: Severity; message: string; details: Record<string, unknown> };

/** An open condition: the failure an account has for one event type until it recovers. */
export type Failure = { type: EventType; severity: "warning" | "error"; code: string; repeats: number };

/** How often each kind of account reports each event type, and how likely a run starts a failure. */
export type Schedule = { type: EventType; everyHours: number; routine: boolean; failureRate: number };

export const SCHEDULES: Record<AccountKind, Schedule[]> = {
  server: [
    { type: "backup", everyHours: 6, routine: true, failureRate: 0.025 },
    { type: "disk_usage", everyHours: 24, routine: true, failureRate: 0.03 },
    { type: "no_backup", everyHours: 24, routine: false, failureRate: 0.01 },
  ],
  workstation: [
    { type: "backup", everyHours: 12, routine: true, failureRate: 0.025 },
    { type: "no_backup", everyHours: 24, routine: false, failureRate: 0.02 },
  ],
  mailbox_set: [
    { type: "archiving", everyHours: 24, routine: true, failureRate: 0.04 },
    { type: "email_filtering", everyHours: 12, routine: true, failureRate: 0.03 },
  ],
  appliance: [
    { type: "backup", everyHours: 12, routine: true, failureRate: 0.03 },
    { type: "appliance_hardware", everyHours: 24, routine: true, failureRate: 0.04 },
  ],
};

const GB = 1024 ** 3;

export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m ${s}s`;
}

function jobName(a: AccountProfile): string {
  if (a.kind === "server") return "System state + files (nightly)";
  if (a.kind === "appliance") return "Local image backup";
  return "Documents and desktop";
}

type FailureSpec = {
  code: string;
  severity: "warning" | "error";
  kinds?: AccountKind[];
  build: (rng: Rng, a: AccountProfile, repeats: number) => { message: string; details: Record<string, unknown> };
};

const FAILURES: Record<EventType, FailureSpec[]> = {
  backup: [
    {
      code: "E1014",
      severity: "error",
      build: (rng) => ({
        message: "Backup failed: the connection to the storage node timed out after 120 s",
        details: { storageNode: rng.pick(["stor-eu-3.cloudvault.net", "stor-us-2.cloudvault.net"]), timeoutSeconds: 120, attempts: 3 },
      }),
    },
    {
      code: "E2031",
      severity: "error",
      kinds: ["server"],
      build: () => ({
        message: "Backup failed: VSS snapshot could not be created (SqlServerWriter: VSS_E_WRITERERROR_TIMEOUT)",
        details: { writer: "SqlServerWriter", vssError: "0x800423f2" },
      }),
    },
    {
      code: "E3007",
      severity: "error",
      build: (_rng, a) => ({
        message: `Backup failed: storage quota exceeded (${(a.sizeGb * 1.21).toFixed(1)} GB of ${Math.ceil(a.sizeGb * 1.2)} GB used)`,
        details: { quotaGb: Math.ceil(a.sizeGb * 1.2), usedGb: Number((a.sizeGb * 1.21).toFixed(1)) },
      }),
    },
    {
      code: "E1102",
      severity: "error",
      build: () => ({
        message: "Backup failed: authentication to the storage node failed (device credentials expired)",
        details: { httpStatus: 401 },
      }),
    },
    {
      code: "W0402",
      severity: "warning",
      build: (rng) => {
        const files = ["C:\\Users\\Public\\Documents\\Quotes.xlsx", "D:\\Shares\\Finance\\ledger.mdb", "C:\\ProgramData\\Intuit\\QBW.tlg"];
        const skipped = files.slice(0, rng.int(1, 3));
        return {
          message: `Backup completed with warnings: ${skipped.length} file(s) skipped (locked by another process)`,
          details: { skippedFiles: skipped },
        };
      },
    },
  ],
  no_backup: [
    {
      code: "NB24",
      severity: "warning",
      build: (_rng, _a, repeats) => ({
        message: `No successful backup in ${26 + repeats * 24} hours`,
        details: { hoursSinceLastBackup: 26 + repeats * 24, thresholdHours: 24 },
      }),
    },
    {
      code: "NB72",
      severity: "error",
      build: (_rng, _a, repeats) => ({
        message: `No successful backup in ${74 + repeats * 24} hours — the device may be offline`,
        details: { hoursSinceLastBackup: 74 + repeats * 24, thresholdHours: 72, lastSeenOnline: "more than 3 days ago" },
      }),
    },
  ],
  disk_usage: [
    {
      code: "DU90",
      severity: "warning",
      build: (rng) => {
        const size = rng.pick([200, 250, 500]);
        const pct = rng.int(90, 94);
        return {
          message: `Volume C: is ${pct}% full (${((size * (100 - pct)) / 100).toFixed(1)} GB free of ${size} GB)`,
          details: { volume: "C:", usedPercent: pct, sizeGb: size },
        };
      },
    },
    {
      code: "DU98",
      severity: "error",
      build: (rng) => {
        const size = rng.pick([500, 1000, 2000]);
        const pct = rng.int(97, 99);
        return {
          message: `Volume D: is ${pct}% full (${((size * (100 - pct)) / 100).toFixed(1)} GB free of ${size} GB)`,
          details: { volume: "D:", usedPercent: pct, sizeGb: size },
        };
      },
    },
  ],
  archiving: [
    {
      code: "AR429",
      severity: "error",
      build: () => ({
        message: "Archiving paused: Microsoft 365 throttled the journal connector (HTTP 429)",
        details: { httpStatus: 429, connector: "journal" },
      }),
    },
    {
      code: "AR401",
      severity: "error",
      build: () => ({
        message: "Archiving failed: the service account's access token was revoked",
        details: { httpStatus: 401, account: "svc-archive" },
      }),
    },
    {
      code: "AR210",
      severity: "warning",
      build: (rng) => {
        const queued = rng.int(400, 4000);
        return { message: `Archiving delayed: ${queued.toLocaleString("en-US")} messages queued for more than 6 hours`, details: { queuedMessages: queued } };
      },
    },
  ],
  email_filtering: [
    {
      code: "EF310",
      severity: "warning",
      build: (rng) => {
        const minutes = rng.int(9, 25);
        return { message: `Mail flow delayed: average delivery latency ${minutes} min`, details: { latencyMinutes: minutes } };
      },
    },
    {
      code: "EF530",
      severity: "error",
      build: () => ({
        message: "Inbound mail rejected: MX records point to a decommissioned gateway",
        details: { smtpCode: 530, check: "mx" },
      }),
    },
    {
      code: "EF421",
      severity: "error",
      build: () => ({
        message: "Outbound connector failing: TLS handshake rejected (certificate expired)",
        details: { smtpCode: 421, check: "tls" },
      }),
    },
  ],
  appliance_hardware: [
    {
      code: "HW201",
      severity: "warning",
      build: (rng) => {
        const disk = rng.int(1, 4);
        return {
          message: `RAID array degraded: disk ${disk} reports SMART errors`,
          details: { raid: "degraded", disk, reallocatedSectors: rng.int(40, 400) },
        };
      },
    },
    {
      code: "HW500",
      severity: "error",
      build: (rng) => {
        const minutes = rng.int(30, 90);
        return { message: `Appliance unreachable: no heartbeat for ${minutes} minutes`, details: { minutesSinceHeartbeat: minutes } };
      },
    },
    {
      code: "HW310",
      severity: "warning",
      build: (rng) => {
        const t = rng.int(68, 76);
        return { message: `Appliance temperature high: ${t} °C`, details: { temperatureC: t, limitC: 65 } };
      },
    },
  ],
};

function specFor(type: EventType, code: string): FailureSpec {
  const spec = FAILURES[type].find((f) => f.code === code);
  if (!spec) throw new Error(`Unknown failure ${type}/${code}`);
  return spec;
}

/** Starts a new failure condition for an account and event type. */
export function startFailure(rng: Rng, a: AccountProfile, type: EventType): Failure {
  const spec = rng.pick(FAILURES[type].filter((f) => !f.kinds || f.kinds.includes(a.kind)));
  return { type, severity: spec.severity, code: spec.code, repeats: 0 };
}

/** The event for an open failure (the first report or a repeat). */
export function failureEvent(rng: Rng, a: AccountProfile, failure: Failure): EventContent {
  const spec = specFor(failure.type, failure.code);
  const { message, details } = spec.build(rng, a, failure.repeats);
  const job = failure.type === "backup" ? { jobName: jobName(a) } : {};
  return { type: failure.type, severity: failure.severity, message, details: { ...job, errorCode: failure.code, ...details } };
}

/** A routine success; with `recoveredFrom` it is the recovery that closes a failure. */
export function okEvent(rng: Rng, a: AccountProfile, type: EventType, recoveredFrom?: Failure): EventContent {
  const extra = recoveredFrom ? { recoveredFrom: recoveredFrom.code } : {};
  switch (type) {
    case "backup": {
      const selected = Math.round(a.sizeGb * GB * (0.97 + rng.next() * 0.06));
      const transferred = Math.round(selected * (recoveredFrom ? 0.02 + rng.next() * 0.05 : 0.002 + rng.next() * 0.02));
      const duration = Math.round(60 + transferred / (8 * 1024 ** 2) + rng.int(0, 120));
      const files = Math.round(a.sizeGb * (900 + rng.int(0, 300)));
      return {
        type,
        severity: "ok",
        message: `Backup completed: ${formatBytes(transferred)} transferred of ${formatBytes(selected)} selected in ${formatDuration(duration)}`,
        details: { jobName: jobName(a), selectedBytes: selected, transferredBytes: transferred, durationSeconds: duration, filesProcessed: files, ...extra },
      };
    }
    case "no_backup":
      return {
        type,
        severity: "ok",
        message: "Backups resumed: a backup completed successfully",
        details: { hoursSinceLastBackup: rng.int(1, 6), ...extra },
      };
    case "disk_usage": {
      const pct = rng.int(38, 79);
      return { type, severity: "ok", message: `Volume usage normal: C: at ${pct}%`, details: { volume: "C:", usedPercent: pct, ...extra } };
    }
    case "archiving": {
      const messages = a.mailboxes * rng.int(15, 45);
      return {
        type,
        severity: "ok",
        message: `Archived ${messages.toLocaleString("en-US")} messages from ${a.mailboxes} mailboxes`,
        details: { messagesArchived: messages, bytesArchived: messages * rng.int(40_000, 120_000), mailboxes: a.mailboxes, ...extra },
      };
    }
    case "email_filtering": {
      const total = a.mailboxes * rng.int(20, 60);
      const spam = Math.round(total * (0.05 + rng.next() * 0.1));
      const malware = rng.int(0, 6);
      return {
        type,
        severity: "ok",
        message: `Filtered ${total.toLocaleString("en-US")} messages: ${spam} spam, ${malware} malware quarantined`,
        details: { messagesFiltered: total, spam, malwareQuarantined: malware, ...extra },
      };
    }
    case "appliance_hardware": {
      const t = rng.int(34, 48);
      return {
        type,
        severity: "ok",
        message: `Appliance health check passed: RAID healthy, 4/4 disks online, ${t} °C`,
        details: { raid: "healthy", disksOnline: 4, temperatureC: t, ...extra },
      };
    }
  }
}
