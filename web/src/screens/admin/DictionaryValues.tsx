// One list of the Case Management Dictionary (statuses, reasons for close or focus areas):
// every value, retired ones included, with adding, renaming, retiring (values are never
// deleted: history refers to them) and, for statuses, the closed flag and the default.
import { useState } from "react";
import { api, unwrap, type DictionaryValue } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { AddValueForm } from "./AddValueForm";
import { ValueRow } from "./ValueRow";

export type DictionaryKind = "case-statuses" | "close-reasons" | "focus-areas";

interface Props {
  kind: DictionaryKind;
  title: string;
  about: string;
  canChange: boolean;
  onChanged(): void;
}

export function DictionaryValues({ kind, title, about, canChange, onChanged }: Props) {
  const loaded = useLoaded(
    async () =>
      unwrap(
        await api.GET("/api/v1/admin/dictionaries/{kind}", {
          params: { path: { kind }, query: { include_retired: true } },
        }),
      ).items ?? [],
    [kind],
  );
  const values: DictionaryValue[] | null = loaded.data;
  const error = loaded.error;
  const [notice, setNotice] = useState<string | null>(null);
  const isStatus = kind === "case-statuses";
  const headingId = kind + "-heading";

  const changed = (sentence: string) => {
    setNotice(sentence);
    loaded.reload();
    onChanged();
  };

  return (
    <section className="panel dictionary" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="muted">{about}</p>
      <ErrorMessage error={error} />
      <StatusNotice notice={notice} />
      {values === null && !error && <p className="loading">Loading…</p>}
      {values?.length === 0 && <p className="empty">No values yet{canChange ? ": add the first one below" : ""}.</p>}
      {values && values.length > 0 && (
        <table className="dictionary-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {isStatus && <th scope="col">Closes the case</th>}
              {isStatus && <th scope="col">Default for new cases</th>}
              <th scope="col">In use</th>
              {canChange && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {values.map((value) => (
              <ValueRow
                key={value.id}
                kind={kind}
                value={value}
                isStatus={isStatus}
                canChange={canChange}
                onChanged={changed}
              />
            ))}
          </tbody>
        </table>
      )}
      {canChange && <AddValueForm kind={kind} isStatus={isStatus} onAdded={changed} />}
    </section>
  );
}
