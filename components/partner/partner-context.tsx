"use client";

import { createContext, type ReactNode, useContext } from "react";

export type PartnerView = {
  partnerName: string;
  timeZone: string;
  userName: string;
  role: "admin" | "technician";
};

const PartnerContext = createContext<PartnerView | null>(null);

/** The signed-in user's partner as the server resolved it (time zone, role) for client components. */
export function PartnerProvider({ value, children }: { value: PartnerView; children: ReactNode }) {
  return <PartnerContext.Provider value={value}>{children}</PartnerContext.Provider>;
}

export function usePartner(): PartnerView {
  const value = useContext(PartnerContext);
  if (!value) throw new Error("usePartner() must be used inside the portal layout.");
  return value;
}
