"use server";

import { AuthError } from "next-auth";

import { signInSchema } from "~/server/auth/credentials";
import { fieldErrorsOf } from "~/server/errors/field-errors";
import { signIn } from "~/server/auth/config";

import { safeCallbackUrl } from "./callback-url";

export type SignInState = { error: string | null; email: string; fieldErrors?: Record<string, string[]> };

function throttledMessage(seconds: number): string {
  const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}`;
  return `Too many failed sign-ins from this browser. Try again in ${wait}; if you have forgotten your password, ask your admin.`;
}

/**
 * Signs in with e-mail and password. On success next-auth redirects (a NEXT_REDIRECT error that must
 * propagate); failures come back as a sentence that never says which of the two was wrong.
 */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  const parsed = signInSchema.safeParse({ email, password });
  if (!parsed.success) {
    // Every field's problem at once, each shown beside its field.
    return { error: null, email, fieldErrors: fieldErrorsOf(parsed.error) ?? { email: ["Enter your e-mail and password."] } };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) {
      if (error.type === "CredentialsSignin") {
        const throttled = /^throttled:(\d+)$/.exec((error as AuthError & { code?: string }).code ?? "");
        return { error: throttled ? throttledMessage(Number(throttled[1])) : "Wrong e-mail or password.", email };
      }
      console.error(`[auth] sign-in failed: ${error.type}`);
      return { error: "Signing in is not possible right now. Try again in a minute; if it keeps failing, tell your admin.", email };
    }
    throw error;
  }
  return { error: null, email };
}
