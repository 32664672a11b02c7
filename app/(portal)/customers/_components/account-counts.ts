type Kind = "server" | "workstation" | "mailbox_set" | "appliance";

const NAMES: Record<Kind, [string, string]> = {
  server: ["server", "servers"],
  workstation: ["workstation", "workstations"],
  mailbox_set: ["mailbox set", "mailbox sets"],
  appliance: ["appliance", "appliances"],
};
const ORDER: Kind[] = ["server", "workstation", "mailbox_set", "appliance"];

/** { server: 2, mailbox_set: 1 } → "2 servers · 1 mailbox set"; none → "No accounts". */
export function accountCountsText(counts: Partial<Record<Kind, number>>): string {
  const parts = ORDER.filter((k) => (counts[k] ?? 0) > 0).map((k) => `${counts[k]} ${NAMES[k][counts[k] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(" · ") : "No accounts";
}

export const KIND_LABEL: Record<Kind, string> = { server: "Server", workstation: "Workstation", mailbox_set: "Mailbox set", appliance: "Appliance" };
