export declare const BUDGET_BYTES: number;
export interface PageSize {
  page: string;
  /** Gzipped JavaScript loaded before the page can be used (modules and inline scripts). */
  bytes: number;
  /** Gzipped JavaScript loaded later, on demand (dynamic imports). */
  lazyBytes: number;
  modules: number;
}
export declare function pageSizes(dist: string): PageSize[];
