import { parse } from 'graphql';
import { LoginDocument } from '../gql/graphql';
import registry from '../gql/persisted-documents.json';
import { registeredHash } from './client';

describe('persisted operations', () => {
  it('names a generated operation by its hash in the registry the server trusts', async () => {
    const hash = await registeredHash('', LoginDocument);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(registry)).toContain(`sha256:${hash}`);
    expect((registry as Record<string, string>)[`sha256:${hash}`]).toContain('mutation Login(');
  });

  it('sends a document written by hand as text', async () => {
    expect(await registeredHash('', parse('{ __typename }'))).toBeUndefined();
  });
});
