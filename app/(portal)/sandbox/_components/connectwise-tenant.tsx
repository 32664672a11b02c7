"use client";

import { usePartner } from "~/components/partner/partner-context";
import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { Dash, EMPTY_TEXT, money, Pairs, PsaTime, SandboxSection, SandboxTicketList } from "./parts";

type Tenant = Extract<RouterOutputs["sandbox"]["tenant"], { provider: "connectwise" }>;
type View = Tenant["view"];
type Pages = Tenant["pages"];

/** A ConnectWise sandbox tenant: tickets with notes, agreements, agreement additions, configurations. */
export function ConnectWiseTenant({ view, pages }: { view: View; pages: Pages }) {
  const { timeZone } = usePartner();
  return (
    <div className="space-y-4">
      <SandboxSection
        id="cw-tickets"
        title="Tickets"
        list="tickets"
        page={pages.tickets}
        emptyTitle={EMPTY_TEXT.ticketsTitle}
        emptyText={EMPTY_TEXT.tickets}
      >
        <SandboxTicketList
          timeZone={timeZone}
          tickets={view.tickets.map((t) => ({
            key: t.id,
            number: `#${t.id}`,
            title: t.summary,
            closed: t.closed,
            facts: [
              ["Company", <Dash key="c" value={t.company} />],
              ["Board", <Dash key="b" value={t.board} />],
              ["Status", <Dash key="s" value={t.status} />],
              ["Priority", <Dash key="p" value={t.priority} />],
              ["External reference", <Dash key="e" value={t.externalXRef} />],
              ["Entered", <PsaTime key="t" value={t.enteredAt} timeZone={timeZone} />],
            ],
            notes: t.notes.map((n) => ({ id: n.id, heading: n.internal ? "Internal analysis" : "Discussion", createdAt: n.createdAt, text: n.text })),
          }))}
        />
      </SandboxSection>

      <SandboxSection
        id="cw-agreements"
        title="Agreements"
        list="agreements"
        page={pages.agreements}
        emptyTitle="No agreements"
        emptyText="The customers' agreements appear here with their status, billing cycle and currency."
      >
        <Table aria-label="Agreements">
          <THead>
            <tr>
              <Th>Company</Th>
              <Th>Agreement</Th>
              <Th>Type</Th>
              <Th>Status</Th>
              <Th>Billing cycle</Th>
              <Th>Currency</Th>
              <Th className="text-right">Additions</Th>
            </tr>
          </THead>
          <TBody>
            {view.agreements.map((a) => (
              <Tr key={a.id}>
                <Td><Dash value={a.company} /></Td>
                <Td>
                  <span className="font-medium">{a.name}</span>
                  <span className="block text-xs text-slate-500">
                    #{a.id} · from <Dash value={a.startDate} />
                  </span>
                </Td>
                <Td><Dash value={a.type} /></Td>
                <Td>{a.agreementStatus === "Active" ? <Badge tone="green">Active</Badge> : <Badge tone={a.agreementStatus === "Cancelled" ? "red" : "neutral"}>{a.agreementStatus}</Badge>}</Td>
                <Td><Dash value={a.billingCycle} /></Td>
                <Td><Dash value={a.currency} /></Td>
                <Td className="text-right tabular-nums">{a.additions}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>

      <SandboxSection
        id="cw-additions"
        title="Agreement additions"
        list="additions"
        page={pages.additions}
        emptyTitle="No agreement additions"
        emptyText="Agreement additions appear here with their quantities; quantity changes PSA Relay applies update them."
        note="Most recently updated first. Billed = quantity − less included."
      >
        <Table aria-label="Agreement additions">
          <THead>
            <tr>
              <Th>Company</Th>
              <Th>Agreement</Th>
              <Th>Product</Th>
              <Th className="text-right">Quantity</Th>
              <Th className="text-right">Less included</Th>
              <Th className="text-right">Unit price</Th>
              <Th>Invoice description</Th>
              <Th>Effective</Th>
              <Th>Cancelled</Th>
              <Th>Updated</Th>
            </tr>
          </THead>
          <TBody>
            {view.additions.map((a) => (
              <Tr key={a.id}>
                <Td><Dash value={a.company} /></Td>
                <Td>
                  <Dash value={a.agreement} />
                  <span className="block text-xs text-slate-500">{a.agreementStatus}</span>
                </Td>
                <Td className="font-mono text-xs"><Dash value={a.product} /></Td>
                <Td className="text-right font-semibold tabular-nums">{a.quantity}</Td>
                <Td className="text-right tabular-nums"><Dash value={a.lessIncluded} /></Td>
                <Td className="text-right tabular-nums"><Dash value={money(a.unitPrice)} /></Td>
                <Td className="max-w-xs text-xs whitespace-pre-wrap"><Dash value={a.invoiceDescription} /></Td>
                <Td className="text-xs whitespace-nowrap"><Dash value={a.effectiveDate?.slice(0, 10)} /></Td>
                <Td className="text-xs whitespace-nowrap"><Dash value={a.cancelledDate?.slice(0, 10)} /></Td>
                <Td className="text-xs whitespace-nowrap"><PsaTime value={a.lastUpdated} timeZone={timeZone} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>

      <SandboxSection
        id="cw-configurations"
        title="Configurations"
        list="configurations"
        page={pages.configurations}
        emptyTitle={EMPTY_TEXT.configurationItemsTitle}
        emptyText={EMPTY_TEXT.configurationItems}
      >
        <Table>
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Company</Th>
              <Th>Type</Th>
              <Th>Serial number</Th>
              <Th>Device identifier</Th>
              <Th>Status</Th>
              <Th>Questions</Th>
            </tr>
          </THead>
          <TBody>
            {view.configurations.map((c) => (
              <Tr key={c.id}>
                <Td className="font-medium">{c.name}</Td>
                <Td><Dash value={c.company} /></Td>
                <Td><Dash value={c.type} /></Td>
                <Td className="font-mono text-xs"><Dash value={c.serialNumber} /></Td>
                <Td className="font-mono text-xs"><Dash value={c.deviceIdentifier} /></Td>
                <Td>{c.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                <Td><Pairs values={c.answers} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>
    </div>
  );
}
