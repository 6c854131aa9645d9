# Sourced by the web scripts: puts Node 20 or newer first on PATH. Playwright needs it, and
# Debian 12's own nodejs is 18. Where the system's node is older, the official Node binaries
# are fetched once from the npm registry (the platform package node-linux-<arch>, which the
# `node` package also installs) into build/node, and used from there. Nothing else changes on
# the machine.
trellis_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

trellis_use_recent_node() {
  local need=20 version=22.23.5 arch
  if command -v node >/dev/null && [ "$(trellis_node_major node)" -ge $need ]; then return 0; fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "Node $need+ is needed and the npm registry has no Node binaries for $(uname -m)" >&2
       return 1 ;;
  esac
  local dir="$PWD/build/node" bin
  bin="$dir/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than $need: fetching" \
         "node-linux-$arch@$version from the npm registry into build/node"
    mkdir -p "$dir"
    npm_config_cache="${npm_config_cache:-$PWD/build/npm-cache}" \
    npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock \
      "node-linux-$arch@$version" >/dev/null
  fi
  export PATH="$bin:$PATH"
  echo "using $(command -v node) ($(node --version))"
}

trellis_use_recent_node
