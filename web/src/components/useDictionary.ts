// The values of one Case Management Dictionary list that are in use (retired ones left out),
// for the forms that change or close cases.
import { useEffect, useState } from "react";
import { api, unwrap, type DictionaryValue } from "../api/client";

type DictionaryKind = "case-statuses" | "close-reasons" | "focus-areas";

export function useDictionary(kind: DictionaryKind): DictionaryValue[] {
  const [values, setValues] = useState<DictionaryValue[]>([]);
  useEffect(() => {
    let current = true;
    api
      .GET("/api/v1/admin/dictionaries/{kind}", {
        params: { path: { kind }, query: { include_retired: false } },
      })
      .then((result) => current && setValues(unwrap(result).items ?? []))
      .catch(() => current && setValues([]));
    return () => {
      current = false;
    };
  }, [kind]);
  return values;
}
