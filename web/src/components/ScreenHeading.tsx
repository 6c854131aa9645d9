// A list screen's title with its main action beside it ("New plan", "Export CSV").
import type { ReactNode } from "react";

export function ScreenHeading({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="screen-heading">
      <h1>{title}</h1>
      {children}
    </div>
  );
}
