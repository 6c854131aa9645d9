// Loads one page of an API list whenever what it asks for changes (`key`: the filters, the
// cursor, a reload count), and forgets answers that arrive after a newer request started.
// The page on show stays until the next one arrives (`loading` meanwhile), so a reload after a
// change keeps the rows, and the focus on a row's button, where they were.
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
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((data) => {
        if (!current) return;
        setPage({ items: data.items ?? [], next: data.next_cursor ?? null });
        setError(null);
      })
      .catch((failure) => current && setError(failure))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // `key` stands for everything `load` asks for.
  }, [key]);
  return { page, loading, error, setError };
}
