// MTSS > Plans: the plans of students the user may see, the user's own first (owner "me"),
// filtered by status, area and tier (kept in the address), keyset-paged like the dashboard.
import { Link } from "react-router-dom";
import { api, unwrap, type Plan } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useAddressFilters } from "../../components/useAddressFilters";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/usePagedList";
import { usePageTitle } from "../../components/usePageTitle";
import { gradeLabel } from "../dashboard/labels";
import { PlanGoalText } from "./PlanGoalText";
import { AreaOptions, TierOptions } from "./PlanOptions";
import { areaLabel, type PlanArea } from "./labels";
import { ScrollTable } from "../../components/ScrollTable";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

const defaultFilters = { whose: "mine", status: "active", area: "", tier: "" };
type Filters = typeof defaultFilters;

export function PlansScreen() {
  usePageTitle("Plans");
  const { filters, change } = useAddressFilters(defaultFilters);
  const query = {
    owner_id: filters.whose === "mine" ? "me" : undefined,
    status: (filters.status || undefined) as Plan["status"] | undefined,
    area: (filters.area || undefined) as PlanArea | undefined,
    tier: filters.tier ? Number(filters.tier) : undefined,
  };
  const { page, loading, error, paging } = usePagedList(JSON.stringify(query), (cursor) =>
    api.GET("/api/v1/plans", { params: { query: { ...query, limit: pageSize, cursor } } }).then(unwrap),
  );

  return (
    <div className="plans">
      <ScreenHeading title="Plans">
        <Link className="button" to="/plans/new">
          New plan
        </Link>
      </ScreenHeading>
      <PlanFilters filters={filters} change={change} />
      <ErrorMessage error={error} />
      <section aria-labelledby="plans-heading" aria-busy={loading}>
        <h2 id="plans-heading" className="visually-hidden">
          Plans
        </h2>
        {page === null && !error && <p className="loading">Loading plans…</p>}
        {page && page.items.length === 0 && (
          <p className="empty">
            No plans match these filters. Widen them (everyone&apos;s plans, any status), or{" "}
            <Link to="/plans/new">create a plan</Link> for a student.
          </p>
        )}
        {page && page.items.length > 0 && <PlanTable plans={page.items} />}
        <Pager label="Pages of plans" paging={paging} nextCursor={page?.next} />
      </section>
    </div>
  );
}

function PlanFilters({ filters, change }: { filters: Filters; change(name: keyof Filters, value: string): void }) {
  return (
    <form className="filters" role="search" aria-label="Filter plans" onSubmit={(event) => event.preventDefault()}>
      <Field label="Whose plans">
        <select value={filters.whose} onChange={(event) => change("whose", event.target.value)}>
          <option value="mine">Mine</option>
          <option value="all">All I may see</option>
        </select>
      </Field>
      <Field label="Status">
        <select value={filters.status} onChange={(event) => change("status", event.target.value)}>
          <option value="active">Active</option>
          <option value="archived">Archived</option>
          <option value="">Any</option>
        </select>
      </Field>
      <Field label="Area">
        <select value={filters.area} onChange={(event) => change("area", event.target.value)}>
          <option value="">Any area</option>
          <AreaOptions />
        </select>
      </Field>
      <Field label="Tier">
        <select value={filters.tier} onChange={(event) => change("tier", event.target.value)}>
          <option value="">Any tier</option>
          <TierOptions />
        </select>
      </Field>
    </form>
  );
}

// The API has no "next review" date on a plan: the goal's target date is the date the plan
// is working towards, so the list shows that.
function PlanTable({ plans }: { plans: Plan[] }) {
  return (
    <ScrollTable
      label="Plans list"
      columns={[
        "Student",
        "Grade",
        "Area and skill",
        { label: "Tier", className: "number" },
        "Goal",
        "Owner",
        "Status",
      ]}
    >
      {plans.map((plan) => (
        <tr key={plan.id}>
          <th scope="row">
            <Link to={`/plans/${plan.id}`}>{plan.student?.name}</Link>
          </th>
          <td>{gradeLabel(plan.student?.grade)}</td>
          <td>
            {areaLabel(plan.area)}
            {plan.skill ? `: ${plan.skill}` : ""}
          </td>
          <td className="number">{plan.tier}</td>
          <td>
            <PlanGoalText goal={plan.goal} />
          </td>
          <td>{plan.owner?.name}</td>
          <td>
            <span className={plan.status === "active" ? "badge badge-open" : "badge"}>{plan.status}</span>
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}
