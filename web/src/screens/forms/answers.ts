// Answers while they are being filled in, the browser's own check of them (so most mistakes
// show before anything is sent), and the JSON the API takes. The checks are hints that mirror
// the field types the API documents (FormField.type); the server checks again and its
// messages show in the same place. The API gives number fields no range, so a number is only
// checked to be one.
import type { StudentEntry } from "../../api/client";
import type { FormField } from "./formTypes";

export type AnswerDraft = string | string[] | boolean | StudentEntry | null;
export type AnswerDrafts = Record<string, AnswerDraft>;

const maxText = { text: 1000, long_text: 10000 } as const;

export function emptyAnswers(fields: FormField[]): AnswerDrafts {
  const answers: AnswerDrafts = {};
  for (const field of fields) {
    if (field.type === "multiple_choice") answers[field.key] = [];
    else if (field.type === "checkbox") answers[field.key] = false;
    else if (field.type === "student") answers[field.key] = null;
    else answers[field.key] = "";
  }
  return answers;
}

function shapeOf(answer: AnswerDraft | undefined): string {
  if (Array.isArray(answer)) return "list";
  return answer === null || typeof answer === "object" ? "student" : typeof answer;
}

// The answers kept when the form changed under them (a new version): those whose question is
// still there and takes the same kind of answer.
export function carryOver(fields: FormField[], previous: AnswerDrafts): AnswerDrafts {
  const answers = emptyAnswers(fields);
  for (const [key, empty] of Object.entries(answers)) {
    const before = previous[key];
    if (before !== undefined && shapeOf(before) === shapeOf(empty)) answers[key] = before;
  }
  return answers;
}

function isBlank(answer: AnswerDraft): boolean {
  if (answer === null || answer === false) return true;
  if (typeof answer === "string") return answer.trim() === "";
  return Array.isArray(answer) && answer.length === 0;
}

function formatProblem(field: FormField, answer: AnswerDraft): string | undefined {
  if (typeof answer !== "string") return undefined;
  if (field.type === "number" && !Number.isFinite(Number(answer.trim()))) return "Enter a number, such as 4 or 2.5.";
  if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(answer)) return "Enter a date as YYYY-MM-DD.";
  if (field.type === "text" || field.type === "long_text") {
    const max = maxText[field.type];
    if (answer.length > max) return `Use at most ${max} characters.`;
  }
  return undefined;
}

// What is wrong with one answer, in the words the API uses; undefined when it is fine.
export function answerProblem(field: FormField, answer: AnswerDraft): string | undefined {
  if (isBlank(answer)) {
    if (!field.required) return undefined;
    return field.type === "checkbox" ? "Check this box." : "Required.";
  }
  return formatProblem(field, answer);
}

// The API's key for a problem with an answer.
export function answerPath(field: FormField): string {
  return "answers." + field.key;
}

export function checkAnswers(fields: FormField[], answers: AnswerDrafts): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = answerProblem(field, answers[field.key] ?? null);
    if (problem) problems[answerPath(field)] = problem;
  }
  return problems;
}

function answerJson(field: FormField, answer: AnswerDraft): unknown {
  if (field.type === "checkbox") return answer === true;
  if (isBlank(answer)) return undefined;
  if (field.type === "number") return Number(String(answer).trim());
  if (field.type === "student") return (answer as StudentEntry).id;
  return answer;
}

// The answers as sent: unanswered questions left out (a checkbox is always true or false).
export function answersJson(fields: FormField[], answers: AnswerDrafts): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  for (const field of fields) {
    const value = answerJson(field, answers[field.key] ?? null);
    if (value !== undefined) sent[field.key] = value;
  }
  return sent;
}
