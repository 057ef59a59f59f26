#!/usr/bin/env bash
# Builds static/vendor/yjs.mjs: Yjs and its one dependency lib0 as a single ES module,
# from exactly pinned npm packages, with esbuild. Run it only to update Yjs; running the
# app needs no build step (the built file is committed). Needs node and npm.
#   tools/build-yjs.sh            rebuild static/vendor/yjs.mjs and print its sha256
set -euo pipefail
YJS=13.6.33
LIB0=0.2.120
ESBUILD=0.28.2
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > package.json <<JSON
{"private": true, "dependencies": {"yjs": "$YJS", "lib0": "$LIB0", "esbuild": "$ESBUILD"},
 "overrides": {"lib0": "$LIB0"}}
JSON
npm install --no-audit --no-fund --ignore-scripts=false --silent
# Only what the phone uses, re-exported from one entry, so the bundle has one copy of lib0.
cat > entry.mjs <<'JS'
export { Doc, Text, UndoManager, applyUpdate, encodeStateAsUpdate, encodeStateVector,
         encodeStateVectorFromUpdate, mergeUpdates, createRelativePositionFromTypeIndex,
         createAbsolutePositionFromRelativePosition } from "yjs";
export { fromBase64, toBase64 } from "lib0/buffer";
JS
node_modules/.bin/esbuild entry.mjs --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none --outfile="$here/static/vendor/yjs.mjs"
cp node_modules/yjs/LICENSE "$here/static/vendor/yjs.LICENSE"
cp node_modules/lib0/LICENSE "$here/static/vendor/lib0.LICENSE"
echo "yjs $(node -p 'require("./node_modules/yjs/package.json").version'), lib0 $(node -p 'require("./node_modules/lib0/package.json").version'), esbuild $ESBUILD"
sha256sum "$here/static/vendor/yjs.mjs"
