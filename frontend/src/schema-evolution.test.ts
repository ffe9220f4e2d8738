// The schema evolves without surprising its clients: every breaking change between the last
// released schema and the current one (GraphQL Inspector's judgement) is listed in
// CHANGELOG.md's Unreleased section with a migration note.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

/** The Unreleased section of the changelog. */
function unreleased(changelog: string): string {
  const start = changelog.indexOf('\n## Unreleased');
  if (start < 0) return '';
  const next = changelog.indexOf('\n## ', start + 1);
  return changelog.slice(start, next < 0 ? undefined : next);
}

/** Every name written in backticks. */
function named(text: string): Set<string> {
  return new Set([...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

describe('schema evolution', () => {
  it('lists every breaking change since the last release in the changelog, with a migration note', async () => {
    const released = buildSchema(read('../released-schema.graphql'));
    const current = buildSchema(read('../../schema.graphql'));
    const breaking = (await diff(released, current)).filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    const section = unreleased(read('../../CHANGELOG.md'));
    const listed = named(section);
    const unlisted = breaking.filter((c) => !c.path || !listed.has(c.path)).map((c) => c.message);
    expect(unlisted, 'breaking changes missing from CHANGELOG.md (Unreleased, by path in backticks)').toEqual([]);
    if (breaking.length > 0) expect(section).toContain('**Migration:**');
  });

  it('finds a breaking change when there is one (removing a field)', async () => {
    const before = buildSchema('type Query { a: Int b: String }');
    const after = buildSchema('type Query { a: Int }');
    const changes = await diff(before, after);
    expect(changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => c.path)).toEqual(['Query.b']);
    expect(named('- `Query.b`: gone')).toContain('Query.b');
  });
});
