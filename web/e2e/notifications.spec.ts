// Notifications: the bell in the top bar counts the unread ones, the Notifications screen says
// who did what with a link to it, opening one marks it read, and "Mark all read" clears the
// bell. The district administrator acts through the API; the teacher (whom no other journey
// notifies) reads in the browser. Both journeys count the same teacher's notifications, so
// they run one after the other.
import type { APIRequestContext, Page } from "@playwright/test";
import { apiGet, apiPost, expect, expectNoAxeViolations, openAs, test } from "./fixtures";
import { sessionEnv } from "./users";

test.describe.configure({ mode: "serial" });

type Me = { user: { id: number; name: string } };
type Students = { items: { id: number }[] };
type Unread = { unread_count: number };

function bellName(count: number): string {
  return count > 0 ? `Notifications, ${count} unread` : "Notifications, none unread";
}

function bell(page: Page) {
  return page.getByRole("banner").getByRole("link", { name: /^Notifications/ });
}

async function teacherUnread(request: APIRequestContext): Promise<number> {
  return (await apiGet<Unread>(request, "highTeacher", "/api/v1/notifications/unread-count")).unread_count;
}

// The district administrator cancels a meeting (a PATCH, which fixtures.ts has no helper for).
async function cancelMeeting(request: APIRequestContext, id: number): Promise<void> {
  const cookie = { Cookie: "trellis_session=" + process.env[sessionEnv("districtAdmin")] };
  const me = (await (await request.get("/api/v1/auth/me", { headers: cookie })).json()) as { csrf_token: string };
  const response = await request.patch(`/api/v1/meetings/${id}`, {
    headers: { ...cookie, "X-CSRF-Token": me.csrf_token },
    data: { status: "cancelled" },
  });
  expect(response.status()).toBe(200);
}

test("a teacher assigned a task sees the bell count go up, opens the task from Notifications, and it is read", async ({
  page,
  request,
}) => {
  const teacher = (await apiGet<Me>(request, "highTeacher", "/api/v1/auth/me")).user;
  const admin = (await apiGet<Me>(request, "districtAdmin", "/api/v1/auth/me")).user;
  const student = (await apiGet<Students>(request, "highTeacher", "/api/v1/students?limit=1")).items[0];
  if (!student) throw new Error("the teacher sees no student");

  const before = await teacherUnread(request);
  await openAs(page, "highTeacher");
  await expect(bell(page)).toHaveAccessibleName(bellName(before));

  const title = `Bring the reading log to the meeting (browser test ${Date.now()})`;
  const task = await apiPost<{ id: number }>(request, "districtAdmin", "/api/v1/tasks", {
    student_id: student.id,
    assignee_id: teacher.id,
    title,
  });

  // The bell asks again at every navigation.
  await page.reload();
  await expect(bell(page)).toHaveAccessibleName(bellName(before + 1));
  await expect(bell(page)).toContainText(String(before + 1));
  await expectNoAxeViolations(page);

  await bell(page).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("Notifications · Trellis");
  const item = page.getByRole("listitem").filter({ hasText: title });
  await expect(item).toContainText("Unread");
  await expect(item).toContainText(`${admin.name} assigned you a task: ${title}`);
  await expectNoAxeViolations(page);

  await item.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${task.id}$`));
  await expect(page.getByRole("heading", { name: `Task: ${title}`, level: 1 })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName(bellName(before));

  // Back on the list it no longer says unread.
  await bell(page).click();
  await expect(item).toBeVisible();
  await expect(item).not.toContainText("Unread");
  expect(await teacherUnread(request)).toBe(before);
});

test("a meeting invitation and its cancellation show on Notifications, and Mark all read clears the bell", async ({
  page,
  request,
}) => {
  const teacher = (await apiGet<Me>(request, "highTeacher", "/api/v1/auth/me")).user;
  const admin = (await apiGet<Me>(request, "districtAdmin", "/api/v1/auth/me")).user;
  const title = `Schedule review ${Date.now()} (browser test)`;
  const inThreeDays = Date.now() + 3 * 86_400_000;
  const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const meeting = await apiPost<{ id: number }>(request, "districtAdmin", "/api/v1/meetings", {
    title,
    starts_at: at(inThreeDays),
    ends_at: at(inThreeDays + 3_600_000),
    attendee_ids: [teacher.id],
  });
  await cancelMeeting(request, meeting.id);

  await openAs(page, "highTeacher", "/notifications");
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const unread = await teacherUnread(request);
  expect(unread).toBeGreaterThanOrEqual(2);
  await expect(bell(page)).toHaveAccessibleName(bellName(unread));
  const items = page.getByRole("listitem").filter({ hasText: title });
  // Newest first: the cancellation above the invitation.
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(`${admin.name} cancelled a meeting: ${title}`);
  await expect(items.nth(1)).toContainText(`${admin.name} invited you to a meeting: ${title}`);
  await expect(items.nth(0).getByRole("link", { name: title })).toHaveAttribute("href", `/meetings/${meeting.id}`);

  // Unread only keeps them (both unread) and goes into the address.
  await page.getByLabel("Unread only").check();
  await expect(page).toHaveURL(/unread=true/);
  await expect(items).toHaveCount(2);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("status")).toHaveText(`Marked ${unread} notifications read.`);
  await expect(bell(page)).toHaveAccessibleName(bellName(0));
  await expect(bell(page).locator(".bell-count")).toHaveCount(0);
  await expect(page.getByText("Nothing unread. Clear Unread only to see the ones you have read.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Unread only").uncheck();
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).not.toContainText("Unread");
  expect(await teacherUnread(request)).toBe(0);
});
