import type { APIRequestContext } from "@playwright/test";
import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";
import { sessionEnv } from "./users";

type Student = { id: number; name: string; local_id: string; grade: string };
type Page<T> = { items: T[] };
type CaseView = { id: number; is_open: boolean; opened_by: { kind: string }; student: { id: number } };
type Plan = { id: number; student: { id: number }; case_id: number | null; group_id: number | null };

// Plans open cases only where the district counts plan_created: make sure it does, keeping
// every trigger already chosen (other journeys rely on those).
async function countPlansAsTriggers(request: APIRequestContext): Promise<void> {
  const cookie = "trellis_session=" + process.env[sessionEnv("districtAdmin")];
  const me = await (await request.get("/api/v1/auth/me", { headers: { Cookie: cookie } })).json();
  const settings = await apiGet<{ enabled: boolean; open_case_on: string[] }>(
    request,
    "districtAdmin",
    "/api/v1/admin/case-management",
  );
  if (settings.enabled && settings.open_case_on.includes("plan_created")) return;
  const response = await request.put("/api/v1/admin/case-management", {
    headers: { Cookie: cookie, "X-CSRF-Token": me.csrf_token },
    data: { enabled: true, open_case_on: [...settings.open_case_on, "plan_created"] },
  });
  expect(response.status()).toBe(200);
}

// Three Riverside High seniors with no case at all (so a new plan must open one), from the
// end of the list: the journeys that read students take the first ones.
async function studentsWithoutCases(request: APIRequestContext, schoolId: number): Promise<Student[]> {
  const seniors = await apiGet<Page<Student>>(
    request,
    "highInterventionist",
    `/api/v1/students?school_id=${schoolId}&grade=12&limit=200`,
  );
  const chosen: Student[] = [];
  for (const student of seniors.items.reverse()) {
    const cases = await apiGet<Page<CaseView>>(request, "highInterventionist", `/api/v1/students/${student.id}/cases`);
    if (cases.items.length === 0 && student.local_id) chosen.push(student);
    if (chosen.length === 3) return chosen;
  }
  throw new Error("fewer than three Riverside High seniors without a case");
}

test("an interventionist adds several students to an intervention group: each gets a plan and an open case", async ({
  page,
  request,
}) => {
  await countPlansAsTriggers(request);
  const schools = await apiGet<Page<{ id: number; name: string }>>(request, "highInterventionist", "/api/v1/schools");
  const school = schools.items.find((item) => item.name === "Riverside High");
  if (!school) throw new Error("no Riverside High");
  const students = await studentsWithoutCases(request, school.id);
  const groupName = `Reading lab ${Date.now()} (browser test)`;

  // The groups list, then a new group; the server's messages appear next to their fields.
  await openAs(page, "highInterventionist", "/groups");
  await expect(page.getByRole("heading", { name: "Intervention Groups", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "New group" }).click();
  await expect(page.getByRole("heading", { name: "New intervention group" })).toBeVisible();
  await page.getByRole("button", { name: "Create group" }).click();
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  await name.fill(groupName);
  await page.getByLabel("Intervention", { exact: true }).fill("Small-group fluency");
  await page.getByLabel("School").selectOption({ label: "Riverside High" });
  await page.getByLabel("Area").selectOption("reading");
  await page.getByLabel("Tier").selectOption("2");
  await page.getByLabel("Schedule").fill("Tue/Thu 10:00–10:30");
  await page.getByLabel("Goal measure").fill("Words correct per minute");
  await page.getByLabel("Goal target").fill("120");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: `Group: ${groupName}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("created");
  const groupId = /\/groups\/(\d+)$/.exec(page.url())?.[1];
  if (!groupId) throw new Error("no group id in " + page.url());
  await expect(page.getByText("No students yet.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Tick three students found by separate searches; the ticks stay between searches.
  const search = page.getByLabel("Find by name or local id");
  for (const student of students) {
    await search.fill(student.local_id);
    await page.getByRole("checkbox", { name: new RegExp(student.local_id) }).check();
  }
  await expect(page.getByRole("heading", { name: "Chosen (3)" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Add 3 students to the group" }).click();
  await expect(page.getByRole("status")).toHaveText("Added 3 students: 3 plans made, 3 in an open case.");
  await expect(page.getByRole("heading", { name: "Members (3)" })).toBeVisible();
  const members = page.getByRole("region", { name: "Members list" });
  for (const student of students) await expect(members).toContainText(student.name);
  await expectNoAxeViolations(page);

  // The API agrees: each student has a group plan, and the plan opened the student's case.
  const plans = await apiGet<Page<Plan>>(request, "highInterventionist", `/api/v1/plans?group_id=${groupId}`);
  expect(plans.items.map((plan) => plan.student.id).sort()).toEqual(students.map((s) => s.id).sort());
  for (const plan of plans.items) {
    expect(plan.case_id).not.toBeNull();
    const found = await apiGet<CaseView>(request, "highInterventionist", `/api/v1/cases/${plan.case_id}`);
    expect(found.is_open).toBe(true);
    expect(found.opened_by.kind).toBe("plan_created");
  }

  // And so does the case page the status message links to.
  const first = students[0];
  if (!first) throw new Error("no student");
  await page.getByRole("link", { name: `case of ${first.name}` }).click();
  await expect(page.getByRole("heading", { name: `Case: ${first.name}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Why is this case open?" })).toBeVisible();
  await expect(page.locator(".why")).toContainText("Plan created");
  await expectNoAxeViolations(page);

  // Taking a student off the group, after asking, archives their group plan.
  const last = students[2];
  if (!last) throw new Error("no third student");
  await page.goBack();
  await page.getByRole("button", { name: `Remove ${last.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${last.name} from the group?` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Remove from the group" }).click();
  await expect(page.getByRole("status")).toHaveText(`${last.name} left the group; their group plan is archived.`);
  await expect(page.getByRole("heading", { name: "Members (2)" })).toBeVisible();
  const archived = plans.items.find((plan) => plan.student.id === last.id);
  const plan = await apiGet<{ status: string }>(request, "highInterventionist", `/api/v1/plans/${archived?.id}`);
  expect(plan.status).toBe("archived");

  // Editing the group: its schedule changes; the template note says plans already made stay.
  await page.getByRole("link", { name: "Edit group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Edit group");
  await expect(page.getByText("plans already made stay")).toBeVisible();
  await page.getByLabel("Schedule").fill("Tue/Thu 10:15–10:45 (edited)");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save group" }).click();
  await expect(page.getByRole("status")).toHaveText("Group saved.");
  await expect(page.locator(".case-header")).toContainText("Tue/Thu 10:15–10:45 (edited)");
  const edited = await apiGet<{ schedule: string }>(
    request,
    "highInterventionist",
    `/api/v1/intervention-groups/${groupId}`,
  );
  expect(edited.schedule).toBe("Tue/Thu 10:15–10:45 (edited)");
});
