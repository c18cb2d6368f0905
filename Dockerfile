# Portcullis image: one image for the control plane (bot, migrate) and the scanner (worker); the command
# picks the role. Everything runs as the unprivileged user `portcullis` (uid 10001), never root:
# - nmap and masscan carry their raw-socket capabilities as file capabilities (setcap), which a process
#   gets only where the container grants them (cap_add: NET_RAW, NET_ADMIN: the worker service);
#   NMAP_PRIVILEGED tells nmap it may use them although it is not root;
# - `node-scanner` is a copy of node with the same file capabilities, for the worker only: the worker checks
#   that raw sockets are allowed (CapEff) before it takes masscan/nmap -sS jobs. It cannot even start in a
#   container without NET_ADMIN (the kernel refuses a capability it cannot grant), so the bot uses plain
#   `node`.
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
COPY control ./control
COPY vulns ./vulns
COPY bench ./bench
RUN npm ci --no-fund --no-audit && npm prune --omit=dev

# Runtime stage: the scanners and the shared libraries canvas links against; no compilers.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nmap masscan iproute2 libcap2-bin ca-certificates \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libjpeg62-turbo libgif7 librsvg2-2 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin portcullis \
 && cp /usr/local/bin/node /usr/local/bin/node-scanner \
 && setcap cap_net_raw,cap_net_admin+eip /usr/bin/nmap \
 && setcap cap_net_raw,cap_net_admin+eip /usr/bin/masscan \
 && setcap cap_net_raw,cap_net_admin+eip /usr/local/bin/node-scanner
WORKDIR /app
ENV NODE_ENV=production NMAP_PRIVILEGED=1 PORTCULLIS_OUTPUT_DIR=/app/output
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The bundled CVE data (NVD records and the CISA KEV catalog) that migrate loads into an empty store.
COPY data ./data
RUN mkdir -p /app/output && chown portcullis:portcullis /app/output
USER portcullis
# The worker needs raw sockets: run it with cap_add NET_RAW and NET_ADMIN and the entrypoint
# ["node-scanner", "bin/portcullis.js"] (see docker-compose.yml).
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/portcullis.js"]
CMD ["start"]
