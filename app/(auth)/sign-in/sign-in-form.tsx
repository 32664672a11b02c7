"use client";

import { useActionState, useId } from "react";

import { Button } from "~/components/ui/button";
import { Input, Label } from "~/components/ui/form";

import { signInAction, type SignInState } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: "" });
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  return (
    <form action={formAction} className="space-y-4" aria-describedby={state.error ? errorId : undefined} noValidate={false}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <Label htmlFor={emailId}>E-mail</Label>
        <Input
          id={emailId}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
        />
      </div>
      <div>
        <Label htmlFor={passwordId}>Password</Label>
        <Input id={passwordId} name="password" type="password" autoComplete="current-password" required aria-invalid={state.error ? true : undefined} />
      </div>
      <div aria-live="assertive">
        {state.error ? (
          <p id={errorId} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
