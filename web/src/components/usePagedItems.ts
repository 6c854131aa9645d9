// One keyset-paged list from the API: the page shown (null while it loads), the failure if
// any, and the pages to move through. `key` names what is listed (the form, the filters):
// a new key starts again at page 1.
import { useEffect, useState } from "react";
import { useKeysetPages, type KeysetPages } from "./useKeysetPages";

export interface PageAnswer<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PagedItems<T> {
  page: PageAnswer<T> | null;
  error: unknown;
  pages: KeysetPages;
}

export function usePagedItems<T>(load: (cursor: string | undefined) => Promise<PageAnswer<T>>, key: string): PagedItems<T> {
  const pages = useKeysetPages(key);
  const [page, setPage] = useState<PageAnswer<T> | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    load(pages.cursor)
      .then((answer) => {
        if (!current) return;
        setPage(answer);
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // load is a new closure at every render; key and the cursor say what it loads.
  }, [key, pages.cursor]);

  return { page, error, pages };
}
