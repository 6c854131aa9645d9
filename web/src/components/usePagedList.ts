// A list the API pages by cursor (keyset paging: `next_cursor`), one page at a time. The
// cursors of the pages already seen are kept so that "Previous page" can go back; new inputs
// (a filter) start again at the first page.
import { useState } from "react";
import type { DependencyList } from "react";
import { useLoaded } from "./useLoaded";

export interface CursorPage<T> {
  items?: T[];
  next_cursor?: string | null;
}

export interface PagedList<T> {
  items: T[] | null;
  error: unknown;
  loading: boolean;
  pageNumber: number;
  hasNext: boolean;
  next(): void;
  previous(): void;
  reload(): void;
}

export function usePagedList<T>(
  load: (cursor: string | undefined) => Promise<CursorPage<T>>,
  inputs: DependencyList,
): PagedList<T> {
  const inputsKey = JSON.stringify(inputs);
  const [paging, setPaging] = useState({ inputsKey, cursors: [undefined] as (string | undefined)[] });
  const cursors = paging.inputsKey === inputsKey ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const page = useLoaded(() => load(cursor), [inputsKey, cursor]);
  const nextCursor = page.data?.next_cursor ?? null;

  return {
    items: page.data?.items ?? (page.data ? [] : null),
    error: page.error,
    loading: page.loading,
    pageNumber: cursors.length,
    hasNext: nextCursor !== null,
    next: () => nextCursor && setPaging({ inputsKey, cursors: [...cursors, nextCursor] }),
    previous: () => setPaging({ inputsKey, cursors: cursors.slice(0, -1) }),
    reload: page.reload,
  };
}
