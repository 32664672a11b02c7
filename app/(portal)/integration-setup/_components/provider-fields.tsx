"use client";

import type { AutotaskValues, ConnectWiseValues } from "../_lib/form-values";
import { SecretField, TextField } from "./fields";

type FieldErrors = Record<string, string | undefined>;

type Common<V> = {
  values: V;
  onChange: (patch: Partial<V>) => void;
  errors: FieldErrors;
  secretSaved: boolean;
  replacing: boolean;
  onReplacingChange: (replacing: boolean) => void;
  readOnly: boolean;
  /** The secret's target changed since it was saved: it must be typed again. */
  mustRetype: boolean;
};

export function AutotaskFields({
  values,
  onChange,
  errors,
  secretSaved,
  replacing,
  onReplacingChange,
  readOnly,
  mustRetype,
  advancedOpen,
  onAdvancedOpenChange,
  defaultZoneDiscoveryUrl,
}: Common<AutotaskValues> & { advancedOpen: boolean; onAdvancedOpenChange: (open: boolean) => void; defaultZoneDiscoveryUrl: string }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        label="API username"
        value={values.username}
        onChange={(username) => onChange({ username })}
        name="username"
        error={errors.username}
        hint="The API-only user's username (an e-mail address)."
      />
      <SecretField
        label="Secret"
        value={values.secret}
        onChange={(secret) => onChange({ secret })}
        saved={secretSaved}
        replacing={replacing}
        onReplacingChange={onReplacingChange}
        readOnly={readOnly}
        name="secret"
        error={errors.secret}
        mustRetype={mustRetype}
      />
      <TextField
        label="API tracking identifier"
        value={values.integrationCode}
        onChange={(integrationCode) => onChange({ integrationCode })}
        name="integrationCode"
        error={errors.integrationCode}
        hint="The tracking identifier of the API user (Integration Vendor or Custom)."
      />
      <details
        className="rounded-md border border-slate-200 p-3 sm:col-span-2"
        open={advancedOpen}
        onToggle={(e) => onAdvancedOpenChange(e.currentTarget.open)}
      >
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Advanced</summary>
        <div className="mt-3">
          <TextField
            label="Zone discovery URL"
            type="url"
            value={values.zoneDiscoveryUrl}
            onChange={(zoneDiscoveryUrl) => onChange({ zoneDiscoveryUrl })}
            name="zoneDiscoveryUrl"
            error={errors.zoneDiscoveryUrl}
            hint={`Where PSA Relay asks which zone the API user is in. Leave it at ${defaultZoneDiscoveryUrl} unless you test against a sandbox.`}
          />
        </div>
      </details>
    </div>
  );
}

export function ConnectWiseFields({ values, onChange, errors, secretSaved, replacing, onReplacingChange, readOnly, mustRetype }: Common<ConnectWiseValues>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <TextField
          label="Site URL"
          type="url"
          value={values.siteUrl}
          onChange={(siteUrl) => onChange({ siteUrl })}
          name="siteUrl"
          error={errors.siteUrl}
          hint="Your ConnectWise API site, e.g. https://api-na.myconnectwise.net"
        />
      </div>
      <TextField
        label="Company ID"
        value={values.companyId}
        onChange={(companyId) => onChange({ companyId })}
        name="companyId"
        error={errors.companyId}
        hint="The company you enter when signing in to ConnectWise."
      />
      <TextField
        label="Client ID"
        value={values.clientId}
        onChange={(clientId) => onChange({ clientId })}
        name="clientId"
        error={errors.clientId}
        hint="The clientId issued for this integration on the ConnectWise developer site."
      />
      <TextField
        label="Public key"
        value={values.publicKey}
        onChange={(publicKey) => onChange({ publicKey })}
        name="publicKey"
        error={errors.publicKey}
        hint="The API member's public key."
      />
      <SecretField
        label="Private key"
        value={values.privateKey}
        onChange={(privateKey) => onChange({ privateKey })}
        saved={secretSaved}
        replacing={replacing}
        onReplacingChange={onReplacingChange}
        readOnly={readOnly}
        name="privateKey"
        error={errors.privateKey}
        mustRetype={mustRetype}
      />
      <TextField
        label="Management solution name"
        value={values.managementSolutionName}
        onChange={(managementSolutionName) => onChange({ managementSolutionName })}
        name="managementSolutionName"
        error={errors.managementSolutionName}
        hint="Optional: the name shown for PSA Relay in ConnectWise's Manage Solutions list."
      />
    </div>
  );
}
