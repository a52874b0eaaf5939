/**
 * What every chart of the dashboard shows, in one shape: categories along one axis (periods, stages,
 * people), one or more series of numbers, and how to write a value. The same data is the chart, its
 * table view and its CSV export, so the three never disagree.
 */
export interface Series {
  label: string;
  values: (number | null)[];
  /** A CSS colour variable (`--accent`) for the line or bar. */
  color?: string;
  /** Dashed (bounds of a band), or left out of the drawing but kept in the table and CSV. */
  style?: 'solid' | 'dashed' | 'table-only';
}

export interface ChartData {
  categories: string[];
  series: Series[];
  /** Writes a value for people (axes, table); the CSV keeps the raw number. */
  format: (value: number) => string;
  /** Fill between two series (indexes into `series`): the forecast's P10-P90 band. */
  band?: [upper: number, lower: number];
}
