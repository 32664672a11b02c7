import type { Metadata } from "next";
import { headers } from "next/headers";

import { getMe, getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";

import { ApiKeys } from "./_components/api-keys";
import { SendEventsHelp } from "./_components/send-events-help";

export const metadata: Metadata = { title: "API keys" };

async function portalOrigin(): Promise<string> {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function ApiKeysPage() {
  const [me, origin] = await Promise.all([getMe(), portalOrigin()]);
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions());
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-600">Settings</p>
        <h1 className="text-xl font-semibold">API keys</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The vendor platform sends customers, accounts, events and usage to PSA Relay through the ingest API, with one of
          these keys. Give each system its own key so you can revoke one without touching the others.
        </p>
      </div>
      <HydrateClient>
        <ApiKeys canManage={me.user.role === "admin"} />
      </HydrateClient>
      <SendEventsHelp origin={origin} />
    </div>
  );
}
