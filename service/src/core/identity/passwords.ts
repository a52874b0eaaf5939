import argon2 from 'argon2';
import { newSecretText } from '../http/text.js';

/** Length over composition rules (NIST SP 800-63B): at least 10 characters, at most 256. */
export const PasswordSchema = newSecretText({ min: 10, max: 256 });

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the account does not exist keeps sign-in time the same either way. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that never matches anything');
  return decoyHash;
}
