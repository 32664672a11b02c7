import "./globals.css";

import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "PSA Relay", template: "%s · PSA Relay" },
  description: "The partner portal: vendor events, tickets and billing in your PSA.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the CSP nonce proxy.ts made for the request
  // (a page prerendered at build time would have none, and the browser would refuse to run it).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
