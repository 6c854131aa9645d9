// Words for the values the student profile shows.
// "hispanicOrLatinoEthnicity" -> "Hispanic or latino ethnicity": roster demographics come
// with OneRoster's field names.
export function rosterFieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function rosterValueLabel(value: unknown): string {
  if (value === true || value === "true") return "Yes";
  if (value === false || value === "false") return "No";
  if (value === null || value === undefined || value === "") return "Not given";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
