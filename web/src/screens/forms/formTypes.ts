// The forms API's shapes, and the words the screens use for them.
import type { FormField, FormResponse, FormSummary } from "../../api/client";

export type { Form, FormField, FormInput, FormResponse, FormResponseSummary, FormSummary } from "../../api/client";
export type FieldType = FormField["type"];
export type AnsweredField = NonNullable<FormResponse["fields"]>[number];

// The tag that makes a form's responses a case trigger (DESIGN.md, rule 3).
export const openCaseTag = "openCase";

export const fieldTypeLabels: Record<FieldType, string> = {
  text: "Short text",
  long_text: "Long text",
  number: "Number",
  date: "Date",
  single_choice: "One choice",
  multiple_choice: "Several choices",
  checkbox: "Checkbox (yes or no)",
  student: "A student",
};

export const fieldTypes = Object.keys(fieldTypeLabels) as FieldType[];

export function hasOptions(type: FieldType): boolean {
  return type === "single_choice" || type === "multiple_choice";
}

export function opensCases(form: FormSummary): boolean {
  return (form.tags ?? []).includes(openCaseTag);
}
