// One form with the fields of its current version, as the API answers it; reload() asks again
// (after the form was changed) without forgetting the one shown meanwhile.
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import type { Form } from "./formTypes";

export function useForm(formId: number): { form: Form | null; error: unknown; reload(): void } {
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loads, setLoads] = useState(0);
  useEffect(() => setForm(null), [formId]);
  useEffect(() => {
    let current = true;
    api
      .GET("/api/v1/forms/{id}", { params: { path: { id: formId } } })
      .then((result) => current && setForm(unwrap(result)))
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
  }, [formId, loads]);
  return { form, error, reload: () => setLoads((count) => count + 1) };
}
