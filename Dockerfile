# syntax=docker/dockerfile:1
# Node 22 LTS in both stages. The production image holds only what `node dist/src/main.js` loads: the compiled
# service and migrations, the compiled web chat widget, package.json (the service finds its root by it, see
# projectRoot() in src/webchat/http/widget-bundle.ts) and the production dependencies. No emulators, tests, bench
# or TypeScript sources: sandbox mode needs the emulators, so this image runs in production mode only.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci refuses this lockfile on registries that lack some platform binaries (.ci/run); npm install keeps it as is.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
# Production mode always: without DATABASE_URL and the secrets the service stops and names what is missing.
ENV SANDBOX=false
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
COPY --from=build /app/dist/widget ./dist/widget
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
