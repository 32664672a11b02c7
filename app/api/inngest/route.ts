import { serve } from "inngest/next";
import type { NextRequest } from "next/server";

import { inngest } from "~/inngest/client";
import { functions } from "~/inngest/functions";
import { jobsMode } from "~/inngest/mode";

/** The Inngest server (Dev Server or Cloud) syncs and calls the app's functions here. */
const handler = serve({ client: inngest, functions });

/** Without an Inngest server the functions run inline and nothing should call this endpoint. */
function unlessInline(serveHandler: (req: NextRequest, res: unknown) => Promise<Response>) {
  return (req: NextRequest, res: unknown) =>
    jobsMode() === "inline"
      ? Promise.resolve(
          Response.json(
            { message: "Jobs run inline in this process; set INNGEST_DEV or INNGEST_EVENT_KEY to serve functions to an Inngest server." },
            { status: 503 },
          ),
        )
      : serveHandler(req, res);
}

export const GET = unlessInline(handler.GET);
export const POST = unlessInline(handler.POST);
export const PUT = unlessInline(handler.PUT);
