import { describe, expect, it } from '@jest/globals';
import { roleUrl } from './postgres.js';

describe('roleUrl', () => {
  it('gives a role the same password for every database of one server, so set-ups never clash', () => {
    const a = new URL(roleUrl('postgres://owner:secret@db.example.com:5432/closer_a', 'closer_app'));
    const b = new URL(
      roleUrl('postgres://owner:secret@db.example.com:5432/closer_b?sslmode=require', 'closer_app'),
    );
    expect(a.password).toBe(b.password);
    expect(a.pathname).toBe('/closer_a');
    expect(b.pathname).toBe('/closer_b');
    expect(a.username).toBe('closer_app');
  });

  it('differs per role, per owner login and per server', () => {
    const base = 'postgres://owner:secret@db.example.com:5432/closer';
    const passwords = [
      roleUrl(base, 'closer_app'),
      roleUrl(base, 'closer_jobs'),
      roleUrl('postgres://owner:other@db.example.com:5432/closer', 'closer_app'),
      roleUrl('postgres://owner:secret@db2.example.com:5432/closer', 'closer_app'),
    ].map((url) => new URL(url).password);
    expect(new Set(passwords).size).toBe(4);
  });
});
