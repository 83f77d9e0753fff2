#!/bin/sh
# Builds the wasm benchmark (profile `release`: opt-level 3; `PROFILE=web` for the
# size-optimised settings the web app ships with) and times it in Node.js.
set -eu
cd "$(dirname "$0")"
profile="${PROFILE:-release}"
target_dir="$(cd ../../../.. && pwd)/target/wasm-bench"
CARGO_TARGET_DIR="$target_dir" cargo build --profile "$profile" --target wasm32-unknown-unknown
node run.mjs "$target_dir/wasm32-unknown-unknown/$profile/promplay_wasm_bench.wasm"
