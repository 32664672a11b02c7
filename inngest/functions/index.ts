import { billingForEvent, billingRun, billingSchedule } from "./billing";
import { dailyDigest } from "./daily-digest";
import { eventsSweep } from "./events-sweep";
import { vendorEventReceivedFn } from "./vendor-event-received";

/** Every Inngest function of the app: served at /api/inngest and run by the inline runner. */
export const functions = [vendorEventReceivedFn, eventsSweep, dailyDigest, billingForEvent, billingRun, billingSchedule];

export { billingForEvent, billingRun, billingSchedule, dailyDigest, eventsSweep, vendorEventReceivedFn };
