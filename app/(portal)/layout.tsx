import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { PartnerProvider } from "~/components/partner/partner-context";
import { TRPCReactProvider } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { signInPathFor } from "~/app/(auth)/sign-in/callback-url";
import { getMe, getSession } from "~/server/api/rsc";
import { sandboxPageEnabled } from "~/server/api/routers/sandbox";
import { REQUEST_PATH_HEADER } from "~/server/security/headers";

import { NavLinks } from "./_components/nav-links";
import { signOutAction } from "./actions";

const ROLE_LABEL = { admin: "Admin", technician: "Technician" } as const;

export default async function PortalLayout({ children }: { children: ReactNode }) {
  // Signed out (or the session ended): sign in, then come back to the page asked for (set by proxy.ts).
  const signInPath = signInPathFor((await headers()).get(REQUEST_PATH_HEADER));
  const session = await getSession();
  if (!session) redirect(signInPath);
  const me = await getMe().catch((error: unknown) => {
    // A user disabled (or deleted) since signing in: back to the sign-in page.
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect(signInPath);
    throw error;
  });

  return (
    <TRPCReactProvider>
      <PartnerProvider value={{ partnerName: me.partner.name, timeZone: me.partner.timeZone, userName: me.user.name, role: me.user.role }}>
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        {/* One line at every width: the partner and user names truncate (full name in the title); below xl the nav is behind a Menu button. */}
        <header className="relative border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-screen-2xl items-center gap-3 px-4 py-3">
            <div className="min-w-0 flex-1 xl:w-44 xl:flex-none">
              <p className="text-xs font-semibold tracking-wide text-blue-700 uppercase">PSA Relay</p>
              <p className="truncate text-sm font-semibold text-slate-900" title={me.partner.name} data-testid="partner-name">
                {me.partner.name}
              </p>
            </div>
            <NavLinks showSandbox={sandboxPageEnabled()} />
            <div className="flex shrink-0 items-center gap-3">
              <p className="hidden max-w-40 text-right text-sm sm:max-xl:block min-[1400px]:block">
                <span className="block truncate font-medium text-slate-900" title={me.user.name}>
                  {me.user.name}
                </span>
                <span className="block text-xs text-slate-600">{ROLE_LABEL[me.user.role]}</span>
              </p>
              <form action={signOutAction}>
                <Button type="submit" variant="secondary" size="sm" className="whitespace-nowrap">
                  Sign out
                </Button>
              </form>
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl min-w-0 px-4 py-6">
          {children}
        </main>
      </PartnerProvider>
    </TRPCReactProvider>
  );
}
