import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { getDb } from "~/db";
import { env, trustProxy } from "~/server/env";

import { BROWSER_ID_COOKIE, readBrowserId } from "./browser-id";
import { checkCredentials, signInSchema } from "./credentials";
import { resolveAuthSecret } from "./secret";
import { endSession, sessionActive, startSession } from "./sessions";

declare module "next-auth" {
  interface Session {
    user: { id: string; partnerId: string; role: "admin" | "technician" } & DefaultSession["user"];
  }
  interface User {
    partnerId?: string;
    role?: "admin" | "technician";
  }
}

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
/** Carries the wait in its code ("throttled:<seconds>") for the sign-in form's message. */
class TooManyAttempts extends CredentialsSignin {
  constructor(retryAt: Date) {
    super();
    this.code = `throttled:${Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))}`;
  }
}

function clientIp(request: Request | undefined): string | null {
  if (!trustProxy()) return null;
  const forwarded = request?.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request?.headers.get("x-real-ip") || null;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  // A wrong password is an expected outcome (shown on the form and counted by the throttle), not a
  // server error: keep it out of the error log.
  logger: {
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin" || error.name === "CredentialsSignin") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const client = { browserId: readBrowserId(request?.headers.get("cookie"), BROWSER_ID_COOKIE), ip: clientIp(request) };
        const result = await checkCredentials(await getDb(), { ...parsed.data, client });
        if (!result.ok) throw result.reason === "throttled" ? new TooManyAttempts(result.retryAt) : new InvalidCredentials();
        return result.user;
      },
    }),
  ],
  callbacks: {
    // Every session is a row in user_sessions (id in the JWT as `sid`): checked on each request, one
    // primary-key lookup, and deleted on sign-out, so a replayed cookie is refused.
    async jwt({ token, user }) {
      if (user) {
        if (!user.id) return null;
        token.sub = user.id;
        token.partnerId = user.partnerId;
        token.role = user.role;
        token.sid = await startSession(await getDb(), user.id, env().SESSION_MAX_AGE);
        return token;
      }
      return (await sessionActive(await getDb(), token.sid, token.sub)) ? token : null;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.partnerId = String(token.partnerId ?? "");
      session.user.role = token.role === "admin" ? "admin" : "technician";
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message && message.token) await endSession(await getDb(), message.token.sid);
    },
  },
}));
