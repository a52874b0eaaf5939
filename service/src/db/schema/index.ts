export * from './tenants.js';
export * from './audit-logs.js';
