"use client";

import type { ReactNode } from "react";

import { usePartner } from "~/components/partner/partner-context";
import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { Dash, EMPTY_TEXT, money, Pairs, PsaTime, SandboxSection, SandboxTicketList, signed } from "./parts";

type Tenant = Extract<RouterOutputs["sandbox"]["tenant"], { provider: "autotask" }>;
type View = Tenant["view"];
type Pages = Tenant["pages"];

/**
 * An Autotask sandbox tenant: tickets with notes, contracts (type, status, period, currency, bundles),
 * contract services with today's units, the service adjustments posted, configuration items.
 */
export function AutotaskTenant({ view, pages }: { view: View; pages: Pages }) {
  const { timeZone } = usePartner();
  return (
    <div className="space-y-4">
      <SandboxSection
        id="at-tickets"
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
            number: t.ticketNumber,
            title: t.title,
            facts: [
              ["Company", <Dash key="c" value={t.companyName} />],
              ["Queue", <Dash key="q" value={t.queue} />],
              ["Status", <Dash key="s" value={t.status} />],
              ["Priority", <Dash key="p" value={t.priority} />],
              ["External ID", <Dash key="e" value={t.externalId} />],
              ["Created", <PsaTime key="t" value={t.createdAt} timeZone={timeZone} />],
              ...(t.completedAt ? ([["Completed", <PsaTime key="d" value={t.completedAt} timeZone={timeZone} />]] as [string, ReactNode][]) : []),
            ],
            notes: t.notes.map((n) => ({ id: n.id, heading: `${n.title || "Note"} · ${n.publish ?? "—"}`, createdAt: n.createdAt, text: n.description })),
          }))}
        />
      </SandboxSection>

      <SandboxSection
        id="at-contracts"
        title="Contracts"
        list="contracts"
        page={pages.contracts}
        emptyTitle="No contracts"
        emptyText="The customers' contracts appear here with their type, status, billing period and currency."
      >
        <Table aria-label="Contracts">
          <THead>
            <tr>
              <Th>Company</Th>
              <Th>Contract</Th>
              <Th>Type</Th>
              <Th>Status</Th>
              <Th>Billing period</Th>
              <Th>Currency</Th>
              <Th className="text-right">Contract services</Th>
              <Th>Service bundles</Th>
            </tr>
          </THead>
          <TBody>
            {view.contracts.map((c) => (
              <Tr key={c.id}>
                <Td><Dash value={c.companyName} /></Td>
                <Td>
                  <span className="font-medium">{c.name}</span>
                  <span className="block text-xs text-slate-500">
                    #{c.id} · <Dash value={c.startDate} /> – <Dash value={c.endDate} />
                  </span>
                </Td>
                <Td><Dash value={c.type} /></Td>
                <Td>{c.status === "Active" ? <Badge tone="green">Active</Badge> : <Badge>{c.status ?? "—"}</Badge>}</Td>
                <Td><Dash value={c.period} /></Td>
                <Td><Dash value={c.currency} /></Td>
                <Td className="text-right tabular-nums">{c.contractServices}</Td>
                <Td>
                  {c.bundles.length === 0 ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <ul className="space-y-0.5 text-xs">
                      {c.bundles.map((b) => (
                        <li key={b.id}>
                          <span className="font-medium">{b.name ?? `Bundle ${b.id}`}</span>: {b.unitsToday} units today ({b.services.join(", ")})
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>

      <SandboxSection
        id="at-services"
        title="Contract services"
        list="contractServices"
        page={pages.contractServices}
        emptyTitle={EMPTY_TEXT.servicesTitle}
        emptyText="Recurring Service contracts' services appear here with their units; quantity changes PSA Relay applies split the units from their effective date."
        note="Recently adjusted first. Units today are what the contract bills now."
      >
        <Table aria-label="Contract services">
          <THead>
            <tr>
              <Th>Company</Th>
              <Th>Contract</Th>
              <Th>Service</Th>
              <Th className="text-right">Unit price</Th>
              <Th className="text-right">Units today</Th>
              <Th>Last adjustment</Th>
              <Th>Units by period</Th>
            </tr>
          </THead>
          <TBody>
            {view.contractServices.map((cs) => (
              <Tr key={cs.id}>
                <Td><Dash value={cs.companyName} /></Td>
                <Td><Dash value={cs.contractName} /></Td>
                <Td><Dash value={cs.serviceName} /></Td>
                <Td className="text-right tabular-nums"><Dash value={money(cs.unitPrice)} /></Td>
                <Td className="text-right font-semibold tabular-nums">{cs.currentUnits}</Td>
                <Td className="text-xs whitespace-nowrap">
                  {cs.lastAdjustment ? (
                    <>
                      <span className="font-medium tabular-nums">{signed(cs.lastAdjustment.unitChange)}</span> from {cs.lastAdjustment.effectiveDate ?? "—"}
                      <span className="block text-slate-500">
                        posted <PsaTime value={cs.lastAdjustment.createdAt} timeZone={timeZone} />
                      </span>
                    </>
                  ) : (
                    <span className="text-slate-400">None</span>
                  )}
                </Td>
                <Td>
                  <UnitPeriods units={cs.units} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>

      <SandboxSection
        id="at-adjustments"
        title="Service adjustments"
        list="adjustments"
        page={pages.adjustments}
        emptyTitle="No service adjustments yet"
        emptyText="The ContractServiceAdjustments PSA Relay posts (quantity changes from an effective date) appear here, newest first."
      >
        <Table aria-label="Service adjustments">
          <THead>
            <tr>
              <Th>Posted</Th>
              <Th>Company</Th>
              <Th>Contract</Th>
              <Th>Service</Th>
              <Th>Effective date</Th>
              <Th className="text-right">Unit change</Th>
              <Th className="text-right">Adjusted unit price</Th>
            </tr>
          </THead>
          <TBody>
            {view.adjustments.map((a) => (
              <Tr key={a.id}>
                <Td className="text-xs whitespace-nowrap"><PsaTime value={a.createdAt} timeZone={timeZone} /></Td>
                <Td><Dash value={a.companyName} /></Td>
                <Td><Dash value={a.contractName} /></Td>
                <Td><Dash value={a.serviceName} /></Td>
                <Td className="text-xs whitespace-nowrap"><Dash value={a.effectiveDate} /></Td>
                <Td className="text-right font-semibold tabular-nums">{signed(a.unitChange)}</Td>
                <Td className="text-right tabular-nums"><Dash value={money(a.adjustedUnitPrice)} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>

      <SandboxSection
        id="at-cis"
        title="Configuration items"
        list="configurationItems"
        page={pages.configurationItems}
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
              <Th>Reference</Th>
              <Th>Status</Th>
              <Th>UDFs</Th>
            </tr>
          </THead>
          <TBody>
            {view.configurationItems.map((ci) => (
              <Tr key={ci.id}>
                <Td className="font-medium"><Dash value={ci.name} /></Td>
                <Td><Dash value={ci.companyName} /></Td>
                <Td><Dash value={ci.type} /></Td>
                <Td className="font-mono text-xs"><Dash value={ci.serialNumber} /></Td>
                <Td className="font-mono text-xs"><Dash value={ci.referenceNumber} /></Td>
                <Td>{ci.isActive ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                <Td><Pairs values={ci.udfs} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </SandboxSection>
    </div>
  );
}

type Period = View["contractServices"][number]["units"][number];

/** ContractServiceUnits by period; long histories fold away behind a disclosure. */
function UnitPeriods({ units }: { units: Period[] }) {
  const list = (rows: Period[]) => (
    <ul className="space-y-0.5 text-xs whitespace-nowrap">
      {rows.map((u) => (
        <li key={u.id}>
          {u.startDate} – {u.endDate}: <span className="font-medium">{u.units}</span>
        </li>
      ))}
    </ul>
  );
  if (units.length <= 3) return list(units);
  return (
    <details>
      <summary className="cursor-pointer text-xs text-slate-700">{units.length} periods</summary>
      {list(units)}
    </details>
  );
}
