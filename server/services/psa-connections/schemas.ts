import { z } from "zod";

import { psaUrlProblem } from "~/server/psa/url-policy";

export const AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL = "https://webservices.autotask.net/atservicesrest";

/** Credentials go to these URLs: https outside demo and test modes (read when the input is parsed). */
const HTTPS_ONLY = "Enter an https:// URL: PSA Relay sends PSA credentials over https only.";
const secureUrl = (schema: z.ZodString) => schema.refine((url) => psaUrlProblem(url) === null, HTTPS_ONLY);

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Form input. A secret left blank keeps the one already saved. */
export const autotaskInputSchema = z.object({
  provider: z.literal("autotask"),
  username: z.string().trim().min(3, "Enter the API user's username.").max(200),
  secret: z.preprocess(blankToUndefined, z.string().min(1).max(500).optional()),
  integrationCode: z.string().trim().min(1, "Enter the API tracking identifier.").max(200),
  zoneDiscoveryUrl: z.preprocess(
    blankToUndefined,
    secureUrl(z.string().trim().url("Enter a full URL, e.g. https://webservices.autotask.net/atservicesrest").max(300)).optional(),
  ),
});

export const connectwiseInputSchema = z.object({
  provider: z.literal("connectwise"),
  siteUrl: secureUrl(z.string().trim().url("Enter the site URL, e.g. https://api-na.myconnectwise.net").max(300)),
  companyId: z.string().trim().min(1, "Enter the company id you sign in with.").max(100),
  publicKey: z.string().trim().min(1, "Enter the API member's public key.").max(200),
  privateKey: z.preprocess(blankToUndefined, z.string().min(1).max(500).optional()),
  clientId: z.string().trim().min(1, "Enter the clientId issued for the integration.").max(100),
  managementSolutionName: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
});

export const connectionInputSchema = z.discriminatedUnion("provider", [autotaskInputSchema, connectwiseInputSchema]);
export type ConnectionInput = z.infer<typeof connectionInputSchema>;

/**
 * The fields that name where a secret is sent: a saved secret is reused only while all of them are
 * unchanged (any change and the admin types the secret again).
 */
export const SECRET_TARGET_FIELDS = { autotask: ["username", "zoneDiscoveryUrl"], connectwise: ["siteUrl", "companyId", "publicKey"] } as const;

/** Which fields are secret per provider: sealed at rest, never sent to the browser. */
export const SECRET_FIELDS = { autotask: ["secret"], connectwise: ["privateKey"] } as const;
