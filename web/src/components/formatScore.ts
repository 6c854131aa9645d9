// A score or a rate as a person reads it: at most two decimals, "—" when there is none.
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return String(Number(value.toFixed(2)));
}
