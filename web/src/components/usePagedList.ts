// One page of an API list at a time, with keyset paging (useCursorPaging): loads the page for
// the current filters (queryKey) and cursor through useListPage, and loads again when
// `reloads` grows (after a change to the listed things). A new filter starts at page one.
import { useCursorPaging } from "./useCursorPaging";
import { useListPage } from "./useListPage";

export type { ListPage } from "./useListPage";

type PageLoader<T> = (cursor: string | undefined) => Promise<{ items?: T[]; next_cursor?: string | null }>;

export type PagedListState<T> = ReturnType<typeof usePagedList<T>>;

export function usePagedList<T>(queryKey: string, loadPage: PageLoader<T>, reloads = 0) {
  const paging = useCursorPaging(queryKey);
  const list = useListPage<T>(JSON.stringify([queryKey, paging.cursor, reloads]), () => loadPage(paging.cursor));
  return { ...list, paging };
}
