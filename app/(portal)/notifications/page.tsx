import type { Metadata } from "next";

import { getMe, getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";

import { Notifications } from "./_components/notifications";

export const metadata: Metadata = { title: "Partner Notifications" };

export default async function NotificationsPage() {
  const [me] = await Promise.all([getMe(), getQueryClient().prefetchQuery(trpc.notifications.list.queryOptions())]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Partner Notifications</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Rules decide which events open a ticket in your PSA and which are synchronized for billing. A ticket is opened only
          when an &quot;Open a ticket&quot; rule matches the event and a queue/board is mapped on Integration Setup.
        </p>
      </div>
      <HydrateClient>
        <Notifications canManage={me.user.role === "admin"} />
      </HydrateClient>
    </div>
  );
}
