// How you hear of things: a teacher turns "A task is assigned to you" off, and the next task
// assigned to them makes no notification; back at the district's default, the next one shows
// on Notifications. The server's message for a value it refuses shows next to its kind. The
// teacher is the middle school's: task-complete.spec.ts assigns them a task but reads no
// notification, and no other journey counts theirs. Their choice goes back to the district's
// default at the end, also when a step fails (afterAll).
import type { APIRequestContext } from "@playwright/test";
import { apiGet, apiPost, apiPut, expect, expectFieldMessage, expectNoAxeViolations, openAs, test } from "./fixtures";

type Delivery = "immediately" | "digest" | "app" | "off";
type Me = { user: { id: number; name: string } };
type Students = { items: { id: number }[] };
type Preference = { kind: string; label: string; delivery: Delivery; district_default: Delivery; chosen: boolean };
type Preferences = { items: Preference[] };
type Notifications = { items: { title: string }[] };

const preferencesPath = "/api/v1/notifications/preferences";
const deliveryLabels: Record<Delivery, string> = {
  immediately: "E-mail and app",
  digest: "Morning digest",
  app: "App only",
  off: "Off",
};

async function taskAssigned(request: APIRequestContext): Promise<Preference> {
  const row = (await apiGet<Preferences>(request, "middleTeacher", preferencesPath)).items.find(
    (item) => item.kind === "task_assigned",
  );
  if (!row) throw new Error("no task_assigned preference");
  return row;
}

// The teacher's latest notifications' titles, from the API.
async function notifiedTitles(request: APIRequestContext): Promise<string[]> {
  const page = await apiGet<Notifications>(request, "middleTeacher", "/api/v1/notifications?limit=100");
  return page.items.map((item) => item.title);
}

test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: process.env.TRELLIS_E2E_URL });
  try {
    await apiPut(request, "middleTeacher", preferencesPath, { preferences: { task_assigned: null } });
  } finally {
    await request.dispose();
  }
});

test("a teacher turns task assignments off and hears of none; back at the district default, the next one shows", async ({
  page,
  request,
}) => {
  const teacher = (await apiGet<Me>(request, "middleTeacher", "/api/v1/auth/me")).user;
  const student = (await apiGet<Students>(request, "middleTeacher", "/api/v1/students?limit=1")).items[0];
  if (!student) throw new Error("the teacher sees no student");
  const row = await taskAssigned(request);
  expect(row.chosen, "the teacher starts at the district's default").toBe(false);
  const districtDefault = `District default (${deliveryLabels[row.district_default]})`;
  const assign = (title: string) =>
    apiPost<{ id: number }>(request, "districtAdmin", "/api/v1/tasks", {
      student_id: student.id,
      assignee_id: teacher.id,
      title,
    });

  await openAs(page, "middleTeacher", "/notifications");
  await page.getByRole("link", { name: "How you hear of things" }).click();
  await expect(page).toHaveURL(/\/notifications\/settings$/);
  await expect(page.getByRole("heading", { name: "How you hear of things", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("How you hear of things · Trellis");
  await expect(page.getByText("Trellis puts no student's name in e-mails.")).toBeVisible();
  const form = page.getByRole("form", { name: "How you hear of things" });
  const group = form.getByRole("radiogroup", { name: row.label });
  const radio = (name: string) => group.getByRole("radio", { name, exact: true });
  await expect(radio(districtDefault)).toBeChecked();
  for (const label of Object.values(deliveryLabels)) await expect(radio(label)).not.toBeChecked();
  await expectNoAxeViolations(page);

  // A value no radio offers (put into the page's own request): the server's message shows
  // next to the kind it names, and nothing changes.
  const rewrite = "**/api/v1/notifications/preferences";
  await page.route(rewrite, async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    const body = route.request().postDataJSON() as { preferences: Record<string, Delivery | null> };
    const preferences = { ...body.preferences, task_assigned: "by carrier pigeon" };
    await route.continue({ postData: JSON.stringify({ preferences }) });
  });
  await radio("Off").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toHaveText("Some fields are not valid.");
  await expectFieldMessage(group, 'Expected "immediately", "digest", "app", "off" or null.');
  await expectNoAxeViolations(page);
  expect((await taskAssigned(request)).chosen).toBe(false);
  await page.unroute(rewrite);

  // Off, saved: the sentence says so, the group is valid again, and it stays after a reload.
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText(`Saved. ${row.label}: Off.`);
  await expect(group).not.toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toHaveCount(0);
  expect(await taskAssigned(request)).toMatchObject({ delivery: "off", chosen: true });
  await page.reload();
  await expect(radio("Off")).toBeChecked();

  // A task assigned now makes no notification.
  const quiet = `Sort the reading folders (browser test ${Date.now()}, while off)`;
  await assign(quiet);
  expect(await notifiedTitles(request)).not.toContain(quiet);
  await page.getByRole("link", { name: "Back to Notifications" }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: quiet })).toHaveCount(0);

  // Back at the district's default, the next task assigned shows.
  await page.getByRole("link", { name: "How you hear of things" }).click();
  await radio(districtDefault).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText(`Saved. ${row.label}: ${districtDefault}.`);
  expect(await taskAssigned(request)).toMatchObject({ delivery: row.district_default, chosen: false });
  await expectNoAxeViolations(page);

  const heard = `Sort the reading folders (browser test ${Date.now()}, back on)`;
  const task = await assign(heard);
  expect(await notifiedTitles(request)).toContain(heard);
  await page.getByRole("link", { name: "Back to Notifications" }).click();
  const item = page.getByRole("listitem").filter({ hasText: heard });
  await expect(item).toContainText("Unread");
  await expect(item).toContainText(`assigned you a task: ${heard}`);
  await expect(item.getByRole("link", { name: heard })).toHaveAttribute("href", `/tasks/${task.id}`);
  await expect(page.getByRole("listitem").filter({ hasText: quiet })).toHaveCount(0);
});
