// A table with a header row that scrolls sideways on a narrow screen: the scrolling region is
// named and reachable by keyboard (WCAG 2.1.1), and the columns are headed for screen readers.
import type { ReactNode } from "react";

interface Props {
  label: string;
  columns: string[];
  className?: string;
  children: ReactNode;
}

export function ScrollTable({ label, columns, className, children }: Props) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={className}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
