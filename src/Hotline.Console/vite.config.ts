import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The server to proxy to with `npm run dev` (./run.sh --urls http://localhost:5090 in another terminal).
const server = process.env.HOTLINE_SERVER ?? 'http://localhost:5090';

export default defineConfig({
  plugins: [react()],
  // Everything is bundled and served by Hotline.Server itself: nothing is loaded from a CDN.
  build: {
    outDir: '../Hotline.Server/wwwroot',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': server,
      '/hubs': { target: server, ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
