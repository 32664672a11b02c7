/**
 * npm run bench:psa — lists 20,000 companies and 50,000 contract services (Autotask) / agreement
 * additions (ConnectWise) from a sandbox tenant through each real connector over HTTP, and prints
 * the requests made per entity beside the paging floor (Autotask ceil(n/500), ConnectWise
 * ceil(n/1000)), wall time and peak memory. The last line is one JSON object with the figures.
 */
import { AutotaskConnector } from "~/server/psa/autotask";
import { ConnectWiseConnector } from "~/server/psa/connectwise";
import type { PsaConnector } from "~/server/psa/types";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { handleConnectWiseSandbox, seedConnectWiseBenchTenant } from "~/server/sandbox/connectwise";

// The sandboxes answer over http on 127.0.0.1: test mode allows PSA URLs without https (server/psa/url-policy.ts).
process.env.PSA_RELAY_MODE ??= "test";

const COMPANIES = 20_000;
const CONTRACT_SERVICES = 50_000;

type Req = { method: string; path: string };
type Case = { entity: string; rows: number; requests: number; floor: number; wallMs: number; peakHeapMb: number };

function watchMemory() {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return Math.round(((peak - base) / 1024 / 1024) * 10) / 10;
  };
}

async function measure(entity: string, pageLimit: number, requests: Req[], counted: (r: Req) => boolean, run: () => Promise<unknown[]>): Promise<Case> {
  global.gc?.();
  requests.length = 0;
  const stop = watchMemory();
  const t0 = performance.now();
  const rows = await run();
  const wallMs = Math.round(performance.now() - t0);
  const peakHeapMb = stop();
  const n = requests.filter(counted).length;
  return { entity, rows: rows.length, requests: n, floor: Math.ceil(rows.length / pageLimit), wallMs, peakHeapMb };
}

const isPath = (re: RegExp) => (r: Req) => re.test(r.path);

async function benchAutotask(): Promise<Case[]> {
  const server = await serveFetchHandler(handleAutotaskSandbox);
  try {
    const seeded = seedAutotaskTenant({ bulk: { companies: COMPANIES, contractServices: CONTRACT_SERVICES, onContracts: 1 } });
    const requests: Req[] = [];
    const connector: PsaConnector = new AutotaskConnector(
      { ...seeded.credentials, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(server.url) },
      { connectionKey: "bench-autotask", timeoutMs: 60_000, onRequest: (e) => requests.push(e) },
    );
    await connector.testConnection(); // zone discovery and metadata, not part of the listing figures
    const [first] = await connector.searchCompanies({ search: "Bulk Customer 00001", limit: 1 });
    const [contract] = await connector.listContracts([first!.id]);
    const companies = await measure("Companies", 500, requests, isPath(/\/companies\/query/i), () => connector.listCompanies());
    const contractServices = await measure("ContractServices + ContractServiceUnits", 500, requests, isPath(/\/contractservice(s|units)\/query/i), () =>
      connector.listContractServices([contract!.id]),
    );
    // Two entities are read for contract services (services and today's units): the floor is per entity.
    contractServices.floor *= 2;
    return [companies, contractServices];
  } finally {
    await server.close();
  }
}

async function benchConnectWise(): Promise<Case[]> {
  const server = await serveFetchHandler(handleConnectWiseSandbox);
  try {
    const seeded = seedConnectWiseBenchTenant({ companies: COMPANIES, additions: CONTRACT_SERVICES });
    const requests: Req[] = [];
    const connector: PsaConnector = new ConnectWiseConnector(
      {
        siteUrl: `${server.url}/sandbox/connectwise`,
        companyId: seeded.companyId,
        publicKey: seeded.publicKey,
        privateKey: seeded.privateKey,
        clientId: seeded.clientId,
      },
      { connectionKey: "bench-connectwise", timeoutMs: 60_000, onRequest: (e) => requests.push(e) },
    );
    await connector.testConnection();
    const companies = await measure("Companies", 1000, requests, isPath(/\/company\/companies(\?|$)/i), () => connector.listCompanies());
    const additions = await measure("Agreement additions", 1000, requests, isPath(/\/finance\/agreements\/\d+\/additions(\?|$)/i), () =>
      connector.listContractServices([String(seeded.benchAgreementId)]),
    );
    return [companies, additions];
  } finally {
    await server.close();
  }
}

const autotask = await benchAutotask();
const connectwise = await benchConnectWise();
const all = [...autotask.map((c) => ({ psa: "autotask", ...c })), ...connectwise.map((c) => ({ psa: "connectwise", ...c }))];
for (const c of all) {
  console.log(
    `${c.psa.padEnd(11)} ${c.entity.padEnd(40)} rows ${String(c.rows).padStart(6)}  requests ${String(c.requests).padStart(4)} (floor ${String(c.floor).padStart(4)})  ${String(c.wallMs).padStart(6)} ms  peak heap +${c.peakHeapMb} MB`,
  );
}
const pass = all.every((c) => c.requests === c.floor && c.rows >= (c.entity === "Companies" ? COMPANIES : CONTRACT_SERVICES));
console.log(JSON.stringify({ bench: "psa", companies: COMPANIES, contractServices: CONTRACT_SERVICES, cases: all, peakRssMb: Math.round(process.memoryUsage().rss / 1048576), pass }));
process.exit(pass ? 0 : 1);
