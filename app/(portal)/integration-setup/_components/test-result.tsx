"use client";

import { useEffect, useState } from "react";

import { detailLabel, FAILURE_TITLE, PROGRESS_STEPS, PROVIDER_LABEL, type Provider } from "../_lib/form-values";

type AccountInfo = { name: string; baseUrl: string; details: Record<string, string> };
type Failure = { kind: string; message: string; hint?: string };

/** The PSA's account as a definition list: name, base URL and every detail it reported. */
export function AccountDetails({ account }: { account: AccountInfo }) {
  const rows: [string, string][] = [["Name", account.name], ["Base URL", account.baseUrl], ...Object.entries(account.details).map(([k, v]): [string, string] => [detailLabel(k), v])];
  return (
    <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd className="break-all text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** While Test and Save runs: the stage it is probably at, in a live region that exists before it fills. */
export function TestProgress({ provider, pending }: { provider: Provider; pending: boolean }) {
  return (
    <div role="status" aria-live="polite">
      {pending ? <ProgressSteps provider={provider} /> : null}
    </div>
  );
}

function ProgressSteps({ provider }: { provider: Provider }) {
  const [step, setStep] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setStep((s) => Math.min(s + 1, PROGRESS_STEPS[provider].length - 1)), 1500);
    return () => clearInterval(timer);
  }, [provider]);
  return (
    <p className="flex items-center gap-2 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-900">
      <span aria-hidden className="h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-blue-200 border-t-blue-600" />
      {PROGRESS_STEPS[provider][step]}
    </p>
  );
}

export function TestSucceeded({ provider, account }: { provider: Provider; account: AccountInfo }) {
  return (
    <section aria-labelledby="test-ok-heading" className="rounded-md border border-emerald-300 bg-emerald-50 p-4">
      <h3 id="test-ok-heading" className="text-base font-semibold text-emerald-900">
        Connected to {account.name}
      </h3>
      <p className="mt-1 mb-3 text-sm text-emerald-900">
        {PROVIDER_LABEL[provider]} accepted the credentials. They are saved, the secret encrypted.
      </p>
      <AccountDetails account={account} />
    </section>
  );
}

/**
 * A failed test: what is wrong and what to do, in PSA Relay's words (the host's own answer is never
 * shown: the URL may point anywhere). Nothing was saved.
 */
export function TestFailed({ failure }: { failure: Failure }) {
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="text-base font-semibold">{FAILURE_TITLE[failure.kind] ?? "The connection test failed"}</p>
      <p className="mt-1">{failure.message}</p>
      {failure.hint ? <p className="mt-2">{failure.hint}</p> : null}
      <p className="mt-2 text-red-800">Nothing was saved; a connection saved before stays as it was.</p>
    </div>
  );
}
