import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/**/*.graphql, from the server's committed schema.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Decimal: 'string', DateTime: 'string', Date: 'string', ID: 'string', Upload: 'File', JSON: 'unknown' },
      },
    },
  },
};
export default config;
