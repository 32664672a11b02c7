import { Button } from "~/components/ui/button";

import { plural } from "../_lib/format";

/** "12 changes · page 1 of 3" with Previous / Next (offset pages). */
export function Pager({
  label,
  page,
  pageSize,
  total,
  noun,
  onPage,
  disabled = false,
}: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
  disabled?: boolean;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav aria-label={label} className="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-sm text-slate-600">
      <span>
        {plural(total, noun)} · page {Math.min(page, pages)} of {pages}
      </span>
      <span className="flex gap-2">
        <Button size="sm" variant="secondary" disabled={disabled || page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button size="sm" variant="secondary" disabled={disabled || page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
