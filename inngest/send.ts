import { inngest } from "./client";
import type { SendableEvent } from "./inline/step-tools";
import { announceJobsMode, jobsMode } from "./mode";

export type SendResult = {
  /** Ids of the events sent. */
  ids: string[];
  /** Ids of events the inline queue had no room for (always empty with an Inngest server). */
  dropped: string[];
};

/**
 * The one way the app sends events: to the Inngest server when one is configured, else to the
 * inline runner. Throws when the events could not be sent (network, invalid payload).
 */
export async function sendEvents(events: SendableEvent[]): Promise<SendResult> {
  announceJobsMode();
  if (events.length === 0) return { ids: [], dropped: [] };
  if (jobsMode() === "inngest") {
    const { ids } = await inngest.send(events as Parameters<typeof inngest.send>[0]);
    return { ids, dropped: [] };
  }
  // Loaded on demand: the runner imports the function list, which imports the dispatcher.
  const { getInlineRunner } = await import("./inline");
  return getInlineRunner().send(events);
}
