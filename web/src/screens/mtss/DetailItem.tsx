// One term and its value in a page's header list (<dl className="case-header">).
import type { ReactNode } from "react";

export function DetailItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
