import type { Analytics } from './analytics.commands.js';

/** The report as the API gives it: the command already speaks the contract (figures rounded, days as text). */
export function presentAnalytics(report: Analytics) {
  return report;
}
