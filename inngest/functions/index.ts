import { billingForEvent, billingRun, billingSchedule } from "./billing";
import { dailyDigest } from "./daily-digest";
import { eventsSweep } from "./events-sweep";
import { vendorEventReceivedFn } from "./vendor-event-received";
import { vendorEventsBatch } from "./vendor-events-batch";

/** Every Inngest function of the app: served at /api/inngest and run by the inline runner. */
export const functions = [vendorEventsBatch, vendorEventReceivedFn, eventsSweep, dailyDigest, billingForEvent, billingRun, billingSchedule];

export { billingForEvent, billingRun, billingSchedule, dailyDigest, eventsSweep, vendorEventReceivedFn, vendorEventsBatch };
