import { Card, CardBody, CardHeader } from "~/components/ui/card";

/** A copy-paste example of the ingest call, with this portal's address. */
export function SendEventsHelp({ origin }: { origin: string }) {
  const snippet = `curl -X POST ${origin}/api/v1/events \\
  -H "Authorization: Bearer <key>" \\
  -H "Content-Type: application/json" \\
  -d '{"events":[{"id":"evt-1001","accountNumber":"A-100","type":"backup","severity":"error",
       "occurredAt":"2026-03-01T02:15:00Z","message":"Backup failed: disk full"}]}'`;
  return (
    <Card aria-labelledby="how-heading">
      <CardHeader id="how-heading" title="How to send events" />
      <CardBody className="space-y-3 text-sm text-slate-700">
        <p>
          Send the key in the <code className="font-mono">Authorization: Bearer</code> header. Customers (
          <code className="font-mono">PUT /api/v1/customers</code>) and accounts (<code className="font-mono">PUT /api/v1/accounts</code>) must
          exist before their events. Retrying a request with the same event id is safe.
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100">{snippet}</pre>
        <p>
          Every endpoint, field and error is described in the{" "}
          <a href="/api/v1/openapi.json" className="font-medium text-blue-700 underline hover:text-blue-900">
            OpenAPI document (/api/v1/openapi.json)
          </a>
          .
        </p>
      </CardBody>
    </Card>
  );
}
