// The student's records that other screens work on, each a short list linking to its own
// page: cases, plans, tasks, meetings and form responses.
import { Link } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ListSection } from "../../components/ListSection";
import { usePagedList } from "../../components/usePagedList";
import { formatCalendarDate, formatDate, formatDateTime } from "../../time";
import { triggerLabel } from "../dashboard/labels";
import { TaskTable } from "../tasks/TaskTable";
import { areaLabel } from "../mtss/labels";
import { PlanProgress } from "./PlanProgress";

const pageSize = 10;

export function StudentCases({ studentId, uploads }: { studentId: number; uploads: number }) {
  // The API answers a student's cases whole (no paging).
  const list = usePagedList(JSON.stringify([studentId, uploads]), async () =>
    unwrap(await api.GET("/api/v1/students/{id}/cases", { params: { path: { id: studentId } } })),
  );
  return (
    <ListSection
      title="Cases"
      list={list}
      empty="No case yet. One opens when staff do something for the student that the district counts, such as a referral."
      render={(cases) => (
        <ul className="plain-list">
          {cases.map((item) => (
            <li key={item.id}>
              <Link to={`/cases/${item.id}`}>Case opened {formatDate(item.opened_at)}</Link>{" "}
              <span className={item.is_open ? "badge badge-open" : "badge"}>{item.status?.name}</span>
              <span className="muted">
                {" "}
                · {triggerLabel(item.opened_by?.kind)} · tasks {item.tasks?.done ?? 0}/{item.tasks?.total ?? 0} done
              </span>
            </li>
          ))}
        </ul>
      )}
    />
  );
}

export function StudentPlans({ studentId, mayCreate }: { studentId: number; mayCreate: boolean }) {
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(await api.GET("/api/v1/plans", { params: { query: { student_id: studentId, limit: pageSize, cursor } } })),
  );
  return (
    <ListSection
      title="Plans"
      list={list}
      className="student-plans"
      tools={
        mayCreate && (
          <p>
            <Link to={`/plans/new?student_id=${studentId}`}>New plan</Link>
          </p>
        )
      }
      empty={mayCreate ? "No MTSS plan yet. Create one with New plan." : "No MTSS plan yet."}
      render={(plans) => (
        <ul className="plan-list">
          {plans.map((plan) => (
            <li key={plan.id}>
              <h3>
                <Link to={`/plans/${plan.id}`}>
                  {areaLabel(plan.area)} plan, tier {plan.tier}
                </Link>
              </h3>
              <p>
                {plan.status === "archived" ? "Archived" : "Active"}
                {plan.owner?.name && ` · owner ${plan.owner.name}`}
                {plan.skill && ` · skill: ${plan.skill}`}
              </p>
              <p>
                Goal: {plan.goal?.measure || "not set"}
                {plan.goal?.baseline != null && `, from ${plan.goal.baseline}`}
                {plan.goal?.target != null && ` to ${plan.goal.target}`}
                {plan.goal?.target_date && ` by ${formatCalendarDate(plan.goal.target_date)}`}
              </p>
              {plan.id && (
                <PlanProgress
                  planId={plan.id}
                  caption={`Progress of the ${areaLabel(plan.area)} plan: ${plan.goal?.measure || "score"}, with the aim line and the trend`}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    />
  );
}

export function StudentTasks({ studentId, mayAssign }: { studentId: number; mayAssign: boolean }) {
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/tasks", {
        params: { query: { student_id: studentId, status: "all", limit: pageSize, cursor } },
      }),
    ),
  );
  return (
    <ListSection
      title="Tasks"
      list={list}
      tools={
        mayAssign && (
          <p>
            <Link to={`/tasks/new?student_id=${studentId}`}>Assign a task</Link>
          </p>
        )
      }
      empty="No tasks for this student yet."
      render={(tasks) => <TaskTable tasks={tasks} label="The student's tasks" showStudent={false} />}
    />
  );
}

export function StudentMeetings({ studentId }: { studentId: number }) {
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/meetings", { params: { query: { student_id: studentId, limit: pageSize, cursor } } }),
    ),
  );
  return (
    <ListSection
      title="Meetings"
      list={list}
      empty="No meetings with this student. Schedule one with + New > Meeting."
      render={(meetings) => (
        <ul className="plain-list">
          {meetings.map((meeting) => (
            <li key={meeting.id}>
              <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>{" "}
              <span className="muted">
                · <time dateTime={meeting.starts_at}>{formatDateTime(meeting.starts_at)}</time>
                {meeting.location && ` · ${meeting.location}`}
              </span>
              {meeting.status === "cancelled" && <span className="badge badge-warn">Cancelled</span>}
            </li>
          ))}
        </ul>
      )}
    />
  );
}

export function StudentFormResponses({ studentId, mayRespond }: { studentId: number; mayRespond: boolean }) {
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/students/{id}/form-responses", {
        params: { path: { id: studentId }, query: { limit: pageSize, cursor } },
      }),
    ),
  );
  return (
    <ListSection
      title="Form responses"
      list={list}
      tools={
        mayRespond && (
          <p>
            <Link to={`/forms/respond?student=${studentId}`}>Fill in a form</Link>
          </p>
        )
      }
      empty="No form responses about this student."
      render={(responses) => (
        <ul className="plain-list">
          {responses.map((response) => (
            <li key={response.id}>
              <Link to={`/responses/${response.id}`}>{response.form?.name ?? "Form response"}</Link>{" "}
              <span className="muted">
                · <time dateTime={response.submitted_at}>{formatDateTime(response.submitted_at)}</time>
                {response.submitted_by?.name && ` · ${response.submitted_by.name}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    />
  );
}
