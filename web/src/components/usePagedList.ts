// One page of an API list at a time, with keyset paging (useCursorPaging): loads the page for
// the current filters (queryKey) and cursor, forgets answers that arrive after the filters
// changed, and loads again when `reloads` grows (after a change to the listed things).
import { useEffect, useState } from "react";
import { useCursorPaging } from "./useCursorPaging";

export interface ListPage<T> {
  items: T[];
  next: string | null;
}

type PageLoader<T> = (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>;

export function usePagedList<T>(queryKey: string, loadPage: PageLoader<T>, reloads = 0) {
  const paging = useCursorPaging(queryKey);
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    loadPage(paging.cursor)
      .then((data) => {
        if (!current) return;
        setPage({ items: data.items, next: data.next_cursor });
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // queryKey stands for what loadPage asks (a new function at every render).
  }, [queryKey, paging.cursor, reloads]);

  return { page, error, paging };
}
