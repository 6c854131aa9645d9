// Keyset paging through an API list: the API hands out next_cursor, and the cursors of the
// pages before are remembered here so that "Previous page" can go back. A new filter (a new
// resetKey) starts again at the first page, in the same render (no request with the old
// cursor and the new filter).
import { useState } from "react";

export function useCursorPaging(resetKey: string) {
  const [state, setState] = useState({ resetKey, cursors: [undefined] as (string | undefined)[] });
  const cursors = state.resetKey === resetKey ? state.cursors : [undefined];
  return {
    cursor: cursors[cursors.length - 1],
    pageNumber: cursors.length,
    previous: () => setState({ resetKey, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
    next: (cursor: string) => setState({ resetKey, cursors: [...cursors, cursor] }),
  };
}
