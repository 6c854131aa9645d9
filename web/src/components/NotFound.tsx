// What a screen shows for a record that does not exist or that the user may not see: the API
// answers 404 for both, so the page does not tell which.
import type { ReactNode } from "react";

export function NotFound({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h1>{title}</h1>
      <p>{children}</p>
    </section>
  );
}
