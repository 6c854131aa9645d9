// Every version of the Case Management Dictionary, newest first, with when it took effect:
// cases name the version that opened them ("why is this case open?"), so this is the record
// of what was in force when.
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ScrollTable } from "../../components/ScrollTable";
import { formatDateTime } from "../../time";
import { triggerLabel } from "../dashboard/labels";
import { actorName, useUserNames } from "./useUserNames";

type Version = Schemas["DictionaryVersion"];

// Reloads from the newest whenever `changes` moves (a save on this screen).
export function VersionHistory({ changes }: { changes: number }) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const names = useUserNames(versions.map((version) => version.changed_by));

  const load = (cursor: string | undefined, keep: Version[]) => {
    setLoading(true);
    api
      .GET("/api/v1/admin/case-management/versions", { params: { query: { limit: 10, cursor } } })
      .then((result) => {
        const page = unwrap(result);
        setVersions([...keep, ...page.items]);
        setNext(page.next_cursor);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  };
  useEffect(() => load(undefined, []), [changes]);

  return (
    <section className="panel" aria-labelledby="versions-heading" aria-busy={loading}>
      <h2 id="versions-heading">Version history</h2>
      <ErrorMessage error={error} />
      {versions.length > 0 && (
        <ScrollTable
          label="Dictionary versions"
          columns={["In force from", "Change", "By", "Case management", "Triggers"]}
        >
          {versions.map((version) => (
            <tr key={version.id}>
              <td>{formatDateTime(version.effective_at)}</td>
              <td>{version.change}</td>
              <td>{actorName(names, version.changed_by)}</td>
              <td>{version.enabled ? "On" : "Off"}</td>
              <td>{(version.open_case_on ?? []).map(triggerLabel).join(", ") || "None"}</td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {loading && <p className="loading">Loading versions…</p>}
      {next && !loading && (
        <button type="button" onClick={() => load(next, versions)}>
          Show older versions
        </button>
      )}
    </section>
  );
}
