// One roster import run: while it is queued or running the page asks the server every second
// and shows how far it has got (files, rows, bytes); then the summary per kind of record and
// the row-level report (file, line, column, what is wrong), a page at a time.
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { ScrollTable } from "../../components/ScrollTable";
import { usePagedList } from "../../components/usePagedList";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../time";

type ImportRun = Schemas["ImportRun"];
type Problem = Schemas["ImportProblem"];

const pollMilliseconds = 1000;
const reportPageSize = 50;

function isUnderway(run: ImportRun | null): boolean {
  return run?.status === "queued" || run?.status === "running";
}

// The run, asked for again every second until it has finished.
function useImportRun(id: number): [ImportRun | null, unknown] {
  const [run, setRun] = useState<ImportRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const found = unwrap(
          await api.GET("/api/v1/admin/imports/{id}", { params: { path: { id }, query: { limit: 1 } } }),
        );
        if (!current) return;
        setRun(found);
        if (isUnderway(found)) timer = setTimeout(load, pollMilliseconds);
      } catch (failure) {
        if (current) setError(failure);
      }
    };
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id]);
  return [run, error];
}

export function ImportRunScreen() {
  const id = Number(useParams().id);
  usePageTitle(`Roster import ${id}`);
  const [run, error] = useImportRun(id);
  return (
    <article className="import-run">
      <p className="breadcrumb">
        <Link to="/admin/imports">Roster import</Link>
      </p>
      <h1>Roster import {id}</h1>
      <ErrorMessage error={error} />
      {!run && !error && <p className="loading">Loading the import…</p>}
      {run && <RunHeader run={run} />}
      {run && isUnderway(run) && <RunProgress run={run} />}
      {run && run.summary && <RunSummary run={run} />}
      {run && !isUnderway(run) && <ProblemReport id={id} total={(run.errors ?? 0) + (run.warnings ?? 0)} />}
    </article>
  );
}

const statusWords: Record<string, string> = {
  queued: "Waiting to start",
  running: "Importing",
  succeeded: "Finished",
  failed: "Failed: nothing was imported",
};

function RunHeader({ run }: { run: ImportRun }) {
  return (
    <>
      <p role="status" className={run.status === "failed" ? "run-status run-failed" : "run-status"}>
        {statusWords[run.status ?? ""] ?? run.status}
      </p>
      <dl className="case-header">
        <div>
          <dt>File</dt>
          <dd>{run.source}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{run.mode === "lenient" ? "Lenient (good rows imported)" : "Strict (all or nothing)"}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{run.started_at ? formatDateTime(run.started_at) : "Not yet"}</dd>
        </div>
        {run.finished_at && (
          <div>
            <dt>Finished</dt>
            <dd>{formatDateTime(run.finished_at)}</dd>
          </div>
        )}
        {run.error && (
          <div>
            <dt>Why it failed</dt>
            <dd>{run.error}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

function RunProgress({ run }: { run: ImportRun }) {
  const progress = run.progress ?? {};
  const total = progress.bytes_total ?? 0;
  const done = progress.bytes_done ?? 0;
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <section className="panel" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <div className="progress-line">
        <label htmlFor="import-progress">
          {total ? `${percent}% read` : "Starting"}
          {progress.file ? `: ${progress.file}` : ""}
        </label>
        <progress id="import-progress" max={total || undefined} value={total ? done : undefined}>
          {percent}%
        </progress>
      </div>
      <p>
        File {progress.files_done ?? 0} of {progress.files_total ?? "?"},{" "}
        {(progress.rows_done ?? 0).toLocaleString("en-US")} rows so far.
      </p>
    </section>
  );
}

const countColumns = ["created", "updated", "deactivated", "unchanged", "rejected"] as const;

function countTitle(column: string): string {
  return column.charAt(0).toUpperCase() + column.slice(1);
}

function RunSummary({ run }: { run: ImportRun }) {
  const summary = run.summary;
  if (!summary) return null;
  const entities = Object.entries(summary.entities ?? {});
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <p>
        {(summary.rows ?? 0).toLocaleString("en-US")} rows in {(summary.seconds ?? 0).toFixed(1)} s (
        {Math.round(summary.rows_per_second ?? 0).toLocaleString("en-US")} rows a second), {summary.errors ?? 0} errors,{" "}
        {summary.warnings ?? 0} warnings. OneRoster {summary.version}.
      </p>
      <ScrollTable label="Records by kind" columns={["Kind", ...countColumns.map(countTitle)]}>
        {entities.map(([kind, counts]) => (
          <tr key={kind}>
            <th scope="row">{kind}</th>
            {countColumns.map((column) => (
              <td key={column} className="number">
                {(counts[column] ?? 0).toLocaleString("en-US")}
              </td>
            ))}
          </tr>
        ))}
      </ScrollTable>
    </section>
  );
}

function ProblemReport({ id, total }: { id: number; total: number }) {
  const { page, error, paging } = usePagedList<Problem>(String(id), async (cursor) => {
    const problems = unwrap(
      await api.GET("/api/v1/admin/imports/{id}", {
        params: { path: { id }, query: { limit: reportPageSize, cursor } },
      }),
    ).problems;
    return { items: problems?.items ?? [], next_cursor: problems?.next_cursor ?? null };
  });
  if (total === 0) {
    return <p className="empty">Every row was read without a problem.</p>;
  }
  return (
    <section className="panel" aria-labelledby="report-heading">
      <h2 id="report-heading">Problems ({total.toLocaleString("en-US")})</h2>
      <ErrorMessage error={error} />
      {page === null && <p className="loading">Loading the report…</p>}
      {page && (
        <ScrollTable
          label="Row-level report"
          columns={["Severity", "File", "Line", "Column", "Field", "What is wrong"]}
        >
          {page.items.map((problem) => (
            <tr key={problem.id}>
              <td>{problem.severity}</td>
              <td>{problem.file || "the export"}</td>
              <td>{problem.line || ""}</td>
              <td>{problem.column || ""}</td>
              <td>{problem.field}</td>
              <td>{problem.reason}</td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <Pager label="Pages of the report" paging={paging} nextCursor={page?.next} />
    </section>
  );
}
