// A list the API pages by keyset: each page answers next_cursor, and the cursors of the
// pages already seen are remembered here so that "Previous page" can go back (see Pager).
// A change of filters (queryKey) starts again from the first page.
import { useEffect, useState } from "react";

export interface CursorPages {
  pageNumber: number;
  next(cursor: string): void;
  previous(): void;
}

export interface ListPage<T> {
  items: T[];
  next_cursor: string | null;
}

export function usePagedList<T>(load: (cursor: string | undefined) => Promise<ListPage<T>>, queryKey: string) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([undefined]), [queryKey]);

  useEffect(() => {
    let current = true;
    setPage(null);
    load(cursor)
      .then((loaded) => {
        if (!current) return;
        setPage(loaded);
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // load is a new function at every render; queryKey stands for what it asks.
  }, [queryKey, cursor]);

  const pages: CursorPages = {
    pageNumber: cursors.length,
    next: (nextCursor) => setCursors((seen) => [...seen, nextCursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
  };
  return { page, error, pages };
}
