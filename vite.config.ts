import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// Everything is bundled: the app runs with no network, so no CDN, no remote fonts.
export default defineConfig({
  root: path.resolve(__dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: path.resolve(__dirname, 'dist/renderer'), emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1' },
});
