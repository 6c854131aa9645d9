import { useEffect, useState } from "react";
import type { School } from "../../api/client";
import { SchoolOptions } from "../../components/SchoolOptions";
import { gradeLabel, grades, triggerLabels } from "./labels";
import type { DashboardFilters as Filters } from "./useDashboardFilters";

interface Props {
  filters: Filters;
  schools: School[];
  change(changes: Partial<Filters>): void;
}

export function DashboardFilters({ filters, schools, change }: Props) {
  // The name search waits for a pause in typing; the selects apply at once.
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => change({ q }), 300);
    return () => clearTimeout(timer);
  });

  return (
    <form className="filters" aria-label="Filter cases" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-q">Student</label>
        <input
          id="filter-q"
          type="search"
          placeholder="Name or local id"
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Cases</label>
        <select
          id="filter-status"
          value={filters.status}
          onChange={(event) => change({ status: event.target.value as Filters["status"] })}
        >
          <option value="open">Open</option>
          <option value="closed">Closed</option>
          <option value="all">All</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-school">School</label>
        <select
          id="filter-school"
          value={filters.school_id}
          onChange={(event) => change({ school_id: event.target.value })}
        >
          <option value="">All schools</option>
          <SchoolOptions schools={schools} />
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-grade">Grade</label>
        <select id="filter-grade" value={filters.grade} onChange={(event) => change({ grade: event.target.value })}>
          <option value="">All grades</option>
          {grades.map((grade) => (
            <option key={grade} value={grade}>
              {gradeLabel(grade)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-trigger">Opened by</label>
        <select
          id="filter-trigger"
          value={filters.trigger}
          onChange={(event) => change({ trigger: event.target.value })}
        >
          <option value="">Any trigger</option>
          {Object.entries(triggerLabels).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-manager">Case manager</label>
        <select
          id="filter-manager"
          value={filters.manager_id}
          onChange={(event) => change({ manager_id: event.target.value })}
        >
          <option value="">Anyone</option>
          <option value="me">Me</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-sort">Sort by</label>
        <select
          id="filter-sort"
          value={filters.sort}
          onChange={(event) => change({ sort: event.target.value as Filters["sort"] })}
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="last_activity">Last activity</option>
          <option value="student">Student name</option>
        </select>
      </div>
    </form>
  );
}
