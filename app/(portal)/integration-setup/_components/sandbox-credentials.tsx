"use client";

import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";

import { PROVIDER_LABEL, type SandboxCredentialSet } from "../_lib/form-values";

const FIELD_LABEL: Record<string, string> = {
  username: "API username",
  secret: "Secret",
  integrationCode: "API tracking identifier",
  zoneDiscoveryUrl: "Zone discovery URL",
  siteUrl: "Site URL",
  companyId: "Company ID",
  publicKey: "Public key",
  privateKey: "Private key",
  clientId: "Client ID",
  managementSolutionName: "Management solution name",
};

/** Demo and test modes, admins only: the credentials of the partner's own sandbox tenants, one click to fill the form. */
export function SandboxCredentials({ sets, onUse }: { sets: SandboxCredentialSet[]; onUse: (set: SandboxCredentialSet) => void }) {
  return (
    <Card aria-labelledby="sandbox-credentials-heading" className="border-blue-200 bg-blue-50/40">
      <CardHeader
        id="sandbox-credentials-heading"
        title="Sandbox credentials"
        description="This portal runs in demo or test mode and serves Autotask and ConnectWise sandboxes. These are your partner's own sandbox tenants; their credentials work against them."
      />
      <CardBody className="grid gap-4 lg:grid-cols-3">
        {sets.map((set) => (
          <section key={set.key} aria-labelledby={`sandbox-${set.key}`} className="rounded-md border border-slate-200 bg-white p-3">
            <h3 id={`sandbox-${set.key}`} className="text-sm font-semibold text-slate-900">
              {set.label}
            </h3>
            <p className="text-xs text-slate-600">{PROVIDER_LABEL[set.provider]} sandbox</p>
            <dl className="mt-2 space-y-1 text-xs">
              {Object.entries(set.values)
                .filter(([, value]) => value !== "")
                .map(([key, value]) => (
                  <div key={key}>
                    <dt className="font-medium text-slate-600">{FIELD_LABEL[key] ?? key}</dt>
                    <dd className="font-mono break-all text-slate-900">{value}</dd>
                  </div>
                ))}
            </dl>
            <Button size="sm" className="mt-3" aria-label={`Use these: ${set.label}`} onClick={() => onUse(set)}>
              Use these
            </Button>
          </section>
        ))}
      </CardBody>
    </Card>
  );
}
