import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Students = { items: { id: number; name: string }[] };
type Cases = { items: { student: { id: number } }[] };
type FormView = { name: string; tags: string[]; fields: { label: string; type: string; options: string[] }[] };

test("an administrator builds a form with three questions, reorders them with the keyboard, and it is saved in that order", async ({
  page,
  request,
}) => {
  const name = `Check-in ${Date.now()} (browser test)`;
  await openAs(page, "districtAdmin", "/forms");
  await expect(page.getByRole("heading", { name: "Forms", level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: /Referral/ })).toContainText("Opens a case");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "New form" }).click();
  await expect(page.getByRole("heading", { name: "New form" })).toBeVisible();
  await expect(page.getByText("No questions yet.")).toBeVisible();
  await expectNoAxeViolations(page);

  // The API's messages show next to what they concern: the name, the list of questions.
  await page.getByRole("button", { name: "Save form" }).click();
  const nameBox = page.getByLabel("Name", { exact: true });
  await expect(nameBox).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#questions-error")).toHaveText("Add at least one field.");
  await expectNoAxeViolations(page);

  await nameBox.fill(name);
  const questions = [
    { label: "Strengths noticed", type: "Short text" },
    { label: "Days absent this month", type: "Number" },
    { label: "Support wanted", type: "One choice" },
  ];
  for (const [index, question] of questions.entries()) {
    await page.getByRole("button", { name: "Add a question" }).click();
    const editor = page.getByRole("group", { name: new RegExp(`^Question ${index + 1}`) });
    // A new question's first box has focus.
    await expect(editor.getByLabel("Question", { exact: true })).toBeFocused();
    await page.keyboard.type(question.label);
    await editor.getByLabel("Answer type").selectOption({ label: question.type });
  }
  await expect(page.getByRole("group", { name: /^Question 2/ }).getByLabel("Answer key")).toHaveValue(
    "days_absent_this_month",
  );

  // A choice without options: the API's message shows on that question's options.
  await page.getByRole("button", { name: "Save form" }).click();
  const third = page.getByRole("group", { name: "Question 3: Support wanted" });
  const options = third.getByLabel("Options");
  await expect(options).toHaveAttribute("aria-invalid", "true");
  const messageId = ((await options.getAttribute("aria-describedby")) ?? "").split(" ").pop() ?? "";
  await expect(page.locator(`[id="${messageId}"]`)).toHaveText("Give at least one option.");
  await options.fill("Check-ins\nSmall group\nCounselor");
  await third.getByLabel("Must be answered").check();

  // Reorder with the keyboard: the third question goes to the top; focus follows it.
  await third.getByRole("button", { name: "Move up question 3" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "is now question" })).toHaveText(
    "“Support wanted” is now question 2 of 3.",
  );
  await expect(page.getByRole("button", { name: "Move up question 2" })).toBeFocused();
  await page.keyboard.press("Enter");
  // At the top its "Move up" is disabled, so focus moves to its "Move down".
  await expect(page.getByRole("button", { name: "Move down question 1" })).toBeFocused();
  // The first question goes to the end.
  await page.getByRole("button", { name: "Move down question 2" }).click();
  const order = ["Support wanted", "Days absent this month", "Strengths noticed"];
  await expect(page.locator(".question-editor legend")).toHaveText(
    order.map((label, i) => `Question ${i + 1}: ${label}`),
  );
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Save form" }).click();
  await expect(page).toHaveURL(/\/forms$/);
  await expect(page.getByRole("status")).toHaveText(`Form “${name}” saved.`);
  const row = page.getByRole("row", { name: new RegExp(name.replace(/[()]/g, "\\$&")) });
  await expect(row).toBeVisible();
  await expectNoAxeViolations(page);

  // The API keeps the questions in the order built.
  const href = (await row.getByRole("link", { name: /^Edit/ }).getAttribute("href")) ?? "";
  const formId = /\/forms\/(\d+)\/edit$/.exec(href)?.[1];
  if (!formId) throw new Error("no edit link in the row: " + href);
  const saved = await apiGet<FormView>(request, "districtAdmin", `/api/v1/forms/${formId}`);
  expect(saved.fields.map((field) => field.label)).toEqual(order);
  expect(saved.fields[0]).toMatchObject({ type: "single_choice", options: ["Check-ins", "Small group", "Counselor"] });

  // Filling it in shows the questions in that order.
  await row.getByRole("link", { name: /^Fill in/ }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("radiogroup", { name: "Support wanted (required)" })).toBeVisible();
  const labels = page
    .locator(".respond form")
    .locator("legend, label")
    .filter({ hasText: /Support wanted|Days absent|Strengths/ });
  await expect(labels).toHaveText(["Support wanted (required)", "Days absent this month", "Strengths noticed"]);
  await expectNoAxeViolations(page);

  // A response about a student with no open case: the form has no openCase tag, so it opens
  // none. A number is checked as soon as the question is left.
  const students = await apiGet<Students>(request, "districtAdmin", "/api/v1/students?school_id=1&limit=500");
  const open = await apiGet<Cases>(request, "districtAdmin", "/api/v1/cases?status=open&school_id=1&limit=500");
  const withCase = new Set(open.items.map((item) => item.student.id));
  const student = students.items.filter((candidate) => !withCase.has(candidate.id)).at(-2);
  if (!student) throw new Error("every Maple Grove student has an open case");
  await page.goto(`/forms/${formId}/respond?student=${student.id}`);
  await expect(page.getByText(student.name)).toBeVisible();
  const days = page.getByLabel("Days absent this month");
  await days.fill("about three");
  await days.blur();
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a number, such as 4 or 2.5.")).toBeVisible();
  await days.fill("3");
  await expect(days).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("radio", { name: "Small group" }).check();

  // Meanwhile the form is edited (in another tab): changing a question makes version 2.
  const otherTab = await page.context().newPage();
  await otherTab.goto(`/forms/${formId}/edit`);
  await expect(otherTab.locator(".question-editor legend")).toHaveText(
    order.map((label, i) => `Question ${i + 1}: ${label}`),
  );
  await expect(otherTab.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expectNoAxeViolations(otherTab);
  await otherTab
    .getByRole("group", { name: /^Question 3/ })
    .getByLabel("Question", { exact: true })
    .fill("Strengths seen");
  await otherTab.getByRole("button", { name: "Save form" }).click();
  await expect(otherTab.getByRole("status")).toHaveText(`Form “${name}” saved as version 2; new responses answer it.`);
  await expect(
    otherTab
      .getByRole("row", { name: new RegExp(name.replace(/[()]/g, "\\$&")) })
      .getByRole("cell")
      .nth(1),
  ).toHaveText("2");
  await otherTab.close();

  // Submitting the replaced version is refused; the current questions load, answers kept.
  await page.getByRole("button", { name: "Submit response" }).click();
  await expect(page.getByRole("alert")).toContainText("The form was changed while you filled it in.");
  await expect(page.getByLabel("Strengths seen")).toBeVisible();
  await expect(days).toHaveValue("3");
  await expect(page.getByRole("radio", { name: "Small group" })).toBeChecked();
  await page.getByRole("button", { name: "Submit response" }).click();
  await expect(page).toHaveURL(/\/responses\/\d+$/);
  await expect(page.getByRole("region", { name: "Case" })).toContainText(
    "No case: the student had no open case to join",
  );
  await expect(page.getByRole("region", { name: "Answers" })).toContainText("Small group");
  const responseId = /\/responses\/(\d+)$/.exec(page.url())?.[1];
  const response = await apiGet<{ form_version: { number: number } }>(
    request,
    "districtAdmin",
    `/api/v1/form-responses/${responseId}`,
  );
  expect(response.form_version.number).toBe(2);
  await expectNoAxeViolations(page);
});
