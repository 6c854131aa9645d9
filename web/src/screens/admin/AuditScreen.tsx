// The audit log (district administrators): every write, newest first, who made it, what it
// changed (before and after), filtered by entity, days (the district's days), a staff member
// or a student, a page at a time (keyset paging). Filters live in the address, so the users
// screen can link to one person's changes.
import { Link, useSearchParams } from "react-router-dom";
import { api, fieldErrors, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { ScrollTable } from "../../components/ScrollTable";
import { usePagedList } from "../../components/usePagedList";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../time";
import { addDays, instantOf } from "../../zonedTime";
import { AuditFilters, readAuditFilters, type AuditFilterValues } from "./AuditFilters";
import { actorName, useUserNames } from "./useUserNames";

type AuditEntry = NonNullable<Schemas["AuditPage"]["items"]>[number];

const pageSize = 50;

function auditQuery(filters: AuditFilterValues) {
  return {
    entity: filters.entity || undefined,
    user_id: filters.userId ? Number(filters.userId) : undefined,
    student_id: filters.studentId ? Number(filters.studentId) : undefined,
    from: filters.from ? instantOf({ day: filters.from, time: "00:00" }) : undefined,
    // The last day is included: the API's end is exclusive, so it ends where the next day starts.
    to: filters.to ? instantOf({ day: addDays(filters.to, 1), time: "00:00" }) : undefined,
  };
}

export function AuditScreen() {
  usePageTitle("Audit");
  const [params, setParams] = useSearchParams();
  const filters = readAuditFilters(params);
  const filterKey = params.toString();
  const { page, loading, error, paging } = usePagedList(filterKey, async (cursor) =>
    unwrap(
      await api.GET("/api/v1/admin/audit", { params: { query: { ...auditQuery(filters), limit: pageSize, cursor } } }),
    ),
  );
  const names = useUserNames([
    ...(page?.items ?? []).map((entry) => entry.actor_id),
    filters.userId ? Number(filters.userId) : null,
  ]);
  const fields = fieldErrors(error);
  return (
    <div className="audit">
      <h1>Audit</h1>
      <p className="muted">Every change anyone made, newest first. Times are in the district&apos;s time zone.</p>
      <AuditFilters
        filters={filters}
        errors={fields}
        userName={filters.userId ? actorName(names, Number(filters.userId)) : ""}
        onApply={(next) => setParams(new URLSearchParams(Object.entries(next).filter(([, v]) => v)))}
      />
      {Object.keys(fields).length === 0 && <ErrorMessage error={error} />}
      <section aria-labelledby="audit-heading" aria-busy={loading}>
        <h2 id="audit-heading" className="visually-hidden">
          Audit entries
        </h2>
        {page === null && !error && <p className="loading">Loading the audit log…</p>}
        {page?.items.length === 0 && (
          <p className="empty">No changes match these filters. Widen the days or clear the filters.</p>
        )}
        {page && page.items.length > 0 && <AuditTable entries={page.items} names={names} />}
        <Pager label="Pages of the audit log" paging={paging} nextCursor={page?.next} />
      </section>
    </div>
  );
}

function AuditTable({ entries, names }: { entries: AuditEntry[]; names: Map<number, string> }) {
  return (
    <ScrollTable
      label="Audit entries"
      className="audit-table"
      columns={["When", "Who", "Action", "What", "Student", "Change"]}
    >
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td>
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </td>
          <td>{actorName(names, entry.actor_id)}</td>
          <td>{entry.action}</td>
          <td>
            {entry.entity}
            {entry.entity_id ? ` ${entry.entity_id}` : ""}
          </td>
          {/* By id, not name: looking a student up would put this reading of the audit
                  log in the student's access log as a view of their record. */}
          <td>
            {entry.student_id ? <Link to={`/students/${entry.student_id}`}>Student {entry.student_id}</Link> : ""}
          </td>
          <td>
            <ChangeDetails entry={entry} />
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}

// Before and after as the API recorded them, folded away until asked for.
function ChangeDetails({ entry }: { entry: AuditEntry }) {
  const has = (value: unknown) => value !== null && value !== undefined;
  if (!has(entry.before) && !has(entry.after)) return <span className="muted">None recorded</span>;
  return (
    <details>
      <summary>
        Before and after
        <span className="visually-hidden">
          {" "}
          of {entry.action} {entry.id}
        </span>
      </summary>
      {has(entry.before) && (
        <>
          <h3 className="detail-heading">Before</h3>
          <pre>{JSON.stringify(entry.before, null, 2)}</pre>
        </>
      )}
      {has(entry.after) && (
        <>
          <h3 className="detail-heading">After</h3>
          <pre>{JSON.stringify(entry.after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}
