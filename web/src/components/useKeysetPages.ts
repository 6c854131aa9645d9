// Keyset paging: the API answers one page and the cursor of the next. The cursors of the
// pages already seen are remembered here, so "Previous page" goes back without the API's help;
// a new resetKey (other filters) starts again at page 1.
import { useEffect, useState } from "react";

export interface KeysetPages {
  cursor: string | undefined;
  pageNumber: number;
  previous(): void;
  next(cursor: string): void;
}

export function useKeysetPages(resetKey: string): KeysetPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => setCursors([undefined]), [resetKey]);
  return {
    cursor: cursors[cursors.length - 1],
    pageNumber: cursors.length,
    previous: () => setCursors((all) => (all.length > 1 ? all.slice(0, -1) : all)),
    next: (cursor) => setCursors((all) => [...all, cursor]),
  };
}
