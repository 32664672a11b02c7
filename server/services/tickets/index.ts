export { handleTicketForEvent, SKIP, TicketRetryableError, type TicketDeps, type TicketOutcome } from "./lifecycle";
export { correlationKey } from "./correlation";
