# shellcheck shell=bash
# scripts/env.sh: the environment every promplay script runs in, sourced (not run) by
# scripts/setup, scripts/serve and scripts/test so that the three agree on where tools live.

# The repository root, whatever directory the caller started in.
PROMPLAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROMPLAY_ROOT

# Tools that are not cargo binaries (wasm-opt from npm `binaryen`) live outside the repository,
# so that a `git clean` or a fresh clone does not throw away a working install.
PROMPLAY_TOOLS="${PROMPLAY_TOOLS:-${HOME}/.cache/promplay/tools}"
export PROMPLAY_TOOLS

# cargo-installed tools (trunk, wasm-bindgen) first, then wasm-opt from the tools dir.
export PATH="${CARGO_HOME:-${HOME}/.cargo}/bin:${PROMPLAY_TOOLS}/node_modules/.bin:${PATH}"

# Trunk must never reach for the network: Trunk.toml sets `offline = true` and pins the tool
# versions; this also stops its "is there a newer Trunk" request.
export TRUNK_SKIP_VERSION_CHECK=true
# npm's playwright-core never downloads a browser, but the variable makes that explicit.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# wasm-bindgen-test-runner drives the system Chromium through the system ChromeDriver.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Pinned versions. wasm-bindgen-cli must equal the `wasm-bindgen` crate in Cargo.lock,
# so it is read from there rather than written down twice.
PROMPLAY_TRUNK_VERSION="0.21.14"
PROMPLAY_BINARYEN_VERSION="132.0.0"
PROMPLAY_CARGO_FUZZ_VERSION="0.13.2"
PROMPLAY_WASM_BINDGEN_VERSION="$(awk '
  $0 == "name = \"wasm-bindgen\"" { found = 1; next }
  found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' "${PROMPLAY_ROOT}/Cargo.lock")"
export PROMPLAY_TRUNK_VERSION PROMPLAY_BINARYEN_VERSION PROMPLAY_CARGO_FUZZ_VERSION PROMPLAY_WASM_BINDGEN_VERSION

# Where the upstream ground truth lives (conformance suites, corpus): beside the clone.
PROMPLAY_SHARED_DIR="${PROMPLAY_SHARED_DIR:-$(cd "${PROMPLAY_ROOT}/.." && pwd)/shared}"
export PROMPLAY_SHARED_DIR

# Prints a section header, so that a long log is easy to scan.
promplay_say() {
  printf '\n==> %s\n' "$*"
}

# Runs a command as root: directly when we are root, else through sudo.
promplay_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}
