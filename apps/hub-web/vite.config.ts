import { defineConfig } from 'vite';

// No React plugin: Vite 8 (rolldown + oxc) transforms TSX itself with the automatic runtime.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `vite` in apps/hub-web for development, against a gateway on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
