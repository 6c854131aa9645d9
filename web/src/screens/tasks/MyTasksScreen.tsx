// "My tasks": the user's open tasks (soonest due first, overdue ones marked) with a button to
// complete each, and the ones already done. Completing moves a task from one list to the
// other, and the case's task progress on the dashboard counts it.
import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { api, unwrap, type Task } from "../../api/client";
import { can } from "../../access";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ListSection } from "../../components/ListSection";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { usePagedList } from "../../components/usePagedList";
import { useSubmit } from "../../components/useSubmit";
import { TaskTable } from "./TaskTable";
import { changeTaskStatus } from "./taskStatus";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

export function MyTasksScreen() {
  usePageTitle("My tasks");
  const [notice, setNotice] = useState<string | null>(null);
  // The completed task's row goes away with its button: focus goes to the list's heading.
  const openHeading = useRef<HTMLHeadingElement>(null);
  const open = usePagedList(JSON.stringify([]), async (cursor) =>
    unwrap(await api.GET("/api/v1/tasks/mine", { params: { query: { limit: pageSize, cursor } } })),
  );
  const done = usePagedList(JSON.stringify([]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/tasks", {
        params: { query: { assignee_id: "me", status: "completed", limit: pageSize, cursor } },
      }),
    ),
  );
  const completing = useSubmit(async (task: Task) => {
    const completed = await changeTaskStatus(task.id ?? 0, "completed");
    setNotice(`Task “${completed.title}” is done.`);
    open.reload();
    done.reload();
    openHeading.current?.focus();
  });

  const completeButton = (task: Task) =>
    can(task, "task.complete") && (
      <button
        type="button"
        aria-label={`Complete: ${task.title}`}
        disabled={completing.busy}
        onClick={() => void completing.run(task)}
      >
        Complete
      </button>
    );

  return (
    <div className="my-tasks">
      <ScreenHeading title="My tasks">
        <Link className="button" to="/tasks/new">
          New task
        </Link>
      </ScreenHeading>
      <StatusNotice notice={notice} />
      <ErrorMessage error={completing.error} />
      <ListSection
        title="Open"
        list={open}
        headingRef={openHeading}
        empty="You have no open tasks. Tasks assigned to you appear here, soonest due first; assign one with + New > Task."
        render={(tasks) => <TaskTable tasks={tasks} label="Open tasks" showAssignee={false} action={completeButton} />}
      />
      <ListSection
        title="Done"
        list={done}
        empty="No task of yours is done yet."
        render={(tasks) => <TaskTable tasks={tasks} label="Done tasks" showAssignee={false} />}
      />
    </div>
  );
}
