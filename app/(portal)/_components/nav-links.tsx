"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "~/components/ui/cn";

const LINKS = [
  { href: "/event-log", label: "Event Log" },
  { href: "/customers", label: "Customers" },
  { href: "/settings/api-keys", label: "Settings", match: "/settings" },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1">
      {LINKS.map((link) => {
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
