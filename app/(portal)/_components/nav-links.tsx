"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

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
 *
 * From 1280 px (xl) the links sit in the header on one line. Below that a Menu button
 * (aria-expanded / aria-controls) opens them as a panel under the header: the first link takes
 * focus, Escape or a click outside closes it and focus returns to the button, and following a
 * link closes it.
 */
export function NavLinks({ showSandbox = false }: { showSandbox?: boolean }) {
  const pathname = usePathname();
  const links = showSandbox ? [...LINKS, SANDBOX_LINK] : LINKS;
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLAnchorElement>("a")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="inline-flex h-10 shrink-0 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 xl:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </button>
      <nav
        ref={panel}
        id={panelId}
        aria-label="Main"
        className={cn(
          "absolute inset-x-0 top-full z-40 border-b border-slate-200 bg-white px-4 py-2 shadow-lg",
          "xl:static xl:z-auto xl:block xl:min-w-0 xl:flex-1 xl:border-0 xl:p-0 xl:shadow-none",
          open ? "block" : "hidden",
        )}
      >
        <ul className="flex flex-col gap-1 xl:flex-row xl:flex-nowrap xl:gap-0.5">
          {links.map((link) => {
            const active = pathname.startsWith(link.match ?? link.href);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={active ? "page" : undefined}
                  onClick={() => setOpen(false)}
                  className={cn(
                    "block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-blue-600 xl:px-2.5",
                    active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200",
                  )}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}
