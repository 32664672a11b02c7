/** What a sandbox tenant was asked, for the _admin request log and for benchmarks' call counts. */
export type RequestLogEntry = { at: string; method: string; path: string; status: number; ms: number };

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counts = new Map<string, number>();

  constructor(private readonly capacity = 5000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    const key = `${entry.method} ${normalisePath(entry.path)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Latest entries, newest last. */
  recent(limit = 200): RequestLogEntry[] {
    return this.entries.slice(-limit);
  }

  /** Totals per method + path shape (ids replaced by {id}), and overall. */
  summary(): { total: number; byRoute: Record<string, number>; byMethod: Record<string, number> } {
    const byRoute: Record<string, number> = {};
    const byMethod: Record<string, number> = {};
    let total = 0;
    for (const [key, n] of this.counts) {
      byRoute[key] = n;
      const method = key.split(" ")[0]!;
      byMethod[method] = (byMethod[method] ?? 0) + n;
      total += n;
    }
    return { total, byRoute, byMethod };
  }

  clear(): void {
    this.entries = [];
    this.counts.clear();
  }
}

export function normalisePath(path: string): string {
  return path.split("?")[0]!.replace(/\/\d+(?=\/|$)/g, "/{id}");
}
