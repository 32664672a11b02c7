"use client";

import { useActionState, useMemo } from "react";

import { Button } from "~/components/ui/button";
import { ErrorSummary, FieldErrors, FormErrorsProvider, Input, Label, useFormField } from "~/components/ui/form";

import { signInAction, type SignInState } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: "" });
  // A wrong e-mail or password is one message for the form (it never says which of the two was wrong).
  const errors = useMemo(() => ({ fields: state.fieldErrors ?? {}, form: state.error ? [state.error] : [] }), [state]);
  return (
    // noValidate: the browser's own check shows one bubble at a time; the server reports every field at once.
    <form action={formAction} className="space-y-4" noValidate>
      <FormErrorsProvider formId="sign-in" errors={errors}>
        <ErrorSummary title={state.error ? "Not signed in" : undefined} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <SignInField name="email" label="E-mail" type="email" autoComplete="username" defaultValue={state.email} failed={Boolean(state.error)} />
        <SignInField name="password" label="Password" type="password" autoComplete="current-password" failed={Boolean(state.error)} />
        <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </FormErrorsProvider>
    </form>
  );
}

function SignInField({
  name,
  label,
  failed,
  ...props
}: { name: "email" | "password"; label: string; failed: boolean } & Pick<React.ComponentProps<"input">, "type" | "autoComplete" | "defaultValue">) {
  const field = useFormField(name, label);
  return (
    <div>
      <Label htmlFor={field.id}>{label}</Label>
      <Input
        id={field.id}
        name={name}
        required
        aria-invalid={field.invalid || failed ? true : undefined}
        aria-describedby={field.describedBy()}
        {...props}
      />
      <FieldErrors id={field.errorId} messages={field.messages} />
    </div>
  );
}
