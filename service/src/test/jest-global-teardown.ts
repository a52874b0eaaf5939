/**
 * Jest `globalTeardown` (jest.config.js): drops this run's template database and snapshot directory, as
 * `jest-global-setup.ts` left them in a global (Jest loads both files without the module name mapper, so
 * this one cannot import that one).
 */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { closerTestRun?: { teardown(): Promise<void> } }).closerTestRun?.teardown();
}
