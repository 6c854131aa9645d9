// Keyset paging through an API list: the API hands out next_cursor, and the cursors of the
// pages before are remembered here so that "Previous page" can go back. A new filter (a new
// resetKey) starts again at the first page.
import { useEffect, useState } from "react";

export function useCursorPaging(resetKey: string) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => setCursors([undefined]), [resetKey]);
  return {
    cursor: cursors[cursors.length - 1],
    pageNumber: cursors.length,
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    next: (cursor: string) => setCursors((list) => [...list, cursor]),
  };
}
