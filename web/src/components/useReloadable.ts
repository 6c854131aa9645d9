// What a page shows, loaded at first and again after each change the page makes (reload).
// The error of the last load is kept; what was loaded before stays on screen beside it.
import { useCallback, useEffect, useState } from "react";

export function useReloadable<T>(load: () => Promise<T>, key: string | number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load()
      .then((next) => {
        setData(next);
        setError(null);
      })
      .catch(setError);
    // load is a new function at every render; key stands for what it loads.
  }, [key]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
