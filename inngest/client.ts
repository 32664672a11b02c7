import { Inngest } from "inngest";

/**
 * The app's Inngest client. With INNGEST_DEV (Dev Server) or INNGEST_EVENT_KEY (Inngest Cloud) set,
 * events go to that server and it calls the functions through /api/inngest; otherwise the inline
 * runner (inngest/inline) runs the same functions in this process. Send through `sendEvents`
 * (inngest/send.ts), which picks the path.
 */
export const inngest = new Inngest({ id: "psa-relay" });
