/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { rmSync } from 'node:fs';

// dist/ keeps its committed placeholder (the Go embed needs the folder to
// exist before the first build), so only the hashed assets are cleared.
const cleanAssets = {
  name: 'kefu-clean-assets',
  apply: 'build' as const,
  buildStart() {
    rmSync('dist/assets', { recursive: true, force: true });
  },
};

export default defineConfig({
  plugins: [react(), cleanAssets],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // The docs page's Swagger UI is one prebuilt 1.5 MB bundle (loaded only at /docs).
    chunkSizeWarningLimit: 1600,
    // Two pages: the console, and the API reference served at /docs.
    rolldownOptions: { input: { index: 'index.html', docs: 'docs.html' } },
  },
  server: {
    proxy: { '/v1': process.env.KEFU_API ?? 'http://localhost:8080', '/s/': process.env.KEFU_API ?? 'http://localhost:8080' },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          globals: true,
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
