// Users and roles: the staff accounts, searched by name or e-mail and filtered by school, a
// page at a time (keyset paging), with each account's roles per school; adding an account
// and changing one (names, e-mail, password, active, roles) in a dialog. For district and
// school administrators; school administrators give only roles at their own schools.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, unwrap, type School } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { Pager } from "../../components/Pager";
import { SchoolOptions } from "../../components/SchoolOptions";
import { usePagedList } from "../../components/usePagedList";
import { useSchools } from "../../components/useSchools";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { can } from "../../access";
import { useSession } from "../../session";
import { grantRights } from "./roles";
import { UserDialog, type User } from "./UserDialog";
import { UserTable } from "./UserTable";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

interface Filters {
  q: string;
  schoolId: string;
}

export function UsersScreen() {
  usePageTitle("Users and roles");
  const { user: me } = useSession();
  const schools = useSchools();
  const [filters, setFilters] = useState<Filters>({ q: "", schoolId: "" });
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);

  const query = { q: filters.q || undefined, school_id: filters.schoolId ? Number(filters.schoolId) : undefined };
  const { page, loading, error, paging } = usePagedList(
    JSON.stringify(query),
    async (cursor) =>
      unwrap(await api.GET("/api/v1/users", { params: { query: { ...query, limit: pageSize, cursor } } })),
    loads,
  );

  const onSaved = (_: User, sentence: string) => {
    setEditing(null);
    setNotice(sentence);
    setLoads((count) => count + 1);
  };

  return (
    <div className="users">
      <ScreenHeading title="Users and roles">
        {can(me, "user.manage") && (
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            Add a user
          </button>
        )}
      </ScreenHeading>
      <UserFilters schools={schools} initial={filters} onSearch={setFilters} />
      <ErrorMessage error={error} />
      <StatusNotice notice={notice} />
      <section aria-labelledby="users-heading" aria-busy={loading}>
        <h2 id="users-heading" className="visually-hidden">
          Staff
        </h2>
        {page === null && !error && <p className="loading">Loading staff…</p>}
        {page?.items.length === 0 && (
          <p className="empty">No staff match. Search for another name, choose all schools, or add a user.</p>
        )}
        {page && page.items.length > 0 && (
          <UserTable users={page.items} schools={schools} canReadAudit={can(me, "audit.read")} onChange={setEditing} />
        )}
        <Pager label="Pages of staff" paging={paging} nextCursor={page?.next} />
      </section>
      {editing && (
        <UserDialog
          user={editing === "new" ? null : editing}
          rights={grantRights(me, schools)}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

interface FilterProps {
  schools: School[];
  initial: Filters;
  onSearch(filters: Filters): void;
}

function UserFilters({ schools, initial, onSearch }: FilterProps) {
  const [q, setQ] = useState(initial.q);
  const [schoolId, setSchoolId] = useState(initial.schoolId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ q: q.trim(), schoolId });
  };
  return (
    <form className="filters" role="search" aria-label="Staff" onSubmit={onSubmit}>
      <Field label="Name or e-mail" hint="Starts with">
        <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
      </Field>
      <Field label="School">
        <select value={schoolId} onChange={(event) => setSchoolId(event.target.value)}>
          <option value="">All schools</option>
          <SchoolOptions schools={schools} />
        </select>
      </Field>
      <button type="submit" className="filters-submit">
        Search
      </button>
    </form>
  );
}
