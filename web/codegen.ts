import type { CodegenConfig } from '@graphql-codegen/cli';

// Operations are typed from the committed schema snapshot: a schema change
// that breaks the console fails its type check.
const config: CodegenConfig = {
  schema: '../graph/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string', JSON: 'unknown' },
        skipTypename: true,
      },
    },
  },
};
export default config;
