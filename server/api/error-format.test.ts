import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { AppError } from "~/server/errors/app-error";

import { createTRPCRouter, INTERNAL_ERROR_MESSAGE, publicProcedure } from "./trpc";

const router = createTRPCRouter({
  boom: publicProcedure.query(() => {
    throw new Error("ENOENT: no such file or directory, open '/work/app/.data/secret.json'");
  }),
  typed: publicProcedure.query(() => {
    throw new AppError("CONFLICT", "That name is taken. Pick another.");
  }),
  strict: publicProcedure.input(z.object({ name: z.string().min(3, "Name: at least 3 characters.") })).query(({ input }) => input.name),
});

async function call(path: string, input?: unknown) {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc/${path}${query}`),
    router,
    createContext: () => ({ db: undefined as never, session: null }),
  });
  return { status: res.status, text: await res.text() };
}

describe("tRPC error answers", () => {
  it("never carry a stack, a file path or an unexpected error's own message", async () => {
    const { status, text } = await call("boom");
    expect(status).toBe(500);
    expect(text).toContain(INTERNAL_ERROR_MESSAGE);
    expect(text).not.toMatch(/stack|ENOENT|\/work\/|secret\.json|\.ts:\d+/);
  });

  it("keep the messages written for users: AppError and field validation", async () => {
    const typed = await call("typed");
    expect(typed.status).toBe(409);
    expect(typed.text).toContain("That name is taken. Pick another.");
    const strict = await call("strict", { name: "x" });
    expect(strict.status).toBe(400);
    expect(strict.text).toContain("Name: at least 3 characters.");
    expect(strict.text).not.toMatch(/"stack"/);
  });
});
