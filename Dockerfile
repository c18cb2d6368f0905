# Portcullis image: one image for the bot and the worker (the command picks the role).
# Build stage: compiles TypeScript and builds canvas from source against cairo/pango.
FROM node:20-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config python3 \
      libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY core ./core
COPY scanner ./scanner
COPY db ./db
COPY worker ./worker
COPY bot ./bot
COPY cli ./cli
COPY bench ./bench
RUN npm ci --no-fund --no-audit && npm prune --omit=dev

# Runtime stage: the scanners and the shared libraries canvas links against; no compilers.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nmap masscan iproute2 libcap2-bin ca-certificates \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libjpeg62-turbo libgif7 librsvg2-2 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The worker needs raw sockets: run it with cap_add NET_RAW and NET_ADMIN (see docker-compose.yml).
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/portcullis.js"]
CMD ["start"]
