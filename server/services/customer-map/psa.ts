import type { DbOrTx } from "~/db";
import { AppError } from "~/server/errors/app-error";
import { isPsaError } from "~/server/psa/errors";
import type { PsaCompany, PsaConnector, PsaContract, PsaContractService, PsaProvider } from "~/server/psa/types";
import { connectorForPartner } from "~/server/services/psa-connections/service";

/**
 * The PSA side of the Customer Map: the partner's connector (interactive: few retries), PSA errors
 * turned into messages the page can show, and the checks an id typed by hand must pass.
 */
export const NO_PSA_MESSAGE = "Connect your PSA on Integration Setup first.";

export const PROVIDER_LABEL: Record<PsaProvider, string> = { autotask: "Autotask", connectwise: "ConnectWise" };

export async function requireConnector(db: DbOrTx, partnerId: string): Promise<PsaConnector> {
  const connector = await connectorForPartner(db, partnerId, { maxRetries: 1, timeoutMs: 15_000 });
  if (!connector) throw new AppError("BAD_REQUEST", NO_PSA_MESSAGE, { field: "psa" });
  return connector;
}

/** Runs a PSA call; a PSA failure becomes an AppError carrying the PSA's message and the fix. */
export async function psaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isPsaError(err)) throw err;
    const parts = [err.message, err.psaMessage && !err.message.includes(err.psaMessage) ? `(${err.psaMessage})` : null, err.hint].filter(Boolean);
    throw new AppError(err.kind === "throttled" ? "TOO_MANY_REQUESTS" : "UNPROCESSABLE", parts.join(" "), { psaKind: err.kind });
  }
}

const isCustomerType = (company: PsaCompany) => (company.typeLabel ?? "").trim().toLowerCase() === "customer";

/** A company id (picked or typed): it must exist, and on Autotask be of type Customer. */
export async function verifyCompany(connector: PsaConnector, companyId: string): Promise<PsaCompany> {
  const id = companyId.trim();
  const label = PROVIDER_LABEL[connector.provider];
  if (!/^\d+$/.test(id)) throw new AppError("BAD_REQUEST", `Company id "${id}" is not a valid ${label} company id (a number).`, { field: "companyId" });
  const company = await psaCall(() => connector.getCompany(id));
  if (!company) throw new AppError("BAD_REQUEST", `${label} has no company with id ${id}.`, { field: "companyId" });
  if (connector.provider === "autotask" && !isCustomerType(company)) {
    throw new AppError(
      "BAD_REQUEST",
      `${company.name} (${id}) is an Autotask company of type ${company.typeLabel ?? "unknown"}; only companies of type Customer can be mapped.`,
      { field: "companyId" },
    );
  }
  return company;
}

/** A contract id: it must exist and belong to the company. */
export async function verifyContract(connector: PsaConnector, companyId: string, contractId: string): Promise<PsaContract> {
  const id = contractId.trim();
  const noun = connector.provider === "autotask" ? "contract" : "agreement";
  const contract = /^\d+$/.test(id) ? await psaCall(() => connector.getContract(id)) : null;
  if (!contract) throw new AppError("BAD_REQUEST", `${PROVIDER_LABEL[connector.provider]} has no ${noun} with id ${id}.`, { field: "contractId" });
  if (contract.companyId !== companyId) {
    throw new AppError("BAD_REQUEST", `The ${noun} ${contract.name} (${id}) belongs to another company.`, { field: "contractId" });
  }
  return contract;
}

/** Autotask only: the contract service must be one of the contract's services. */
export async function verifyContractService(connector: PsaConnector, contractId: string, contractServiceId: string): Promise<PsaContractService> {
  if (connector.provider !== "autotask") {
    throw new AppError("BAD_REQUEST", "A contract service is mapped only with Autotask.", { field: "contractServiceId" });
  }
  const services = await psaCall(() => connector.listContractServices([contractId]));
  const found = services.find((s) => s.id === contractServiceId.trim());
  if (!found) throw new AppError("BAD_REQUEST", `Contract ${contractId} has no contract service with id ${contractServiceId}.`, { field: "contractServiceId" });
  return found;
}

export const contractServiceName = (s: PsaContractService) => s.serviceName ?? s.invoiceDescription ?? `Service ${s.serviceId}`;

/** Companies that can be mapped (Autotask: type Customer — the connector filters). */
export async function searchPsaCompanies(connector: PsaConnector, input: { search?: string; limit: number }) {
  const term = input.search?.trim() ?? "";
  const found = await psaCall(() => connector.searchCompanies({ search: term || undefined, limit: input.limit }));
  // An id typed by hand: checked against the PSA and offered first when it can be mapped.
  let idMessage: string | null = null;
  if (/^\d+$/.test(term) && !found.some((c) => c.id === term)) {
    const byId = await verifyCompany(connector, term).catch((err: unknown) => {
      if (err instanceof AppError && err.code === "BAD_REQUEST") {
        idMessage = err.message;
        return null;
      }
      throw err;
    });
    if (byId) found.unshift(byId);
  }
  return {
    companies: found.map((c) => ({ id: c.id, name: c.name, webAddress: c.webAddress ?? null, typeLabel: c.typeLabel ?? null, isActive: c.isActive })),
    idMessage: idMessage as string | null,
  };
}
