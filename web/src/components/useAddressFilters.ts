// A list's filters kept in the address (so a filtered list can be bookmarked and shared),
// each with its default when the address does not name it.
import { useSearchParams } from "react-router-dom";

export function useAddressFilters<Name extends string>(defaults: Record<Name, string>) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    Object.entries<string>(defaults).map(([name, fallback]) => [name, params.get(name) ?? fallback]),
  ) as Record<Name, string>;
  const change = (name: Name, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };
  return { filters, change };
}
