import { initTRPC, TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { ZodError } from "zod";

import { type Db, getDb } from "~/db";
import { partners, users } from "~/db/schema";
import { AppError, type AppErrorCode } from "~/server/errors/app-error";
import { fieldErrorsOf } from "~/server/errors/field-errors";

/** What the tRPC layer knows about the caller: only the session's user id is trusted input. */
export type SessionLike = { user: { id: string } } | null;

export async function createTRPCContext(opts: { session: SessionLike; db?: Db }) {
  return { db: opts.db ?? (await getDb()), session: opts.session };
}
export type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

const trpcCodeOf: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
};

/** What the browser sees of an unexpected failure: never its message, stack or file paths. */
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Try again; if it keeps failing, tell your admin.";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  // Stack traces are never sent, in any mode (tRPC adds them in development): the server log has them.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const appCode = cause instanceof AppError ? cause.code : null;
    const { stack: _stack, ...data } = shape.data;
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError);
    return {
      ...shape,
      message: cause instanceof AppError ? cause.message : internal ? INTERNAL_ERROR_MESSAGE : shape.message,
      data: {
        ...data,
        appCode,
        zodError: cause instanceof ZodError ? cause.flatten() : null,
        // Every field's messages under its full path, so a form can show them all at once.
        fieldErrors: fieldErrorsOf(cause),
      },
    };
  },
});

/** Services throw AppError; this maps it to the matching tRPC code in one place. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    result.error = new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure.use(appErrors);

/**
 * The one choke point for tenancy: resolves the signed-in user and their partner from the
 * database (never from client input) and puts a non-null `ctx.partner` in the context.
 */
export const partnerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.session?.user.id;
  if (!userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  const [row] = await ctx.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      partnerId: partners.id,
      partnerName: partners.name,
      timeZone: partners.timeZone,
    })
    .from(users)
    .innerJoin(partners, eq(partners.id, users.partnerId))
    .where(eq(users.id, userId));
  if (!row || row.disabledAt) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account is no longer active. Sign in again or ask your admin." });
  }
  return next({
    ctx: {
      user: { id: row.userId, email: row.email, name: row.name, role: row.role },
      partner: { id: row.partnerId, name: row.partnerName, timeZone: row.timeZone },
    },
  });
});

/** Admin-only changes (integration settings, mappings, notifications, API keys). */
export const adminProcedure = partnerProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin of your partner account can do this." });
  }
  return next();
});
