// Which cases of the page on show are ticked for a bulk action. Another page, other filters
// or a refreshed list start with none ticked, so nothing off the screen is ever acted on.
import { useEffect, useState } from "react";

export interface Selection {
  selected: ReadonlySet<number>;
  allSelected: boolean;
  someSelected: boolean;
  toggle(id: number): void;
  toggleAll(): void;
}

export function useSelection(ids: number[]): Selection {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const idsKey = ids.join(",");
  useEffect(() => setSelected(new Set()), [idsKey]);
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  return {
    selected,
    allSelected,
    someSelected: selected.size > 0,
    toggle: (id) =>
      setSelected((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    toggleAll: () => setSelected(allSelected ? new Set() : new Set(ids)),
  };
}
