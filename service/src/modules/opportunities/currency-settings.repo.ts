import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { currencySettings, type CurrencySettings } from './opportunities.tables.js';

/** An organization that never set its currency works in US dollars with no rates. */
export const DEFAULT_BASE_CURRENCY = 'USD';

export async function findCurrencySettings(tx: Tx): Promise<CurrencySettings | undefined> {
  const [settings] = await tx.select().from(currencySettings).limit(1);
  return settings;
}

export async function baseCurrency(tx: Tx): Promise<string> {
  return (await findCurrencySettings(tx))?.baseCurrency ?? DEFAULT_BASE_CURRENCY;
}

/**
 * Writes the settings when `version` is still current: an update of the row, or its first insert when
 * there is none yet (the defaults count as version 1). Undefined when someone changed them first.
 */
export async function saveCurrencySettings(
  tx: Tx,
  input: {
    tenantId: string;
    version: number;
    exists: boolean;
    baseCurrency: string;
    rates: Record<string, string>;
  },
): Promise<CurrencySettings | undefined> {
  const values = { baseCurrency: input.baseCurrency, rates: input.rates, version: input.version + 1 };
  if (input.exists) {
    const [updated] = await tx
      .update(currencySettings)
      .set(values)
      .where(and(eq(currencySettings.tenantId, input.tenantId), eq(currencySettings.version, input.version)))
      .returning();
    return updated;
  }
  if (input.version !== 1) return undefined;
  const [inserted] = await tx
    .insert(currencySettings)
    .values({ tenantId: input.tenantId, ...values })
    .onConflictDoNothing()
    .returning();
  return inserted;
}
