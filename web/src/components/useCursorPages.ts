// Keyset paging as the API does it (next_cursor): the cursors of the pages already seen are
// kept, so "Previous page" goes back without the API having to page backwards. Starting over
// (new filters) forgets them.
import { useCallback, useState } from "react";

export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const restart = useCallback(() => setCursors([undefined]), []);
  return {
    cursor: cursors[cursors.length - 1],
    pageNumber: cursors.length,
    next: (cursor: string) => setCursors((seen) => [...seen, cursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    restart,
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;
