// The Individual Student Case: who, status, manager, focus area, why it is open, and the
// tasks, meetings, plans, form responses and timeline events that belong to it; those who work the case change its
// status, close it with a reason and reopen it here (CaseActions).
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { api, unwrap, type CasePage } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded, type Loaded } from "../../components/useLoaded";
import { TimelineList } from "../../components/TimelineList";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate, formatDateTime } from "../../time";
import { gradeLabel, triggerLabel } from "../dashboard/labels";
import { areaLabel } from "../mtss/labels";
import { CaseActions, type OnCaseChanged } from "./CaseActions";

export function CaseScreen() {
  const { id } = useParams();
  // A screen that just changed this case (e.g. New task) leaves a sentence saying what it did.
  const arrivalNotice = (useLocation().state as { notice?: string } | null)?.notice;
  const [found, setFound] = useState<CasePage | null>(null);
  const [actionNotice, setActionNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(found ? `Case: ${found.student?.name ?? ""}` : "Case");

  useEffect(() => {
    setFound(null);
    setActionNotice(null);
    api
      .GET("/api/v1/cases/{id}", { params: { path: { id: Number(id) } } })
      .then((result) => setFound(unwrap(result)))
      .catch(setError);
  }, [id]);

  if (error) return <ErrorMessage error={error} />;
  if (!found) return <p className="loading">Loading the case…</p>;
  const notice = actionNotice ?? arrivalNotice;
  const onChanged: OnCaseChanged = (changed, sentence) => {
    setFound(changed);
    setActionNotice(sentence);
  };
  return (
    <article className="case">
      <p className="breadcrumb">
        <Link to="/cases">Case Management Dashboard</Link>
      </p>
      <h1>
        Case: <Link to={`/students/${found.student?.id}`}>{found.student?.name}</Link>
      </h1>
      <StatusNotice notice={notice} />
      <CaseHeader found={found} />
      <CaseActions caseId={Number(id)} found={found} onChanged={onChanged} />
      <Why found={found} />
      <div className="case-columns">
        <Tasks found={found} />
        <Meetings found={found} />
        <CasePlans caseId={Number(id)} studentId={found.student?.id} />
        <CaseResponses caseId={Number(id)} studentId={found.student?.id} />
      </div>
      <Timeline found={found} />
    </article>
  );
}

function CaseHeader({ found }: { found: CasePage }) {
  return (
    <dl className="case-header">
      <div>
        <dt>Status</dt>
        <dd>
          <span className={found.is_open ? "badge badge-open" : "badge"}>{found.status?.name}</span>
        </dd>
      </div>
      <div>
        <dt>School and grade</dt>
        <dd>
          {found.student?.school_name}, grade {gradeLabel(found.student?.grade)}
        </dd>
      </div>
      <div>
        <dt>Case manager</dt>
        <dd>{found.manager?.name ?? "Unassigned"}</dd>
      </div>
      <div>
        <dt>Focus area</dt>
        <dd>{found.focus_area?.name ?? "None yet"}</dd>
      </div>
      <div>
        <dt>Opened</dt>
        <dd>
          {formatDateTime(found.opened_at)} ({found.days_open} days)
        </dd>
      </div>
      {found.closed_at && (
        <div>
          <dt>Closed</dt>
          <dd>
            {formatDateTime(found.closed_at)}
            {found.close_reason ? `: ${found.close_reason.name}` : ""}
          </dd>
        </div>
      )}
    </dl>
  );
}

function Why({ found }: { found: CasePage }) {
  const event = found.why?.event;
  return (
    <section className="panel why" aria-labelledby="why-heading">
      <h2 id="why-heading">{found.is_open ? "Why is this case open?" : "Why was this case opened?"}</h2>
      <p>
        Opened by: <strong>{triggerLabel(found.opened_by?.kind)}</strong>
        {found.why?.rule ? ` (${found.why.rule})` : ""}
      </p>
      {event && (
        <p>
          {event.summary}, {formatDateTime(event.at)}
          {event.actor?.name ? `, by ${event.actor.name}` : ""}
        </p>
      )}
    </section>
  );
}

function Tasks({ found }: { found: CasePage }) {
  const tasks = found.task_list ?? [];
  return (
    <section className="panel" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">
        Tasks ({found.tasks?.done ?? 0}/{found.tasks?.total ?? 0} done)
      </h2>
      <p>
        <Link to={`/tasks/new?student_id=${found.student?.id}`}>Assign a task</Link>
      </p>
      {tasks.length === 0 ? (
        <p className="empty">No tasks yet.</p>
      ) : (
        <ul className="plain-list">
          {tasks.map((task) => (
            <li key={task.id}>
              <Link to={`/tasks/${task.id}`}>{task.title}</Link> · {task.status}
              {task.due_date ? ` · due ${formatDate(task.due_date + "T12:00:00Z")}` : ""}
              {task.assignee?.name ? ` · ${task.assignee.name}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Meetings({ found }: { found: CasePage }) {
  const meetings = found.meetings ?? [];
  return (
    <section className="panel" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      {meetings.length === 0 ? (
        <p className="empty">No meetings yet.</p>
      ) : (
        <ul className="plain-list">
          {meetings.map((meeting) => (
            <li key={meeting.id}>
              <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link> · {formatDateTime(meeting.starts_at)} ·{" "}
              {meeting.status}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// The student's plans and form responses that opened or joined this case (each carries its
// case_id). A student has a handful of each, so one page of the student's list is filtered here.
function useOfCase<T extends { case_id?: number | null }>(caseId: number, load: () => Promise<T[]>): Loaded<T[]> {
  return useLoaded(async () => (await load()).filter((item) => item.case_id === caseId), [caseId]);
}

interface OfCaseProps {
  caseId: number;
  studentId: number | undefined;
}

function CasePlans({ caseId, studentId }: OfCaseProps) {
  const plans = useOfCase(caseId, async () =>
    studentId
      ? (unwrap(await api.GET("/api/v1/plans", { params: { query: { student_id: studentId, limit: 100 } } })).items ??
        [])
      : [],
  );
  return (
    <section className="panel" aria-labelledby="case-plans-heading">
      <h2 id="case-plans-heading">Plans</h2>
      <ErrorMessage error={plans.error} />
      {plans.data === null && !plans.error && <p className="loading">Loading plans…</p>}
      {plans.data?.length === 0 && <p className="empty">No plan belongs to this case.</p>}
      {plans.data && plans.data.length > 0 && (
        <ul className="plain-list">
          {plans.data.map((plan) => (
            <li key={plan.id}>
              <Link to={`/plans/${plan.id}`}>
                {[areaLabel(plan.area), plan.skill].filter(Boolean).join(": ") || "Plan"}
              </Link>{" "}
              · Tier {plan.tier} · {plan.status}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CaseResponses({ caseId, studentId }: OfCaseProps) {
  const responses = useOfCase(caseId, async () =>
    studentId
      ? (unwrap(
          await api.GET("/api/v1/students/{id}/form-responses", {
            params: { path: { id: studentId }, query: { limit: 100 } },
          }),
        ).items ?? [])
      : [],
  );
  return (
    <section className="panel" aria-labelledby="case-responses-heading">
      <h2 id="case-responses-heading">Form responses</h2>
      <ErrorMessage error={responses.error} />
      {responses.data === null && !responses.error && <p className="loading">Loading form responses…</p>}
      {responses.data?.length === 0 && <p className="empty">No form response belongs to this case.</p>}
      {responses.data && responses.data.length > 0 && (
        <ul className="plain-list">
          {responses.data.map((response) => (
            <li key={response.id}>
              <Link to={`/responses/${response.id}`}>{response.form?.name}</Link> ·{" "}
              {formatDateTime(response.submitted_at)}
              {response.submitted_by?.name ? ` · ${response.submitted_by.name}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Timeline({ found }: { found: CasePage }) {
  const events = found.timeline ?? [];
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {events.length === 0 ? <p className="empty">Nothing recorded yet.</p> : <TimelineList events={events} />}
    </section>
  );
}
