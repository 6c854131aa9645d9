// Keyset paging as the API does it: each page's answer carries next_cursor; the cursors of
// the pages already seen are kept here so that "Previous page" can go back.
import { useState } from "react";

export interface CursorPages {
  cursor: string | undefined;
  pageNumber: number;
  forward(next: string): void;
  back(): void;
  restart(): void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    pageNumber: cursors.length,
    forward: (next) => setCursors((seen) => [...seen, next]),
    back: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    restart: () => setCursors([undefined]),
  };
}

interface PagerProps {
  label: string;
  pages: CursorPages;
  next: string | null | undefined;
}

export function Pager({ label, pages, next }: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.pageNumber === 1} onClick={pages.back}>
        Previous page
      </button>
      <span aria-live="polite">Page {pages.pageNumber}</span>
      <button type="button" disabled={!next} onClick={() => next && pages.forward(next)}>
        Next page
      </button>
    </nav>
  );
}
