import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { enumsEn, enumsZh } from './enums';
import { bundles, type Messages } from './index';
import '../features/registry';

const schema = buildSchema(readFileSync(resolve(process.cwd(), '../schema.graphql'), 'utf8'));

function keys(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

describe('translations', () => {
  it('label every value of every enum the app shows, in both languages', () => {
    for (const [name, values] of Object.entries(enumsZh)) {
      const type = schema.getType(name);
      expect(type && isEnumType(type), `${name} is an enum of the schema`).toBe(true);
      if (!type || !isEnumType(type)) continue;
      const schemaValues = type.getValues().map((v) => v.name).sort();
      expect(Object.keys(values).sort(), name).toEqual(schemaValues);
      expect(Object.keys((enumsEn as Record<string, object>)[name]).sort(), name).toEqual(schemaValues);
    }
  });

  it('have the same keys in Chinese and English for every screen', () => {
    expect(bundles.length).toBeGreaterThan(1);
    for (const b of bundles) {
      expect(keys(b.en).sort(), b.ns).toEqual(keys(b.zh).sort());
      for (const k of keys(b.en)) expect(k, `${b.ns}.${k}`).not.toBe('');
    }
  });
});
