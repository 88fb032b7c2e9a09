#!/usr/bin/env bash
# Installs everything the workbench needs on a fresh Debian machine with Node 20:
#   npm packages (from package-lock.json), the TypeScript build, Jupyter from Debian (when missing, as root),
#   and the tslab TypeScript kernel. Safe to run again: every step is skipped when already done.
# Environment: SKIP_APT=1 skips Debian packages (notebooks then cannot be rendered).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. npm packages, exactly as package-lock.json pins them (`npm ci`: never rewrites the tracked lock file, fails
#    if package.json and the lock disagree). tfjs-node-gpu is optional: its install downloads libtensorflow and
#    is skipped offline.
if [ ! -d node_modules/@tensorflow/tfjs ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  log "npm packages already installed"
fi

# 2. Build src/ (and tests, benchmarks) into dist/.
log "building TypeScript (and the deep-net WebAssembly kernels: committed bytes are used when AssemblyScript is absent)"
npm run --silent build

# 3. Jupyter (Debian packages) for headless notebook rendering.
#    Chromium (Debian's) drives the browser checks of reports and the dashboard in the tests.
need_apt=()
command -v jupyter-nbconvert >/dev/null 2>&1 || need_apt+=(jupyter-nbconvert jupyter-notebook python3-ipykernel)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/redis-server ] || need_apt+=(redis-server)   # the Redis job back end's tests start their own server
if [ "${#need_apt[@]}" -gt 0 ] && [ "${SKIP_APT:-0}" != "1" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${need_apt[*]}"
    if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin +1440 -print -quit)" ]; then
      apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    log "WARNING: Jupyter is missing and this user cannot apt-get install it; notebooks will not render"
  fi
fi

# 4. Register the tslab kernel for JupyterLab users, pointing at this checkout's tslab, with Debian's Python
#    (the pyenv python3 first on PATH has no Jupyter). `workbench report` does not depend on this global
#    registration: it runs notebooks with a kernelspec of its own checkout.
if command -v jupyter >/dev/null 2>&1 && [ -x /usr/bin/python3 ]; then
  log "registering the tslab kernel"
  node_modules/.bin/tslab install --python=/usr/bin/python3 --binary "$PWD/node_modules/.bin/tslab" >/dev/null 2>&1 \
    || log "WARNING: could not register the tslab kernel globally (JupyterLab will not list it)"
fi
log "done"
