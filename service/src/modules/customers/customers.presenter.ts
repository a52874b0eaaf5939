import type { CustomerRow } from './customers.repo.js';

export function presentCustomer(customer: CustomerRow) {
  return {
    id: customer.id,
    name: customer.name,
    domains: customer.domains,
    industry: customer.industry,
    tags: customer.tags,
    sizeBand: customer.sizeBand,
    annualRevenue: customer.annualRevenue,
    revenueCurrency: customer.revenueCurrency,
    country: customer.country,
    status: customer.status,
    owner: { id: customer.ownerId, name: customer.ownerName },
    teamId: customer.teamId,
    customFields: customer.customFields,
    mergedIntoId: customer.mergedIntoId,
    deletedAt: customer.deletedAt?.toISOString() ?? null,
    version: customer.version,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

export type CustomerView = ReturnType<typeof presentCustomer>;
