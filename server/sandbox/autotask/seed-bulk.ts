import { valueOf } from "./picklists";
import { insertUnits, todayUtcMs } from "./seed-util";
import type { Tenant } from "./state";
import { isoUtc } from "./write";

/**
 * A large tenant for the benchmark: `companies` customer companies with one active Recurring
 * Service contract each, and `contractServices` contract services spread over those contracts,
 * each with one ContractServiceUnits row for the current month. Built straight into the tables.
 */
export function seedBulk(tenant: Tenant, bulk: { companies: number; contractServices: number; onContracts?: number }): void {
  if (!Number.isInteger(bulk.companies) || bulk.companies < 1) throw new Error("bulk.companies must be a positive whole number");
  if (!Number.isInteger(bulk.contractServices) || bulk.contractServices < 0) throw new Error("bulk.contractServices must be a whole number");
  const t = tenant.tables;
  const today = new Date(todayUtcMs());
  const monthStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
  const monthEnd = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1) - 86_400_000;
  const termEnd = Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), 1) - 86_400_000;
  const customer = valueOf(tenant, "Companies", "companyType", "Customer");
  const recurring = valueOf(tenant, "Contracts", "contractType", "Recurring Service");
  const active = valueOf(tenant, "Contracts", "status", "Active");
  const monthly = valueOf(tenant, "Contracts", "contractPeriodType", "Monthly");
  const owner = tenant.resources[0]!.id;

  const contractIds: number[] = [];
  for (let i = 0; i < bulk.companies; i++) {
    const company = t.Companies.insert({
      companyName: `Bulk Customer ${String(i + 1).padStart(5, "0")}`,
      companyNumber: `B${i + 1}`,
      companyType: customer,
      isActive: true,
      phone: "555-0199",
      ownerResourceID: owner,
      userDefinedFields: [],
    });
    const contract = t.Contracts.insert({
      companyID: company.id,
      contractName: `Managed Services - Bulk Customer ${i + 1}`,
      contractType: recurring,
      contractPeriodType: monthly,
      status: active,
      startDate: isoUtc(monthStart),
      endDate: isoUtc(termEnd),
      isDefaultContract: true,
    });
    contractIds.push(contract.id);
  }

  // `onContracts` limits the contract services to the first N contracts (the benchmark puts them all
  // on one contract, as ConnectWise's bench puts its additions on one agreement).
  const holders = contractIds.slice(0, Math.max(1, Math.min(bulk.onContracts ?? contractIds.length, contractIds.length)));
  const perContract = Math.ceil(bulk.contractServices / holders.length);
  const services = t.Services.rows.filter((s) => s.isActive);
  for (let k = services.length; k < perContract; k++) {
    services.push(
      t.Services.insert({
        name: `Bulk Service ${k + 1}`,
        invoiceDescription: `Bulk Service ${k + 1}`,
        unitPrice: 10,
        unitCost: 4,
        isActive: true,
        periodType: valueOf(tenant, "Services", "periodType", "Monthly"),
      }),
    );
  }
  for (let j = 0; j < bulk.contractServices; j++) {
    const contractId = holders[j % holders.length]!;
    const service = services[Math.floor(j / holders.length)]!;
    const cs = t.ContractServices.insert({
      contractID: contractId,
      serviceID: service.id,
      unitPrice: service.unitPrice,
      unitCost: service.unitCost,
      invoiceDescription: service.invoiceDescription,
      internalDescription: null,
    });
    insertUnits(t.ContractServiceUnits, contractId, cs, monthStart, monthEnd, 1 + (j % 25), false);
  }
}
