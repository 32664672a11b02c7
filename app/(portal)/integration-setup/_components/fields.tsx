"use client";

import { type ComponentProps, useId, useRef } from "react";

import { Button } from "~/components/ui/button";
import { FieldErrors, FieldHint, Input, Label, useFormField } from "~/components/ui/form";

/** A labelled text input with an optional hint and the server's validation error under it. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  name,
  ...props
}: Omit<ComponentProps<"input">, "onChange" | "value" | "id"> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  /** The field's path in the server's errors (inside a FormErrorsProvider). */
  name?: string;
}) {
  const field = useFormField(name, label, [error]);
  const hintId = useId();
  const id = field.id;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        name={name}
        aria-invalid={field.invalid ? true : undefined}
        aria-describedby={field.describedBy(hint && hintId)}
        autoComplete="off"
        spellCheck={false}
        {...props}
      />
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      <FieldErrors id={field.errorId} messages={field.messages} />
    </div>
  );
}

/** Shown beside a saved secret once the fields naming its host change (the server refuses it too). */
export function secretAgainHint(label: string): string {
  return `Type the ${label.toLowerCase()} again: it is only sent to the host it was saved for.`;
}

/**
 * A secret input. When a secret is saved for this provider the input stays empty ("Saved — leave
 * blank to keep it"): the saved secret never reaches the browser. "Replace" asks for a new one.
 */
export function SecretField({
  label,
  value,
  onChange,
  saved,
  replacing,
  onReplacingChange,
  readOnly,
  error,
  mustRetype = false,
  name,
}: {
  name?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  saved: boolean;
  replacing: boolean;
  onReplacingChange: (replacing: boolean) => void;
  readOnly: boolean;
  error?: string;
  /** The fields that say where the secret goes changed: the saved one is not sent there, so type it again. */
  mustRetype?: boolean;
}) {
  const field = useFormField(name, label, [error]);
  const id = field.id;
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const keeping = saved && !replacing && !mustRetype;
  const hint = mustRetype
    ? secretAgainHint(label)
    : keeping
      ? "Saved — leave blank to keep it."
      : saved
        ? `Enter the new ${label.toLowerCase()}; it replaces the saved one when the test passes.`
        : "Stored encrypted; it is never shown again.";
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input
          ref={input}
          id={id}
          type="password"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            if (saved && !replacing && e.target.value !== "") onReplacingChange(true);
          }}
          placeholder={keeping ? "Saved — leave blank to keep it" : undefined}
          autoComplete="new-password"
          required={mustRetype}
          name={name}
          aria-invalid={field.invalid ? true : undefined}
          aria-describedby={field.describedBy(hintId)}
        />
        {saved && !readOnly && !mustRetype ? (
          keeping ? (
            <Button
              variant="secondary"
              aria-label={`Replace the saved ${label.toLowerCase()}`}
              onClick={() => {
                onReplacingChange(true);
                input.current?.focus();
              }}
            >
              Replace
            </Button>
          ) : (
            <Button
              variant="ghost"
              aria-label={`Keep the saved ${label.toLowerCase()}`}
              onClick={() => {
                onChange("");
                onReplacingChange(false);
              }}
            >
              Keep saved
            </Button>
          )
        ) : null}
      </div>
      <FieldHint id={hintId}>{hint}</FieldHint>
      <FieldErrors id={field.errorId} messages={field.messages} />
    </div>
  );
}
