// useSubmit for a form: the submit handler (no page reload), busy, the failure, and the API's
// per-field messages of that failure to show next to their fields.
import type { FormEvent } from "react";
import { fieldErrors } from "../api/client";
import { useSubmit } from "./useSubmit";

export function useFormSubmit(action: () => Promise<void>) {
  const { run, busy, error, setError } = useSubmit(action);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return { onSubmit, busy, error, setError, fields: fieldErrors(error) };
}
