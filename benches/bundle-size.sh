#!/usr/bin/env bash
# Prints raw, gzip (level 9) and brotli (quality 11) sizes of the hydration bundle under
# target/site/pkg (or the folder given), and their sum. Run after `make build`.
# "total" is what every page downloads, the article page included: the main WASM, its JS loader and
# the split loader the JS imports (`cargo leptos build --split`). The chunks that lazily loaded
# routes and forms fetch on demand are summed separately (the server preloads a page's chunks).
# Usage: benches/bundle-size.sh [PKG_DIR]
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
const sizes = (buf) => [
  buf.length,
  zlib.gzipSync(buf, { level: 9 }).length,
  zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
];
console.log('file'.padEnd(20) + 'raw'.padStart(11) + 'gzip -9'.padStart(11) + 'brotli 11'.padStart(11));
const files = fs.readdirSync(dir);
const loader = files.filter((f) => /^__wasm_split\..*\.js$/.test(f));
for (const f of ['claimcheck.wasm', 'claimcheck.js', ...loader]) {
  const s = sizes(fs.readFileSync(path.join(dir, f)));
  s.forEach((n, i) => (total[i] += n));
  console.log((f.startsWith('__wasm_split') ? '__wasm_split.js' : f).padEnd(20) + s.map(kb).join(''));
}
console.log('total'.padEnd(20) + total.map(kb).join(''));
if (fs.readFileSync(path.join(dir, 'claimcheck.wasm')).includes('Paste the article'))
  console.log("warning: the main WASM holds the lazily loaded pages' text (see SPLIT_DATA_SLACK in src/lib.rs)");
const chunks = files.filter((f) => /^(split_|chunk_).*\.wasm$/.test(f));
if (chunks.length) {
  const lazy = [0, 0, 0];
  for (const f of chunks) sizes(fs.readFileSync(path.join(dir, f))).forEach((n, i) => (lazy[i] += n));
  console.log(`lazy chunks (${chunks.length})`.padEnd(20) + lazy.map(kb).join(''));
}
JS
