import { useState } from "react";

// One write at a time from a form or a button: busy while it runs, and its failure kept for
// the form to show (next to the fields it names, see fieldErrors) until the next success.
export function useSubmit<Args extends unknown[]>(action: (...args: Args) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (...args: Args) => {
    setBusy(true);
    try {
      await action(...args);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}
