// The Case Management Dashboard: open cases the user may see, with filters, sort, keyset
// paging (the API's next_cursor; earlier pages are remembered here), counts, charts and the
// CSV export of the filtered list. Those who may close cases tick rows and close them together
// (BulkClose); the list and the counts then reload.
import { useEffect, useState } from "react";
import { api, queryString, unwrap, type Case, type DashboardSummary, type School } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { useKeysetPages } from "../../components/useKeysetPages";
import { hasRole, useSession } from "../../session";
import { BulkClose } from "./BulkClose";
import { CaseTable, caseId } from "./CaseTable";
import { DashboardFilters } from "./DashboardFilters";
import { SummaryCharts, SummaryCounts } from "./SummaryCharts";
import { casesQuery, useDashboardFilters } from "./useDashboardFilters";
import { useSelection } from "./useSelection";

const pageSize = 25;

interface Page {
  items: Case[];
  next: string | null;
}

export function DashboardScreen() {
  usePageTitle("Case Management Dashboard");
  const { filters, change } = useDashboardFilters();
  const { user } = useSession();
  // Closing several cases at once is for administrators (the API says so too).
  const canClose = hasRole(user, "district_admin", "school_admin");
  const [schools, setSchools] = useState<School[]>([]);
  const [summary, setSummary] = useState<DashboardSummary | null>(null);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Bumped after a change to the cases, to load the list and the counts again.
  const [loads, setLoads] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection((page?.items ?? []).map(caseId));
  const query = casesQuery(filters);
  const queryKey = JSON.stringify(query);
  const pages = useKeysetPages(queryKey);
  const cursor = pages.cursor;

  useEffect(() => {
    api.GET("/api/v1/schools").then((r) => setSchools(unwrap(r).items ?? [])).catch(setError);
  }, []);

  useEffect(() => {
    api.GET("/api/v1/dashboard/summary").then((r) => setSummary(unwrap(r))).catch(setError);
  }, [loads]);

  useEffect(() => {
    let current = true;
    setPage(null);
    api
      .GET("/api/v1/cases", { params: { query: { ...query, limit: pageSize, cursor } } })
      .then((result) => {
        if (!current) return;
        const data = unwrap(result);
        setPage({ items: data.items, next: data.next_cursor });
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // queryKey stands for query, a new object at every render: compare by value.
  }, [queryKey, cursor, loads]);

  const exportHref = "/api/v1/cases/export" + queryString(query);
  const selectedCases = (page?.items ?? []).filter((item) => selection.selected.has(caseId(item)));
  const onClosed = (sentence: string) => {
    setNotice(sentence);
    setLoads((count) => count + 1);
  };

  return (
    <div className="dashboard">
      <div className="screen-heading">
        <h1>Case Management Dashboard</h1>
        <a className="button" href={exportHref} download>
          Export CSV
        </a>
      </div>
      {summary && <SummaryCounts summary={summary} />}
      <DashboardFilters filters={filters} schools={schools} change={change} />
      <ErrorMessage error={error} />
      <StatusNotice notice={notice} />
      <section aria-labelledby="cases-heading" aria-busy={page === null}>
        <h2 id="cases-heading" className="visually-hidden">
          Cases
        </h2>
        {page === null && <p className="loading">Loading cases…</p>}
        {page && page.items.length === 0 && (
          <p className="empty">
            No cases match these filters. Widen them (all schools, all grades, any trigger), or
            open a case from a student&apos;s profile.
          </p>
        )}
        {page && page.items.length > 0 && canClose && <BulkClose cases={selectedCases} onClosed={onClosed} />}
        {page && page.items.length > 0 && (
          <CaseTable cases={page.items} selection={canClose ? selection : undefined} />
        )}
        <Pager label="Pages of cases" pages={pages} nextCursor={page?.next} />
      </section>
      {summary && <SummaryCharts summary={summary} />}
    </div>
  );
}
