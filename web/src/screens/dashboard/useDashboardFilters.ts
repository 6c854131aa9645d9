// The dashboard's filters live in the address (?school_id=2&sort=oldest), so a filtered view
// can be bookmarked, shared, and survives the back button.
import { useSearchParams } from "react-router-dom";

export interface DashboardFilters {
  status: "open" | "closed" | "all";
  school_id: string;
  grade: string;
  trigger: string;
  manager_id: string;
  q: string;
  sort: "newest" | "oldest" | "last_activity" | "student";
}

const statuses = ["open", "closed", "all"] as const;
const sorts = ["newest", "oldest", "last_activity", "student"] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

export function useDashboardFilters() {
  const [params, setParams] = useSearchParams();
  const filters: DashboardFilters = {
    status: oneOf(params.get("status"), statuses, "open"),
    school_id: params.get("school_id") ?? "",
    grade: params.get("grade") ?? "",
    trigger: params.get("trigger") ?? "",
    manager_id: params.get("manager_id") ?? "",
    q: params.get("q") ?? "",
    sort: oneOf(params.get("sort"), sorts, "newest"),
  };
  const change = (changes: Partial<DashboardFilters>) => {
    const next = { ...filters, ...changes };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    setParams(search, { replace: true });
  };
  return { filters, change };
}

// The filters as the API's query parameters (empty ones left out).
export function casesQuery(filters: DashboardFilters) {
  return {
    status: filters.status,
    school_id: filters.school_id ? Number(filters.school_id) : undefined,
    grade: filters.grade || undefined,
    trigger: filters.trigger || undefined,
    manager_id: filters.manager_id || undefined,
    q: filters.q || undefined,
    sort: filters.sort,
  };
}
