"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "~/components/ui/cn";

type NavLink = { href: string; label: string; match?: string };

const LINKS: NavLink[] = [
  { href: "/overview", label: "Overview" },
  { href: "/event-log", label: "Event Log" },
  { href: "/customers", label: "Customers" },
  { href: "/customer-map", label: "Customer Map" },
  { href: "/billing", label: "Billing" },
  { href: "/integration-setup", label: "Integration Setup" },
  { href: "/notifications", label: "Notifications" },
  { href: "/settings/api-keys", label: "Settings", match: "/settings" },
];

/** Demo and test modes only: the PSA sandboxes' read-only view. */
const SANDBOX_LINK: NavLink = { href: "/sandbox", label: "Sandbox" };

/**
 * The main navigation. `showSandbox` comes from the server (PSA_RELAY_MODE is demo or test); the
 * browser cannot read the mode itself.
 */
export function NavLinks({ showSandbox = false }: { showSandbox?: boolean }) {
  const pathname = usePathname();
  const links = showSandbox ? [...LINKS, SANDBOX_LINK] : LINKS;
  return (
    <ul className="flex flex-wrap gap-1">
      {links.map((link) => {
        const active = pathname.startsWith(link.match ?? link.href);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-blue-600",
                active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200",
              )}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
