// Completing and reopening a task: the one PATCH both the task list and the task page use.
import { api, unwrap, type Task } from "../../api/client";

export type TaskStatus = "open" | "completed";

export async function changeTaskStatus(taskId: number, status: TaskStatus): Promise<Task> {
  return unwrap(await api.PATCH("/api/v1/tasks/{id}", { params: { path: { id: taskId } }, body: { status } }));
}

export function taskStatusLabel(status: string | undefined): string {
  return status === "completed" ? "Done" : "Open";
}
