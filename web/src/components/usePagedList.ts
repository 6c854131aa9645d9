// One page of an API list at a time, with keyset paging (useCursorPaging): loads the page for
// the current filters (queryKey) and cursor (useLoaded), and loads it again, keeping the rows
// on show meanwhile, when `reloads` grows or reload() is called (after a change to the listed
// things). A new filter starts at page one.
import { useEffect, useRef } from "react";
import { useCursorPaging } from "./useCursorPaging";
import { useLoaded } from "./useLoaded";

export interface ListPage<T> {
  items: T[];
  next: string | null;
}

type PageLoader<T> = (cursor: string | undefined) => Promise<{ items?: T[]; next_cursor?: string | null }>;

export type PagedListState<T> = ReturnType<typeof usePagedList<T>>;

export function usePagedList<T>(queryKey: string, loadPage: PageLoader<T>, reloads = 0) {
  const paging = useCursorPaging(queryKey);
  const loaded = useLoaded(() => loadPage(paging.cursor), [queryKey, paging.cursor]);
  const reloadsSeen = useRef(reloads);
  useEffect(() => {
    if (reloads === reloadsSeen.current) return;
    reloadsSeen.current = reloads;
    loaded.reload();
    // loaded.reload is a new function at every render; only a new count asks again.
  }, [reloads]);
  const page: ListPage<T> | null = loaded.data
    ? { items: loaded.data.items ?? [], next: loaded.data.next_cursor ?? null }
    : null;
  return { page, loading: loaded.loading, error: loaded.error, paging, reload: loaded.reload };
}
