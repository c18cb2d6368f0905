#!/usr/bin/env bash
# Prepares this machine for Portcullis: system packages (nmap, masscan, iproute2, the cairo/pango headers
# that canvas builds against), PostgreSQL and Redis running, and node_modules installed. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_apt=0
for tool in nmap masscan ip iptables pkg-config pdftotext capsh stdbuf redis-server /usr/sbin/sshd; do command -v "$tool" >/dev/null 2>&1 || need_apt=1; done
pkg-config --exists cairo pangocairo libjpeg librsvg-2.0 2>/dev/null || need_apt=1
[ -f /usr/include/gif_lib.h ] || need_apt=1
[ -d /usr/share/fonts/truetype/dejavu ] || need_apt=1
if [ "$need_apt" -eq 1 ]; then
  echo "setup: installing system packages (nmap, masscan, iproute2, cairo/pango headers, fonts, poppler)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    nmap masscan iproute2 iptables python3 build-essential pkg-config poppler-utils fonts-dejavu-core \
    libcap2-bin coreutils redis-server openssh-server \
    libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev >/dev/null
fi

if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "setup: starting PostgreSQL…"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "setup: starting Redis…"
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
for _ in $(seq 1 30); do
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break
  sleep 1
done

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ -n "${CI:-}" ]; then
  echo "setup: installing node modules (npm ci)…"
  npm ci --no-fund --no-audit
fi
