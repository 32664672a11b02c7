"use client";

import { type ComponentProps, createContext, type ReactNode, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";

import type { FormErrors } from "~/components/trpc/field-errors";

import { cn } from "./cn";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-blue-600 focus:outline-2 focus:outline-offset-0 focus:outline-blue-600/30 disabled:bg-slate-100 aria-[invalid=true]:border-red-500";

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("mb-1 block text-sm font-medium text-slate-700", className)} {...props} />;
}

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(control, "h-10", className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(control, "h-10 pr-8", className)} {...props} />;
}

export function Checkbox({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  return (
    <input
      type="checkbox"
      className={cn("h-4 w-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600", className)}
      {...props}
    />
  );
}

/** A short hint or error under a control; pass its id to the control's aria-describedby. */
export function FieldHint({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("mt-1 text-xs text-slate-500", className)} {...props} />;
}

/* ------------------------------------------------------------------------------------------------
 * Form errors: every problem at once, each beside its field (aria-invalid + aria-describedby), and
 * a summary at the top of the form that links to each invalid field and focuses the first.
 *
 *   <FormErrorsProvider formId="ticket-settings" errors={formErrorsOf(save.error)}>
 *     <ErrorSummary />
 *     ...fields that call useFormField(name, label) (TextField, RefSelect...) ...
 *   </FormErrorsProvider>
 * ---------------------------------------------------------------------------------------------- */

type Registration = { label: string; id: string };

type FormErrorsContextValue = {
  formId: string;
  errors: FormErrors;
  register: (name: string, registration: Registration) => () => void;
  registered: () => Map<string, Registration>;
  version: number;
};

const NO_MESSAGES: string[] = [];

const FormErrorsContext = createContext<FormErrorsContextValue | null>(null);

/** The DOM id of a field's control inside a FormErrorsProvider (what the summary links to). */
export function fieldDomId(formId: string, name: string): string {
  return `${formId}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

export function FormErrorsProvider({ formId, errors, children }: { formId: string; errors: FormErrors; children: ReactNode }) {
  const fields = useRef(new Map<string, Registration>());
  const [version, setVersion] = useState(0);
  const register = useCallback((name: string, registration: Registration) => {
    fields.current.set(name, registration);
    setVersion((v) => v + 1);
    return () => {
      if (fields.current.get(name)?.id === registration.id) fields.current.delete(name);
      setVersion((v) => v + 1);
    };
  }, []);
  const registered = useCallback(() => fields.current, []);
  const value = useMemo(() => ({ formId, errors, register, registered, version }), [formId, errors, register, registered, version]);
  return <FormErrorsContext.Provider value={value}>{children}</FormErrorsContext.Provider>;
}

export type FormFieldState = {
  /** The control's id (stable; linked from the summary when the field is inside a provider). */
  id: string;
  /** The id of the element that lists the field's messages (for aria-describedby). */
  errorId: string;
  messages: string[];
  invalid: boolean;
  /** aria-describedby for the control: the given ids (hints) plus the messages' id when invalid. */
  describedBy: (...ids: (string | null | undefined | false)[]) => string | undefined;
};

/**
 * A field's id and its messages from the nearest FormErrorsProvider (by `name`, the dotted path the
 * server reports), merged with `extra` messages the field computes itself.
 */
export function useFormField(name: string | undefined, label: string, extra: (string | null | undefined)[] = []): FormFieldState {
  const context = useContext(FormErrorsContext);
  const ownId = useId();
  const errorId = useId();
  const id = context && name ? fieldDomId(context.formId, name) : ownId;
  const register = context?.register;
  useEffect(() => {
    if (!register || !name) return;
    return register(name, { label, id });
  }, [register, name, label, id]);
  const fromForm = context && name ? (context.errors.fields[name] ?? NO_MESSAGES) : NO_MESSAGES;
  const extraKey = extra.filter(Boolean).join("\n");
  const messages = useMemo(() => [...new Set([...extraKey.split("\n").filter(Boolean), ...fromForm])], [extraKey, fromForm]);
  const invalid = messages.length > 0;
  const describedBy = (...ids: (string | null | undefined | false)[]) => [...ids, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { id, errorId, messages, invalid, describedBy };
}

/**
 * useFormField as a component, for a control written inline in the component that renders the
 * FormErrorsProvider: `<FormField name="billingDay" label="Billing day">{(f) => <Select id={f.id} …/>}</FormField>`.
 */
export function FormField({ name, label, children }: { name: string; label: string; children: (field: FormFieldState) => ReactNode }) {
  return children(useFormField(name, label));
}

/** A field's messages, one per line, under the control (the id goes in its aria-describedby). */
export function FieldErrors({ id, messages, className }: { id: string; messages: string[]; className?: string }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} className={cn("mt-1 space-y-0.5 text-xs font-medium text-red-700", className)}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

function focusField(id: string): boolean {
  const element = document.getElementById(id);
  if (!element) return false;
  // A field inside a closed <details> (e.g. "Advanced") opens it first.
  const details = element.closest("details");
  if (details && !details.open) details.open = true;
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: "center" });
  return document.activeElement === element;
}

/**
 * The summary at the top of a form: every problem at once, each field's linking to the field, and
 * the form-level messages. When new errors arrive it focuses the first invalid field (or itself).
 */
export function ErrorSummary({ title, className }: { title?: string; className?: string }) {
  const context = useContext(FormErrorsContext);
  const summary = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const errors = context?.errors;
  const registered = context?.registered;
  const version = context?.version ?? 0;

  const entries = useMemo(() => {
    if (!errors || !registered) return [];
    void version;
    const fields = registered();
    const list = Object.entries(errors.fields).map(([name, messages]) => ({ name, messages, field: fields.get(name) }));
    const position = (id: string | undefined) => {
      if (!id || typeof document === "undefined") return Number.MAX_SAFE_INTEGER;
      const element = document.getElementById(id);
      if (!element) return Number.MAX_SAFE_INTEGER;
      return [...document.querySelectorAll("[id]")].indexOf(element);
    };
    return list.map((e) => ({ ...e, at: position(e.field?.id) })).sort((a, b) => a.at - b.at);
  }, [errors, registered, version]);

  const key = errors ? JSON.stringify(errors) : "";
  const firstId = entries.find((e) => e.field)?.field?.id;
  const lastFocused = useRef("");
  useEffect(() => {
    if (key === lastFocused.current) return;
    lastFocused.current = key;
    if (!errors || (errors.form.length === 0 && Object.keys(errors.fields).length === 0)) return;
    if (!(firstId && focusField(firstId))) summary.current?.focus();
  }, [key, errors, firstId]);

  if (!errors || (errors.form.length === 0 && entries.length === 0)) return null;
  const count = entries.length;
  const heading =
    title ?? (count === 0 ? "This was not saved" : count === 1 ? "One field needs attention" : `${count} fields need attention`);
  return (
    <div
      ref={summary}
      role="alert"
      tabIndex={-1}
      aria-labelledby={headingId}
      data-testid="error-summary"
      className={cn("rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 focus:outline-2 focus:outline-red-600", className)}
    >
      <p id={headingId} className="font-semibold">
        {heading}
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {errors.form.map((message) => (
          <li key={`form:${message}`}>{message}</li>
        ))}
        {entries.map(({ name, messages, field }) => (
          <li key={name}>
            {field ? (
              <a
                href={`#${field.id}`}
                className="underline underline-offset-2 hover:text-red-700"
                onClick={(e) => {
                  e.preventDefault();
                  focusField(field.id);
                }}
              >
                {field.label}: {messages.join(" ")}
              </a>
            ) : (
              messages.join(" ")
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
