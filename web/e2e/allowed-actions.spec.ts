import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Cases = { items: { id: number; student: { id: number; name: string } }[] };
type Plans = { items: { id: number; student: { id: number } }[] };

// The controls follow each record's allowed_actions (the access policy), not the user's roles
// guessed in the browser: on the same student, a case and a plan, a teacher who sees the student
// through their class may assign a task but not close the case or edit the plan; the school's
// counselor may do all of it. Nothing is changed here (other journeys share the server).
test("a teacher sees no case-closing or plan-editing controls on a student of their class, and the counselor does", async ({
  page,
  request,
}) => {
  // A student of the teacher's classes with an open case and an active plan: the oldest case
  // (other journeys close and reopen newer ones).
  const cases = await apiGet<Cases>(request, "middleTeacher", "/api/v1/cases?sort=oldest&limit=100");
  const plans = await apiGet<Plans>(request, "middleTeacher", "/api/v1/plans?status=active&limit=100");
  const found = cases.items.find((item) => plans.items.some((plan) => plan.student.id === item.student.id));
  const plan = plans.items.find((item) => item.student.id === found?.student.id);
  if (!found || !plan) throw new Error("no student of the teacher's classes with an open case and a plan");
  const student = found.student;

  // The teacher: the profile offers a task and a form response, not a plan or the access log.
  await openAs(page, "middleTeacher", `/students/${student.id}`);
  await expect(page.getByRole("heading", { name: student.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Assign a task" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Fill in a form" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New plan" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Access log" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // No case-working controls, and no boxes or bulk close on the dashboard.
  await page.goto(`/cases/${found.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Case: ${student.name}`);
  await expect(page.getByRole("heading", { name: "Work this case" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Close case…" })).toHaveCount(0);
  await page.goto("/cases");
  await expect(page.getByRole("region", { name: "Cases" }).locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Close selected…" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  // No plan-editing controls.
  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByRole("heading", { name: "Progress monitoring" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit plan" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "New review" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The counselor of the student's school, on the same records, has them all.
  await openAs(page, "middleCounselor", `/students/${student.id}`);
  await expect(page.getByRole("heading", { name: student.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New plan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Assign a task" })).toBeVisible();
  await page.goto(`/cases/${found.id}`);
  await expect(page.getByRole("heading", { name: "Work this case" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Close case…" })).toBeVisible();
  await expect(page.getByLabel("Case status", { exact: true })).toBeVisible();
  await page.goto("/cases");
  await expect(page.getByRole("button", { name: "Close selected…" })).toBeVisible();
  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByRole("link", { name: "Edit plan" })).toBeVisible();
  await expect(page.getByRole("form", { name: "New review" })).toBeVisible();
  await expectNoAxeViolations(page);
});
