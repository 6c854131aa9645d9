// Loads one page of an API list whenever what it asks for changes (`key`: the filters, the
// cursor, a reload count), and forgets answers that arrive after a newer request started.
import { useEffect, useState } from "react";

interface ListAnswer<T> {
  items?: T[];
  next_cursor?: string | null;
}

export interface ListPage<T> {
  items: T[];
  next: string | null;
}

export function useListPage<T>(key: string, load: () => Promise<ListAnswer<T>>) {
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    setPage(null);
    load()
      .then((data) => {
        if (!current) return;
        setPage({ items: data.items ?? [], next: data.next_cursor ?? null });
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // `key` stands for everything `load` asks for.
  }, [key]);
  return { page, error, setError };
}
