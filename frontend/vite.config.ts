import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// In development the API runs on :8080 (`cargo run`); the app is served by Vite and proxies to it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // The app, and GraphiQL for the API (served at /graphql), sharing React.
      input: { app: 'index.html', graphiql: 'graphiql.html' },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // GraphQL Inspector must use the same `graphql` module as the test (one schema realm).
    server: { deps: { inline: ['@graphql-inspector/core'] } },
  },
});
