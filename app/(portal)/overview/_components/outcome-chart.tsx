import { Card, CardBody, CardHeader } from "~/components/ui/card";

type Point = { day: string; succeeded: number; failed: number; pending: number; skipped: number; none: number };

const SERIES = [
  { key: "failed", label: "Failed", color: "bg-red-600" },
  { key: "pending", label: "Pending", color: "bg-blue-500" },
  { key: "succeeded", label: "Succeeded", color: "bg-emerald-500" },
  { key: "skipped", label: "Skipped", color: "bg-slate-400" },
  { key: "none", label: "No rule", color: "bg-slate-200" },
] as const;

const CHART_PX = 120;

/**
 * Events of the last 7 days by outcome as stacked bars, rendered on the server (no chart script),
 * with the numbers in a table for screen readers.
 */
export function OutcomeChart({ points }: { points: Point[] }) {
  const totals = points.map((p) => SERIES.reduce((n, s) => n + p[s.key], 0));
  const max = Math.max(1, ...totals);
  const sum = totals.reduce((a, b) => a + b, 0);
  return (
    <Card aria-labelledby="chart-heading">
      <CardHeader id="chart-heading" title="Events of the last 7 days by outcome" description={`${sum.toLocaleString("en-US")} events.`} />
      <CardBody>
        <div aria-hidden className="flex items-end gap-2" style={{ height: CHART_PX }}>
          {points.map((p, i) => (
            <div key={p.day} className="flex h-full flex-1 flex-col justify-end" title={`${p.day}: ${totals[i]} events`}>
              {SERIES.map((s) =>
                p[s.key] > 0 ? <div key={s.key} className={s.color} style={{ height: `${(p[s.key] / max) * 100}%` }} /> : null,
              )}
            </div>
          ))}
        </div>
        <div aria-hidden className="mt-1 flex gap-2 text-center text-xs text-slate-500">
          {points.map((p) => (
            <span key={p.day} className="flex-1">
              {p.day.slice(5)}
            </span>
          ))}
        </div>
        <ul aria-hidden className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
          {SERIES.map((s) => (
            <li key={s.key} className="inline-flex items-center gap-1">
              <span className={`inline-block h-2 w-2 rounded-sm ${s.color}`} /> {s.label}
            </li>
          ))}
        </ul>
        {/* The sr-only box clips the table: a table never shrinks to 1 px and widened the page on a phone. */}
        <div className="sr-only">
        <table>
          <caption>Events per day by outcome</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <th scope="row">{p.day}</th>
                {SERIES.map((s) => (
                  <td key={s.key}>{p[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </CardBody>
    </Card>
  );
}
