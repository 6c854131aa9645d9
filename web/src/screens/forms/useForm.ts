// One form with the fields of its current version, as the API answers it.
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import type { Form } from "./formTypes";

export function useForm(formId: number): { form: Form | null; error: unknown } {
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    setForm(null);
    api
      .GET("/api/v1/forms/{id}", { params: { path: { id: formId } } })
      .then((result) => current && setForm(unwrap(result)))
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
  }, [formId]);
  return { form, error };
}
