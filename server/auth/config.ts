import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { getDb } from "~/db";
import { env, trustProxy } from "~/server/env";

import { checkCredentials, signInSchema } from "./credentials";
import { resolveAuthSecret } from "./secret";

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
class TooManyAttempts extends CredentialsSignin {
  code = "throttled";
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
        const result = await checkCredentials(await getDb(), { ...parsed.data, ip: clientIp(request) });
        if (!result.ok) throw result.reason === "throttled" ? new TooManyAttempts() : new InvalidCredentials();
        return result.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.partnerId = user.partnerId;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.partnerId = String(token.partnerId ?? "");
      session.user.role = token.role === "admin" ? "admin" : "technician";
      return session;
    },
  },
}));
