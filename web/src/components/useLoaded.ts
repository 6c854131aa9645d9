// Data a screen (or one part of it) loads from the API: null until it arrives (again null when
// the inputs change, so one student's data never shows under another's name), the failure if
// it fails, and reload() after a change, which keeps showing the data until the new arrives.
// An answer that arrives after the inputs changed is dropped.
import { useEffect, useState } from "react";
import type { DependencyList } from "react";

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useLoaded<T>(load: () => Promise<T>, inputs: DependencyList): Loaded<T> {
  const inputsKey = JSON.stringify(inputs);
  const [answer, setAnswer] = useState<{ inputsKey: string; data: T } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    load()
      .then((data) => {
        if (!current) return;
        setAnswer({ inputsKey, data });
      })
      .catch((failure) => current && setError(failure))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // load is a new function at every render; the inputs say when it asks something new.
  }, [inputsKey, loads]);

  return {
    data: answer?.inputsKey === inputsKey ? answer.data : null,
    error,
    loading,
    reload: () => setLoads((count) => count + 1),
  };
}
