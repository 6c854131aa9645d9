// Names for the staff ids the audit log and the version history carry (they name who acted
// by id only): each id is asked once and remembered while the screen is open.
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";

export function useUserNames(ids: (number | null | undefined)[]): Map<number, string> {
  const [names, setNames] = useState(new Map<number, string>());
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === "number"))].sort();
  const key = wanted.join(",");

  useEffect(() => {
    const missing = wanted.filter((id) => !names.has(id));
    if (!missing.length) return;
    let current = true;
    Promise.all(
      missing.map((id) =>
        api
          .GET("/api/v1/users/{id}", { params: { path: { id } } })
          .then((result) => [id, unwrap(result).name ?? `User ${id}`] as const)
          .catch(() => [id, `User ${id}`] as const),
      ),
    ).then((found) => {
      if (current) setNames((known) => new Map([...known, ...found]));
    });
    return () => {
      current = false;
    };
    // key stands for wanted, a new array at every render: compare by value.
  }, [key]);
  return names;
}

// Who acted: a staff member's name, or the system for changes no one signed in made.
export function actorName(names: Map<number, string>, id: number | null | undefined): string {
  if (id === null || id === undefined) return "System";
  return names.get(id) ?? `User ${id}`;
}
