import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Me = { user: { name: string } };
type Students = { items: { id: number; name: string; family_name: string; local_id: string }[] };

test("a teacher cannot find or open a student of another school, and the administrator's access log shows who looked", async ({
  page,
  request,
}) => {
  // A Maple Grove Elementary student (the administrator sees every school), and one of the
  // Riverside High teacher's own students.
  const maple = await apiGet<Students>(request, "districtAdmin", "/api/v1/students?school_id=1&limit=3");
  const own = await apiGet<Students>(request, "highTeacher", "/api/v1/students?limit=3");
  const [other, mine] = [maple.items[2], own.items[2]];
  if (!other || !mine) throw new Error("the demo district has too few students");
  const teacher = (await apiGet<Me>(request, "highTeacher", "/api/v1/auth/me")).user;
  const admin = (await apiGet<Me>(request, "districtAdmin", "/api/v1/auth/me")).user;

  // The search finds nothing of the other school's student, by name or by local id.
  await openAs(page, "highTeacher");
  const search = page.getByRole("searchbox", { name: "Search students" });
  const results = page.getByRole("region", { name: "Student search results" });
  await search.fill(other.family_name);
  await expect(results).toBeVisible();
  await expect(results.locator(`a[href="/students/${other.id}"]`)).toHaveCount(0);
  await search.fill(other.local_id);
  await expect(results).toContainText("No student you can see matches");
  await expect(results.getByRole("link")).toHaveCount(0);

  // Opening the record by its address shows a clear page, not the record.
  await openAs(page, "highTeacher", `/students/${other.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Student not found");
  await expect(page.getByText("There is no student at this address that you may see.")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(other.name);
  await expect(page).toHaveTitle("Student not found · Trellis");
  await expectNoAxeViolations(page);
  const direct = await request.get(`/api/v1/students/${other.id}`, {
    headers: { Cookie: "trellis_session=" + process.env.TRELLIS_E2E_SESSION_highTeacher },
  });
  expect(direct.status()).toBe(404);

  // The teacher's own student opens from the search, without the access log.
  await search.fill(mine.local_id);
  await results.getByRole("link", { name: new RegExp(mine.name) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(mine.name);
  await expect(page.getByRole("heading", { name: "Demographics" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Access log" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The administrator sees who viewed it: the teacher, and the administrator now.
  await openAs(page, "districtAdmin", `/students/${mine.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(mine.name);
  const log = page.getByRole("region", { name: "Access to this record" });
  await expect(
    log.getByRole("row").filter({ hasText: teacher.name }).filter({ hasText: "Viewed" }).first(),
  ).toBeVisible();
  await expect(
    log.getByRole("row").filter({ hasText: admin.name }).filter({ hasText: "Viewed" }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
