// One task: what it is, for which student and case, who does it, when it is due and its
// status; complete it (or reopen a completed one), move its due date, and its notes.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError, api, unwrap, type Task } from "../../api/client";
import { can } from "../../access";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Fact } from "../../components/Fact";
import { NotFound } from "../../components/NotFound";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../time";
import { TaskActions } from "./TaskActions";
import { TaskDue } from "./TaskDue";
import { TaskNotes } from "./TaskNotes";
import { taskStatusLabel } from "./taskStatus";

export function TaskScreen() {
  const taskId = Number(useParams().id);
  const [notice, setNotice] = useState<string | null>(null);
  const loaded = useLoaded(
    async () => unwrap(await api.GET("/api/v1/tasks/{id}", { params: { path: { id: taskId } } })),
    [taskId],
  );
  const task = loaded.data;
  const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
  usePageTitle(notFound ? "Task not found" : task ? `Task: ${task.title}` : "Task");

  if (notFound) return <TaskNotFound />;
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!task) return <p className="loading">Loading the task…</p>;
  const onChanged = (sentence: string) => {
    setNotice(sentence);
    loaded.reload();
  };
  return (
    <article className="task-page">
      <p className="breadcrumb">
        <Link to="/tasks">My tasks</Link>
      </p>
      <h1>Task: {task.title}</h1>
      <StatusNotice notice={notice} />
      <TaskFacts task={task} />
      {task.description && <p className="task-description">{task.description}</p>}
      <TaskActions task={task} onChanged={onChanged} />
      <TaskNotes taskId={taskId} mayAdd={can(task, "task.complete")} onAdded={() => onChanged("Note added.")} />
    </article>
  );
}

function TaskFacts({ task }: { task: Task }) {
  return (
    <dl className="case-header">
      <Fact label="Status">
        <span className={task.status === "completed" ? "badge" : "badge badge-open"}>
          {taskStatusLabel(task.status)}
        </span>
        {task.completed_at && ` ${formatDateTime(task.completed_at)}`}
      </Fact>
      <Fact label="Student">
        <Link to={`/students/${task.student?.id}`}>{task.student?.name}</Link>
      </Fact>
      <Fact label="Case">{task.case_id ? <Link to={`/cases/${task.case_id}`}>Open the case</Link> : "No case"}</Fact>
      <Fact label="Assigned to">{task.assignee?.name}</Fact>
      <Fact label="Assigned by">
        {task.created_by?.name ?? "Unknown"}, {formatDateTime(task.created_at)}
      </Fact>
      <Fact label="Due">
        <TaskDue task={task} />
      </Fact>
    </dl>
  );
}

function TaskNotFound() {
  return (
    <NotFound title="Task not found">
      There is no task here that you may see. Your open tasks are under <Link to="/tasks">My tasks</Link>.
    </NotFound>
  );
}
