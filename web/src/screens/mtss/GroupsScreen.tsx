// MTSS > Intervention Groups: the groups the user may see (the school's support staff and
// the facilitator), the user's own or all, active or archived, keyset-paged.
import { Link } from "react-router-dom";
import { api, unwrap, type InterventionGroup } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useAddressFilters } from "../../components/useAddressFilters";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/usePagedList";
import { usePageTitle } from "../../components/usePageTitle";
import { useSchools } from "../../components/useSchools";
import { areaLabel } from "./labels";
import { ScrollTable, type Column } from "../../components/ScrollTable";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

const groupColumns: Column[] = [
  "Group",
  "Intervention",
  "School",
  "Area",
  { label: "Tier", className: "number" },
  "Facilitator",
  "Schedule",
  { label: "Members", className: "number" },
];

export function GroupsScreen() {
  usePageTitle("Intervention Groups");
  const { filters, change } = useAddressFilters({ whose: "all", status: "active" });
  const { whose, status } = filters;
  const query = {
    facilitator_id: whose === "mine" ? "me" : undefined,
    status: (status || undefined) as InterventionGroup["status"] | undefined,
  };
  const schools = useSchools();
  const { page, loading, error, paging } = usePagedList(JSON.stringify(query), (cursor) =>
    api.GET("/api/v1/intervention-groups", { params: { query: { ...query, limit: pageSize, cursor } } }).then(unwrap),
  );

  const schoolName = (id: number | undefined) => schools.find((school) => school.id === id)?.name ?? "";

  return (
    <div className="groups">
      <ScreenHeading title="Intervention Groups">
        <Link className="button" to="/groups/new">
          New group
        </Link>
      </ScreenHeading>
      <form className="filters" role="search" aria-label="Filter groups" onSubmit={(event) => event.preventDefault()}>
        <Field label="Whose groups">
          <select value={whose} onChange={(event) => change("whose", event.target.value)}>
            <option value="all">All I may see</option>
            <option value="mine">I facilitate</option>
          </select>
        </Field>
        <Field label="Status">
          <select value={status} onChange={(event) => change("status", event.target.value)}>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="">Any</option>
          </select>
        </Field>
      </form>
      <ErrorMessage error={error} />
      <section aria-labelledby="groups-heading" aria-busy={loading}>
        <h2 id="groups-heading" className="visually-hidden">
          Groups
        </h2>
        {page === null && !error && <p className="loading">Loading groups…</p>}
        {page && page.items.length === 0 && (
          <p className="empty">
            No groups match these filters. <Link to="/groups/new">Create a group</Link>, then add its students: each
            gets a plan from the group.
          </p>
        )}
        {page && page.items.length > 0 && (
          <ScrollTable label="Groups list" columns={groupColumns}>
            {page.items.map((group) => (
              <tr key={group.id}>
                <th scope="row">
                  <Link to={`/groups/${group.id}`}>{group.name}</Link>
                </th>
                <td>{group.intervention}</td>
                <td>{schoolName(group.school_id)}</td>
                <td>{areaLabel(group.area)}</td>
                <td className="number">{group.tier}</td>
                <td>{group.facilitator?.name}</td>
                <td>{group.schedule}</td>
                <td className="number">{group.member_count}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
        <Pager label="Pages of groups" paging={paging} nextCursor={page?.next} />
      </section>
    </div>
  );
}
