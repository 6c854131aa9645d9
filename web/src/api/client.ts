// The one API client: typed from openapi.yaml (schema.gen.ts is generated at build time by
// openapi-typescript), sends the session cookie, and adds the CSRF token to unsafe methods.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.gen";

export type Schemas = components["schemas"];
export type Me = Schemas["Me"];
// An action of the access policy, such as "case.close" (see access.ts). openapi.yaml's list
// lacks "notifications.defaults", which the policy has and /auth/me answers.
export type PolicyAction = Schemas["PolicyAction"] | "notifications.defaults";
export type Case = Schemas["Case"];
export type CasePage = Schemas["CasePage"];
// A student as search, lists and pickers show them: directory information only.
export type StudentEntry = Schemas["StudentDirectoryEntry"];
// The whole profile (GET /students/{id}): a view in the student's access log.
export type Student = Schemas["Student"];
export type School = Schemas["School"];
export type DashboardSummary = Schemas["DashboardSummary"];
export type TimelineEvent = Schemas["TimelineEvent"];
export type DictionaryValue = Schemas["DictionaryValue"];
export type FormSummary = Schemas["FormSummary"];
export type Form = Schemas["Form"];
export type FormField = Schemas["FormField"];
export type FormInput = Schemas["FormInput"];
export type FormResponse = Schemas["FormResponse"];
export type FormResponseSummary = Schemas["FormResponseSummary"];
export type Plan = Schemas["Plan"];
export type PlanProgress = Schemas["PlanProgress"];
export type PlanReview = Schemas["PlanReview"];
export type InterventionGroup = Schemas["InterventionGroup"];
export type InterventionGroupMember = Schemas["InterventionGroupMember"];
export type Task = Schemas["Task"];
export type TaskNote = Schemas["TaskNote"];
export type StudentFile = Schemas["StudentFile"];
// One of the user's own notifications: what happened, a title and a path in Trellis to open.
export type Notification = Schemas["Notification"];
// How one hears of a kind of notification: by e-mail and in the app, in the app only, or not.
export type Delivery = Schemas["Delivery"];
export type StudentNamesInEmail = Schemas["StudentNamesInEmail"];
// One kind of notification as the user hears of it: their own choice or the district's default.
export type NotificationPreference = Schemas["NotificationPreferences"]["items"][number];
// What closing a case takes: a closed status, a reason for close and an optional note.
export type Closing = paths["/api/v1/cases/{id}/close"]["post"]["requestBody"]["content"]["application/json"];
// A backfill of one trigger over a range (DESIGN.md rule 6) and its answer: the students and
// events it concerns, with the cases it opened once applied.
type BackfillPath = paths["/api/v1/admin/case-management/backfill"]["post"];
export type BackfillRequest = BackfillPath["requestBody"]["content"]["application/json"];
export type BackfillAnswer = BackfillPath["responses"][200]["content"]["application/json"];
type ErrorBody = Schemas["Error"];

let csrfToken: string | null = null;

// Set at sign-in (and from /auth/me after a reload); cleared at sign-out.
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

// The header an unsafe request made outside openapi-fetch (an upload with progress, through
// XMLHttpRequest) needs, the same one the middleware below adds.
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { "X-CSRF-Token": csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!safeMethods.has(request.method)) {
      for (const [name, value] of Object.entries(csrfHeaders())) request.headers.set(name, value);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

// An API error as the server describes it: code, sentence, and per-field messages.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, body: ErrorBody | undefined) {
    super(body?.error.message ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error.code ?? "http_" + status;
    this.fields = body?.error.fields ?? {};
  }
}

// The API's per-field messages of a failure (none for any other failure).
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fields : {};
}

// A failure found before asking the server, shaped like the server's 422 so that it shows
// next to its field the same way.
export function invalidField(field: string, message: string): ApiError {
  return new ApiError(422, { error: { code: "validation_failed", message, fields: { [field]: message } } });
}

let onSignedOut: () => void = () => {};

// The session provider learns here when any call finds the session gone (401).
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

// Returns the data of an openapi-fetch result, or throws its error as an ApiError.
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.ok) return undefined as T;
  throw failureOf(result.response.status, result.error);
}

// The ApiError of a failed answer (status and parsed body), from openapi-fetch or elsewhere.
export function failureOf(status: number, body: unknown): ApiError {
  if (status === 401) onSignedOut();
  return new ApiError(status, isErrorBody(body) ? body : undefined);
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && "error" in value;
}

// A query string from filters, leaving out empty values (for links such as the CSV export).
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? "?" + text : "";
}
