// The meetings screen's view (list or week), filters and week live in the address
// (?view=week&week=2026-11-30&attending=me), so a view can be bookmarked, shared, and survives
// the back button.
import { useSearchParams } from "react-router-dom";
import { isDay, mondayOf, today } from "../../zonedTime";

export interface MeetingsAddress {
  view: "list" | "week";
  when: "upcoming" | "past" | "all";
  attending: "" | "me";
  status: "" | "scheduled" | "cancelled";
  week: string;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

export function useMeetingsAddress() {
  const [params, setParams] = useSearchParams();
  const week = params.get("week");
  const address: MeetingsAddress = {
    view: oneOf(params.get("view"), ["list", "week"] as const, "list"),
    when: oneOf(params.get("when"), ["upcoming", "past", "all"] as const, "upcoming"),
    attending: oneOf(params.get("attending"), ["", "me"] as const, ""),
    status: oneOf(params.get("status"), ["", "scheduled", "cancelled"] as const, ""),
    week: mondayOf(isDay(week) ? week : today()),
  };
  // The week stays out of the address until the user leaves this week, so "this week" is
  // always the week of the day the address is opened.
  const change = (changes: Partial<MeetingsAddress>) => {
    const next: Record<string, string> = { ...address, ...changes };
    if (next.week === mondayOf(today())) next.week = "";
    if (next.when === "upcoming") next.when = "";
    if (next.view === "list") next.view = "";
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    setParams(search, { replace: true });
  };
  return { address, change };
}

// The filters both views share, as the API's query parameters.
export function sharedQuery(address: MeetingsAddress) {
  return {
    attendee_id: address.attending || undefined,
    status: address.status || undefined,
  };
}
