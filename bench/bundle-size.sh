#!/usr/bin/env bash
# Prints raw, gzip (level 9) and brotli (quality 11) sizes of the hydration bundle under
# target/site/pkg (or the folder given), and their sum. Run after `make build`.
# Usage: bench/bundle-size.sh [PKG_DIR]
# Uses Node's zlib for both codecs (Node is already needed for wasm-opt and Playwright).
set -euo pipefail
PKG="${1:-}"
[ -z "$PKG" ] || PKG=$(realpath "$PKG")
cd "$(dirname "$0")/.."
PKG="${PKG:-target/site/pkg}"
[ -f "$PKG/claimcheck.wasm" ] || { echo "no $PKG/claimcheck.wasm: run make build first" >&2; exit 1; }
node - "$PKG" <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const dir = process.argv[2];
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
let total = [0, 0, 0];
console.log('file'.padEnd(20) + 'raw'.padStart(11) + 'gzip -9'.padStart(11) + 'brotli 11'.padStart(11));
for (const f of ['claimcheck.wasm', 'claimcheck.js']) {
  const buf = fs.readFileSync(path.join(dir, f));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  const br = zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
  [buf.length, gz, br].forEach((n, i) => (total[i] += n));
  console.log(f.padEnd(20) + kb(buf.length) + kb(gz) + kb(br));
}
console.log('total'.padEnd(20) + total.map(kb).join(''));
JS
