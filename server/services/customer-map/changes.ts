import type { CustomerMapping } from "~/db/queries/customer-map";

/** What a save changed for one customer, field by field, as "name (id)" before → after. */
export type MappingChange = {
  customerId: string;
  customerName: string;
  field: "Company" | "Contract" | "Contract service";
  before: string | null;
  after: string | null;
};

type MappingLike = Pick<
  CustomerMapping,
  "psaCompanyId" | "psaCompanyName" | "psaContractId" | "psaContractName" | "psaContractServiceId" | "psaContractServiceName"
> | null;

const label = (id: string | null | undefined, name: string | null | undefined) => (id ? `${name ?? ""} (${id})`.trim() : null);

export function diffMapping(customer: { id: string; name: string }, before: MappingLike, after: MappingLike): MappingChange[] {
  const fields: [MappingChange["field"], string | null, string | null][] = [
    ["Company", label(before?.psaCompanyId, before?.psaCompanyName), label(after?.psaCompanyId, after?.psaCompanyName)],
    ["Contract", label(before?.psaContractId, before?.psaContractName), label(after?.psaContractId, after?.psaContractName)],
    ["Contract service", label(before?.psaContractServiceId, before?.psaContractServiceName), label(after?.psaContractServiceId, after?.psaContractServiceName)],
  ];
  return fields.filter(([, b, a]) => b !== a).map(([field, b, a]) => ({ customerId: customer.id, customerName: customer.name, field, before: b, after: a }));
}
