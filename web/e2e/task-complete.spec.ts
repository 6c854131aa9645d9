import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Me = { user: { id: number; name: string } };
type Cases = { items: { id: number; student: { id: number; name: string; local_id: string } }[] };
type CaseView = { tasks: { done: number; total: number } };

test("a counselor assigns a task to a teacher, the teacher completes it from My tasks, and the case's task progress on the dashboard changes", async ({
  page,
  request,
}) => {
  // A teacher at the counselor's school: the staff directory offers the colleagues of one's schools.
  const teacher = (await apiGet<Me>(request, "middleTeacher", "/api/v1/auth/me")).user;
  // An old open case of the counselor's: other journeys work the newest ones.
  const oldest = await apiGet<Cases>(request, "middleCounselor", "/api/v1/cases?sort=oldest&limit=6");
  const theCase = oldest.items[3];
  if (!theCase) throw new Error("the counselor has too few open cases");
  const title = `Check reading log with the family (browser test ${Date.now()})`;

  // The dashboard row's progress, read as the counselor sees it.
  const caseRow = page.getByRole("region", { name: "Cases" }).locator("tbody tr", {
    has: page.locator(`a[href="/cases/${theCase.id}"]`),
  });
  const rowProgress = async () => {
    await openAs(page, "middleCounselor", `/cases?q=${theCase.student.local_id}`);
    await expect(caseRow).toBeVisible();
    // The Tasks cell, the one that says "done" (the row may start with a box to tick).
    const cell = caseRow.getByRole("cell").filter({ hasText: /\d+\/\d+ done/ });
    const text = (await cell.count()) > 0 ? ((await cell.textContent()) ?? "") : "";
    const match = /(\d+)\/(\d+) done/.exec(text);
    return match ? { done: Number(match[1]), total: Number(match[2]) } : { done: 0, total: 0 };
  };
  const before = await rowProgress();

  // The counselor assigns the task to the teacher from the case page's "Assign a task", choosing
  // the teacher in the staff directory. Due long ago: first in My tasks, and marked overdue.
  await openAs(page, "middleCounselor", `/cases/${theCase.id}`);
  await page.getByRole("link", { name: "Assign a task" }).click();
  await expect(page.getByRole("heading", { name: "New task" })).toBeVisible();
  await expect(page.getByText(theCase.student.name)).toBeVisible();
  await page.getByLabel("Assign to").selectOption({ label: teacher.name });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Due date").fill("2024-09-03");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Assign task" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${theCase.id}$`));
  await expect(page.getByRole("region", { name: /Tasks/ })).toContainText(title);
  await expect(page.getByRole("region", { name: /Tasks/ })).toContainText(teacher.name);
  expect(await rowProgress()).toEqual({ done: before.done, total: before.total + 1 });
  await expectNoAxeViolations(page);

  // The teacher finds it under My tasks, overdue, and completes it there.
  await openAs(page, "middleTeacher");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My tasks" }).click();
  await expect(page.getByRole("heading", { name: "My tasks", level: 1 })).toBeVisible();
  const openTasks = page.getByRole("region", { name: "Open tasks" });
  const openRow = openTasks.getByRole("row").filter({ hasText: title });
  await expect(openRow).toContainText(theCase.student.name);
  await expect(openRow).toContainText("Sep 3, 2024");
  await expect(openRow).toContainText("Overdue");
  await expectNoAxeViolations(page);
  await openRow.getByRole("button", { name: `Complete: ${title}` }).click();
  await expect(page.getByRole("status")).toHaveText(`Task “${title}” is done.`);
  await expect(openTasks.getByText(title)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Open", level: 2 })).toBeFocused();
  const doneRow = page.getByRole("region", { name: "Done tasks" }).getByRole("row").filter({ hasText: title });
  await expect(doneRow).toContainText("Done");
  await expectNoAxeViolations(page);

  // The task page says it is done, offers to reopen it, and takes a note.
  await doneRow.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Task: ${title}`);
  await expect(page.locator(".case-header")).toContainText("Done");
  await expect(page.getByRole("link", { name: "Open the case" })).toHaveAttribute("href", `/cases/${theCase.id}`);
  await expect(page.getByRole("button", { name: "Reopen task" })).toBeVisible();
  await page.getByRole("button", { name: "Add note" }).click();
  const noteBox = page.getByLabel("New note");
  await expect(noteBox).toHaveAttribute("aria-invalid", "true");
  await noteBox.fill("Talked with the family; the log is back on track.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("status")).toHaveText("Note added.");
  await expect(page.getByRole("region", { name: "Notes" })).toContainText("the log is back on track");
  await expect(page.getByRole("region", { name: "Notes" })).toContainText(teacher.name);
  await expectNoAxeViolations(page);
  // A done task's due date can still move; the page says so and shows the new day.
  await page.getByRole("textbox", { name: "Due date" }).fill("2030-06-01");
  await page.getByRole("button", { name: "Change due date" }).click();
  await expect(page.getByRole("status")).toHaveText("Due date moved to Jun 1, 2030.");
  await expect(page.locator(".case-header")).toContainText("Jun 1, 2030");

  // The dashboard's row and the API count it done.
  expect(await rowProgress()).toEqual({ done: before.done + 1, total: before.total + 1 });
  const view = await apiGet<CaseView>(request, "middleCounselor", `/api/v1/cases/${theCase.id}`);
  expect(view.tasks).toEqual(expect.objectContaining({ done: before.done + 1, total: before.total + 1 }));
});
