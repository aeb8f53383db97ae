import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The bundle is embedded in the rmmgraph binary (web.go) and committed, so
// its file names must only change when its content does.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:8080', ws: true } } },
});
