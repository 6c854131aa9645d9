// A chart as Trellis shows one: a caption, the picture (hidden from screen readers) and,
// under "The numbers", the table it was drawn from, which is what a screen reader reads.
import type { ReactElement, ReactNode } from "react";
import { ResponsiveContainer } from "recharts";

interface Props {
  caption: string;
  height: number;
  chart: ReactElement;
  children: ReactNode; // the table of the chart's numbers
}

export function ChartFigure({ caption, height, chart, children }: Props) {
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      <div aria-hidden="true" className="chart-area">
        <ResponsiveContainer width="100%" height={height}>
          {chart}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>The numbers</summary>
        <table>{children}</table>
      </details>
    </figure>
  );
}
