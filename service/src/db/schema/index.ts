export * from './tenants.js';
export * from './audit-logs.js';
export * from './users.js';
export * from './organization.js';
export * from './access.js';
