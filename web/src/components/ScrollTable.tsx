// A table with a header row in a named region that scrolls sideways on a narrow screen (the
// region takes focus, so keyboard users can scroll it too: WCAG 2.1.1). Columns are headed
// for screen readers; a column may carry a class (numbers align right).
import type { ReactNode } from "react";
import { TableRegion } from "./TableRegion";

export type Column = string | { label: string; className: string };

interface Props {
  label: string;
  columns: Column[];
  className?: string;
  children: ReactNode;
}

export function ScrollTable({ label, columns, className, children }: Props) {
  return (
    <TableRegion label={label} className={className}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === "string" ? (
              <th scope="col" key={column}>
                {column}
              </th>
            ) : (
              <th scope="col" key={column.label} className={column.className}>
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </TableRegion>
  );
}
