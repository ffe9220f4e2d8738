import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/**/*.graphql, from the server's committed schema, and the
// operations' registry (`src/gql/persisted-documents.json`: SHA-256 → document), which the
// server takes as its trusted documents; each generated document carries its hash.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Decimal: 'string', DateTime: 'string', Date: 'string', ID: 'string', Upload: 'File', JSON: 'unknown' },
      },
    },
  },
};
export default config;
