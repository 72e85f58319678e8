#!/usr/bin/env bash
# Installs the Debian packages Threadline builds and tests with.
# Idempotent and quick when everything is present: it asks dpkg first and
# only runs apt-get (with one `apt-get update`) when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-context1.81-dev  # fibers: a write waiting for its commit holds no thread
  libsqlite3-dev libzstd-dev  # zstd packs large stored documents
  postgresql libpq-dev  # the PostgreSQL backend; its tests start their own server
  libxlsxwriter-dev  # the commissioner's return as an XLSX workbook
  libsodium-dev libssl-dev
  libjemalloc-dev  # the server's allocator
  libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  john-data  # /usr/share/john/password.lst: common passwords refused as new ones
  curl
  chromium  # /usr/bin/chromium: the browser tests (tests/browser)
)
# Node.js and npm build the web application (web/). A machine may already
# have them from elsewhere (NodeSource, nvm): then Debian's are not wanted.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
