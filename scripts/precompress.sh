#!/usr/bin/env bash
# Writes NAME.br (brotli, quality 11) and NAME.gz (gzip -9) next to every .wasm, .js and .css under
# the folder given (default target/site/pkg), so the server sends them with Content-Encoding set
# instead of compressing on every request (ServeDir's precompressed_br / precompressed_gzip).
# Run after every release build: a stale .br would be served in place of a newer file.
# Uses Node's zlib (Node is already needed for wasm-opt and the browser tests).
set -euo pipefail
DIR="${1:-target/site/pkg}"
[ -d "$DIR" ] || { echo "no $DIR: build first" >&2; exit 1; }
node - "$DIR" <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const dir = process.argv[2];
for (const f of fs.readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const file = path.join(dir, f);
  const buf = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_MODE]: f.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = zlib.gzipSync(buf, { level: 9 });
  // Write to a temporary name and rename, so a running server never serves half a file.
  for (const [ext, data] of [['.br', br], ['.gz', gz]]) {
    fs.writeFileSync(file + ext + '.tmp', data);
    fs.renameSync(file + ext + '.tmp', file + ext);
  }
  console.log(`${f}: ${buf.length} bytes, brotli ${br.length}, gzip ${gz.length}`);
}
JS
