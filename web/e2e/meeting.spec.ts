import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { apiGet, expect, expectFieldMessage, expectNoAxeViolations, openAs, test } from "./fixtures";
import { sessionEnv, users, type UserKey } from "./users";

type Student = { id: number; name: string; local_id: string | null };
type CaseRow = { id: number; student: { id: number }; is_open: boolean; opened_by: { kind: string } };
type Cases = { items: CaseRow[]; next_cursor: string | null };
type Meeting = { id: number; title: string; starts_at: string; students: { id: number; case_id: number | null }[] };

const zone = "America/Chicago"; // the district's zone (e2e/server.ts)

// A calendar day on the district's clock, `days` from today: "2026-12-09" (Swedish dates
// are ISO dates).
function districtDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("sv-SE", { timeZone: zone });
}

function mondayOf(day: string): string {
  const date = new Date(day + "T00:00:00Z");
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

// An instant as the district's clock reads it: "2026-12-09 15:00".
function districtClock(iso: string): string {
  return new Date(iso).toLocaleString("sv-SE", { timeZone: zone }).slice(0, 16);
}

async function everyPage<T>(request: APIRequestContext, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const url: string = path + (cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : "");
    const page = await apiGet<{ items: T[]; next_cursor: string | null }>(request, "middleCounselor", url);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

async function openCaseStudentIds(request: APIRequestContext): Promise<Set<number>> {
  const cases = await everyPage<CaseRow>(request, "/api/v1/cases?status=open&limit=500");
  return new Set(cases.map((row) => row.student.id));
}

// Journeys run side by side: pick at random, so that two journeys rarely want the same students.
function shuffled<T>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

// The sentence saying what the last action did (the student pickers have live regions too).
function notice(page: Page) {
  return page.locator("article > [role=status]");
}

async function choose(page: Page, student: Student): Promise<void> {
  await page.getByLabel("Find by name or local id").fill(student.local_id ?? student.name);
  await page.getByRole("button", { name: new RegExp(student.name) }).click();
  await expect(page.getByRole("list", { name: /Chosen students/ })).toContainText(student.name);
}

test("a counselor schedules a meeting with three students and three cases open", async ({ page, request }) => {
  test.setTimeout(180_000);
  const students = await everyPage<Student>(request, "/api/v1/students?limit=500");
  const withCase = await openCaseStudentIds(request);
  const three = shuffled(students.filter((s) => s.local_id && !withCase.has(s.id))).slice(0, 3);
  expect(three, "three students of the counselor's school without an open case").toHaveLength(3);

  await openAs(page, "middleCounselor");
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("link", { name: "Meeting", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New meeting" })).toBeVisible();
  await expectNoAxeViolations(page);

  const title = `Student support team ${Date.now()} (browser test)`;
  const day = districtDay(9);
  await page.getByLabel("Date").fill(day);
  await page.getByLabel("Start time").fill("09:30");
  await expect(page.getByLabel("End time")).toHaveValue("10:00");
  await page.getByLabel("Location").fill("Counseling office");
  for (const student of three) await choose(page, student);
  // Take one off and put it back: the chosen list has a remove button per student.
  await page.getByRole("button", { name: `Remove ${three[0]?.name}` }).click();
  await expect(page.getByRole("list", { name: /Chosen students/ })).not.toContainText(three[0]?.name ?? "");
  await choose(page, three[0] as Student);
  await expect(page.getByRole("list", { name: "Chosen students (3)" })).toBeVisible();

  // The server's message about the missing title appears next to the title.
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  const titleInput = page.getByLabel("Title");
  await expectFieldMessage(titleInput, "Required.");
  await expectNoAxeViolations(page);

  await titleInput.fill(title);
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(notice(page)).toContainText("scheduled with 3 students. 3 cases opened or joined.");
  const students3 = page.getByRole("region", { name: /Students/ });
  for (const student of three)
    await expect(students3.getByRole("link", { name: student.name, exact: true })).toBeVisible();
  await expect(page.locator(".meeting-header")).toContainText("Counseling office");
  await expectNoAxeViolations(page);

  // Each of the three now has an open case, opened by the meeting.
  const meetingId = Number(/\/meetings\/(\d+)$/.exec(page.url())?.[1]);
  const meeting = await apiGet<Meeting>(request, "middleCounselor", `/api/v1/meetings/${meetingId}`);
  expect(districtClock(meeting.starts_at)).toBe(`${day} 09:30`);
  const caseIds = new Map<number, number>();
  for (const student of three) {
    const cases = await apiGet<Cases>(request, "middleCounselor", `/api/v1/students/${student.id}/cases`);
    const open = cases.items.filter((row) => row.is_open);
    expect(open, `${student.name} has one open case`).toHaveLength(1);
    expect(open[0]?.opened_by.kind).toBe("meeting_student_added");
    expect(meeting.students.find((s) => s.id === student.id)?.case_id).toBe(open[0]?.id);
    caseIds.set(student.id, open[0]?.id ?? 0);
  }

  // The dashboard lists each of them.
  await page.goto("/cases");
  for (const student of three) {
    await page.getByLabel("Student", { exact: true }).fill(student.local_id ?? "");
    // The search applies after a pause in typing; wait for it before the next student.
    await expect(page).toHaveURL(new RegExp(`q=${student.local_id}`));
    await expect(page.locator(`a[href="/cases/${caseIds.get(student.id)}"]`)).toBeVisible();
  }
  await expectNoAxeViolations(page);
});

// Unsafe API calls need the session's CSRF token, which /auth/me hands out.
async function scheduleThroughApi(request: APIRequestContext, user: UserKey, body: object): Promise<Meeting> {
  const cookie = "trellis_session=" + process.env[sessionEnv(user)];
  const me = await request.get("/api/v1/auth/me", { headers: { Cookie: cookie } });
  const { csrf_token } = (await me.json()) as { csrf_token: string };
  const response = await request.post("/api/v1/meetings", {
    headers: { Cookie: cookie, "X-CSRF-Token": csrf_token },
    data: body,
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as Meeting;
}

test("a counselor reschedules a meeting, notes a decision for a student, and downloads the calendar file", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // A student who already has an open case: being on the meeting joins it, opening nothing.
  const withCase = [...(await openCaseStudentIds(request))];
  const studentId = shuffled(withCase.slice(-50))[0];
  if (!studentId) throw new Error("the counselor sees no open case");
  const student = await apiGet<Student>(request, "middleCounselor", `/api/v1/students/${studentId}`);
  const title = `Attendance check-in ${Date.now()} (browser test)`;
  const created = await scheduleThroughApi(request, "middleCounselor", {
    title,
    starts_at: new Date(Date.now() + 12 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ends_at: new Date(Date.now() + 12 * 86_400_000 + 1_800_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    student_ids: [student.id],
  });

  await openAs(page, "middleCounselor", `/meetings/${created.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expectNoAxeViolations(page);

  // Reschedule: an end before the start is refused, with the message next to the end time.
  const reschedule = page.getByRole("region", { name: "Reschedule" });
  const newDay = districtDay(15);
  await reschedule.getByLabel("Date").fill(newDay);
  await reschedule.getByLabel("Start time").fill("15:00");
  await reschedule.getByLabel("End time").fill("14:00");
  await reschedule.getByRole("button", { name: "Reschedule" }).click();
  const end = reschedule.getByLabel("End time");
  await expectFieldMessage(end, "End the meeting after it starts.");
  await expectNoAxeViolations(page);
  await end.fill("15:45");
  await reschedule.getByRole("button", { name: "Reschedule" }).click();
  await expect(notice(page)).toContainText("Meeting moved to");
  await expect(end).not.toHaveAttribute("aria-invalid", "true");
  const moved = await apiGet<Meeting>(request, "middleCounselor", `/api/v1/meetings/${created.id}`);
  expect(districtClock(moved.starts_at)).toBe(`${newDay} 15:00`);
  await expect(page.locator(".meeting-header")).toContainText("3:00 PM");

  // A note and decision about the student; an empty note is refused next to the field.
  const notes = page.getByRole("region", { name: "Notes and decisions" });
  await notes.getByLabel("About").selectOption({ label: student.name });
  await notes.getByRole("button", { name: "Add note" }).click();
  await expectFieldMessage(notes.getByLabel("Note"), "Required.");
  await notes.getByLabel("Note").fill("Missed four mornings in two weeks; family reports bus trouble.");
  await notes.getByLabel("Decision").fill("Call home and arrange a bus pass");
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(notice(page)).toHaveText("Note added.");
  const group = notes.locator(".note-group", { has: page.getByRole("heading", { name: student.name }) });
  await expect(group).toContainText("Missed four mornings");
  await expect(group).toContainText("Decision: Call home and arrange a bus pass");
  const timeline = await apiGet<{ items: { kind: string }[] }>(
    request,
    "middleCounselor",
    `/api/v1/students/${student.id}/timeline?limit=20`,
  );
  expect(timeline.items.map((event) => event.kind)).toContain("meeting_note_added");
  await expectNoAxeViolations(page);

  // The calendar file holds the new time.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download calendar file (.ics)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`meeting-${created.id}.ics`);
  const calendar = readFileSync(await download.path(), "utf8");
  expect(calendar).toContain("BEGIN:VCALENDAR");
  const dtstart = moved.starts_at.replace(/[-:]/g, "").replace(/\.\d+/, "");
  expect(calendar).toContain(`DTSTART:${dtstart}`);

  // The week calendar shows it on its day, and the list and week views pass axe.
  await page.locator(".breadcrumb").getByRole("link", { name: "Student Meetings" }).click();
  await expect(page.getByRole("heading", { name: "Upcoming meetings" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Week calendar" }).click();
  await expect(page).toHaveURL(/view=week/);
  await expect(page.getByRole("heading", { name: /^Week of/ })).toBeVisible();
  // Move week by week to the meeting's week, as a user would.
  const weeks = Math.round((Date.parse(mondayOf(newDay)) - Date.parse(mondayOf(districtDay(0)))) / (7 * 86_400_000));
  for (let i = 0; i < weeks; i++) await page.getByRole("button", { name: "Next week" }).click();
  await expect(page).toHaveURL(new RegExp(`week=${mondayOf(newDay)}`));
  const weekday = new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    weekday: "long",
    month: "short",
    day: "numeric",
  }).format(new Date(newDay + "T00:00:00Z"));
  const column = page.locator(".week-day", { has: page.getByRole("heading", { name: weekday }) });
  await expect(column.getByRole("link", { name: title })).toBeVisible();
  await expect(column).toContainText("3:00 PM");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "This week" }).click();
  await expect(page).not.toHaveURL(/week=/);
});

test("an administrator adds an attendee and cancels a meeting", async ({ page, request }) => {
  type Users = { items: { id: number; name: string; email: string }[] };
  const found = await apiGet<Users>(request, "districtAdmin", `/api/v1/users?q=${users.middleCounselor}`);
  const counselor = found.items.find((user) => user.email === users.middleCounselor);
  if (!counselor) throw new Error("no counselor account");
  const title = `Grade-level planning ${Date.now()} (browser test)`;
  const inTwoDays = Date.now() + 2 * 86_400_000;
  const created = await scheduleThroughApi(request, "districtAdmin", {
    title,
    starts_at: new Date(inTwoDays).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ends_at: new Date(inTwoDays + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });

  await openAs(page, "districtAdmin", `/meetings/${created.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("No students on this meeting yet")).toBeVisible();
  const attendees = page.getByRole("region", { name: "Attendees" });
  await attendees.getByLabel("Add an attendee").selectOption(String(counselor.id));
  await attendees.getByRole("button", { name: "Add attendee" }).click();
  await expect(attendees.getByRole("list", { name: /Chosen attendees/ })).toContainText(counselor.name);
  await expectNoAxeViolations(page);
  await attendees.getByRole("button", { name: "Save attendees" }).click();
  await expect(notice(page)).toContainText(`Attendees saved:`);
  await expect(notice(page)).toContainText(counselor.name);
  const saved = await apiGet<{ attendees: { id: number }[] }>(
    request,
    "districtAdmin",
    `/api/v1/meetings/${created.id}`,
  );
  expect(saved.attendees.map((attendee) => attendee.id)).toContain(counselor.id);

  await page.getByRole("button", { name: "Cancel meeting…" }).click();
  const dialog = page.getByRole("dialog", { name: `Cancel “${title}”?` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Cancel meeting" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(notice(page)).toHaveText("Meeting cancelled.");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancelled");
  await expect(page.getByRole("region", { name: "Reschedule" })).toHaveCount(0);
  const cancelled = await apiGet<{ status: string }>(request, "districtAdmin", `/api/v1/meetings/${created.id}`);
  expect(cancelled.status).toBe("cancelled");
  await expectNoAxeViolations(page);
});
