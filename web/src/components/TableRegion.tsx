// A table in a named region that scrolls sideways on narrow screens; the region takes focus
// so that keyboard users can scroll it too.
import type { ReactNode } from "react";

export function TableRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={className}>{children}</table>
    </div>
  );
}
