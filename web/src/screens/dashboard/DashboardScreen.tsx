// The Case Management Dashboard: open cases the user may see, with filters, sort, keyset
// paging (the API's next_cursor; earlier pages are remembered here), counts, charts and the
// CSV export of the filtered list. Those who may close cases tick rows and close them together
// (BulkClose); the list and the counts then reload.
import { useEffect, useState } from "react";
import { api, queryString, unwrap, type Case, type DashboardSummary } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { StatusNotice } from "../../components/StatusNotice";
import { usePagedList } from "../../components/usePagedList";
import { useSchools } from "../../components/useSchools";
import { usePageTitle } from "../../components/usePageTitle";
import { can } from "../../access";
import { useSession } from "../../session";
import { BulkClose } from "./BulkClose";
import { CaseTable, caseId, closable } from "./CaseTable";
import { DashboardFilters } from "./DashboardFilters";
import { SummaryCharts, SummaryCounts } from "./SummaryCharts";
import { casesQuery, useDashboardFilters } from "./useDashboardFilters";
import { useSelection } from "./useSelection";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

export function DashboardScreen() {
  usePageTitle("Case Management Dashboard");
  const { filters, change } = useDashboardFilters();
  const { user } = useSession();
  // Closing several cases at once is for those whose roles allow closing cases somewhere; the
  // server asks per case, and refuses them all when one may not be closed.
  const canClose = can(user, "case.close");
  const schools = useSchools();
  const [summary, setSummary] = useState<DashboardSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Bumped after a change to the cases, to load the list and the counts again.
  const [loads, setLoads] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const query = casesQuery(filters);
  const list = usePagedList<Case>(
    JSON.stringify(query),
    async (cursor) =>
      unwrap(await api.GET("/api/v1/cases", { params: { query: { ...query, limit: pageSize, cursor } } })),
    loads,
  );
  const page = list.page;
  const selection = useSelection((page?.items ?? []).filter(closable).map(caseId));

  useEffect(() => {
    api
      .GET("/api/v1/dashboard/summary")
      .then((r) => setSummary(unwrap(r)))
      .catch(setError);
  }, [loads]);

  const exportHref = "/api/v1/cases/export" + queryString(query);
  const selectedCases = (page?.items ?? []).filter((item) => selection.selected.has(caseId(item)));
  const onClosed = (sentence: string) => {
    setNotice(sentence);
    setLoads((count) => count + 1);
  };

  return (
    <div className="dashboard">
      <ScreenHeading title="Case Management Dashboard">
        <a className="button" href={exportHref} download>
          Export CSV
        </a>
      </ScreenHeading>
      {summary && <SummaryCounts summary={summary} />}
      <DashboardFilters filters={filters} schools={schools} change={change} />
      <ErrorMessage error={error ?? list.error} />
      <StatusNotice notice={notice} />
      <section aria-labelledby="cases-heading" aria-busy={list.loading}>
        <h2 id="cases-heading" className="visually-hidden">
          Cases
        </h2>
        {page === null && <p className="loading">Loading cases…</p>}
        {page && page.items.length === 0 && (
          <p className="empty">
            No cases match these filters. Widen them (all schools, all grades, any trigger), or open a case from a
            student&apos;s profile.
          </p>
        )}
        {page && page.items.length > 0 && canClose && (
          <BulkClose cases={selectedCases} filters={filters} schools={schools} onClosed={onClosed} />
        )}
        {page && page.items.length > 0 && <CaseTable cases={page.items} selection={canClose ? selection : undefined} />}
        <Pager label="Pages of cases" paging={list.paging} nextCursor={page?.next} />
      </section>
      {summary && <SummaryCharts summary={summary} />}
    </div>
  );
}
