import { recordAudit } from '../../core/audit/audit.js';
import { AppError } from '../../core/errors/app-error.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { CommandInput } from '../../core/module/module.js';
import {
  DEFAULT_BASE_CURRENCY,
  findCurrencySettings,
  saveCurrencySettings,
} from './currency-settings.repo.js';
import { CURRENCY_SETTINGS_PERMISSIONS } from './opportunities.policy.js';
import { presentCurrencySettings } from './opportunities.presenter.js';
import type { CurrencySettingsInput } from './opportunities.schema.js';

/** The organization's base currency and exchange rates, which pipeline totals convert with. */

type Command = CommandInput;

export interface CurrencySettingsView {
  baseCurrency: string;
  rates: Record<string, string>;
  version: number;
  /** Null while the organization runs on the defaults. */
  updatedAt: Date | null;
}

const DEFAULTS: CurrencySettingsView = {
  baseCurrency: DEFAULT_BASE_CURRENCY,
  rates: {},
  version: 1,
  updatedAt: null,
};

export async function getCurrencySettings({ actor, tx }: Command): Promise<CurrencySettingsView> {
  assertAllowed(actor, CURRENCY_SETTINGS_PERMISSIONS, 'read');
  return (await findCurrencySettings(tx)) ?? DEFAULTS;
}

/** Replaces the base currency and the rates (PUT); a stale version gets 409 with the current settings. */
export async function putCurrencySettings({
  actor,
  tx,
  version,
  baseCurrency,
  rates,
}: Command & CurrencySettingsInput): Promise<CurrencySettingsView> {
  assertAllowed(actor, CURRENCY_SETTINGS_PERMISSIONS, 'configure');
  const before = await findCurrencySettings(tx);
  const saved = await saveCurrencySettings(tx, {
    tenantId: actor.tenantId,
    version,
    exists: before !== undefined,
    baseCurrency,
    rates,
  });
  if (!saved) {
    const current = (await findCurrencySettings(tx)) ?? DEFAULTS;
    throw AppError.staleVersion(presentCurrencySettings(current));
  }
  await recordAudit(tx, actor.tenantId, {
    action: 'currency_settings.updated',
    entityType: 'currency_settings',
    entityId: actor.tenantId,
    before: before ?? DEFAULTS,
    after: saved,
  });
  return saved;
}
