// Between a form's text boxes and the API's values: an empty box is "not given"; anything
// else goes to the server, which says what is wrong. Used by the plan and group forms.
export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

// A value from the API as a box's text (empty when there is none).
export function boxText(value: number | string | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}
