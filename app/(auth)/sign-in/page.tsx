import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getMe, getSession } from "~/server/api/rsc";

import { safeCallbackUrl } from "./callback-url";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl: raw } = await searchParams;
  const callbackUrl = safeCallbackUrl(Array.isArray(raw) ? raw[0] : raw);
  // Already signed in with an active account: go on. (A session of a disabled user stays here.)
  if (await getSession()) {
    const me = await getMe().catch(() => null);
    if (me) redirect(callbackUrl);
  }
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-sm font-semibold tracking-wide text-blue-700 uppercase">PSA Relay</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">Sign in to the partner portal</h1>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-4 text-center text-sm text-slate-600">Forgot your password? Ask an admin of your partner account.</p>
      </div>
    </main>
  );
}
