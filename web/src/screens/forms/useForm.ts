// One form with the fields of its current version, as the API answers it; reload() asks again
// (after the form was changed) without forgetting the one shown meanwhile.
import { api, unwrap } from "../../api/client";
import { useLoaded } from "../../components/useLoaded";
import type { Form } from "./formTypes";

export function useForm(formId: number): { form: Form | null; error: unknown; reload(): void } {
  const loaded = useLoaded(
    async () => unwrap(await api.GET("/api/v1/forms/{id}", { params: { path: { id: formId } } })),
    [formId],
  );
  return { form: loaded.data, error: loaded.error, reload: loaded.reload };
}
