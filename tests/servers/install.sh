#!/usr/bin/env bash
# Installs or builds what the sync tests' real servers need, skipping what is already there:
#   PostgreSQL (Debian's), Tiny Tiny RSS with PHP (Debian's, no web server, no dbconfig),
#   Miniflux built from its Go module into ~/.cache/habari-tui-test/bin (outside the work tree).
# Idempotent. Installing packages needs root (CI runs as root); building Miniflux needs Go.
# Prints how long each step took.
set -euo pipefail

# Go and the cache need a home, even where the caller's environment names none.
HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
MINIFLUX_VERSION="${MINIFLUX_VERSION:-2.3.5}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/habari-tui-test"
MINIFLUX_BIN="$CACHE/bin/miniflux-$MINIFLUX_VERSION"

started=$(date +%s)
step_started=$started
step() { step_started=$(date +%s); echo "servers: $*"; }
done_step() { echo "servers:   done in $(( $(date +%s) - step_started )) s"; }
# Up to three tries, for a registry that fails once.
retry() {
    local try
    for try in 1 2 3; do
        "$@" && return 0
        [ "$try" -lt 3 ] && { echo "servers: retrying: $*" >&2; sleep $(( try * 5 )); }
    done
    return 1
}

have_postgres() {
    command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_ttrss() {
    [ -f /usr/share/tt-rss/www/api/index.php ] &&
        [ -f /usr/share/dbconfig-common/data/tt-rss/install/pgsql ] || return 1
    command -v php >/dev/null 2>&1 || return 1
    local modules
    modules=$(php -m 2>/dev/null)
    for module in pdo_pgsql curl intl mbstring; do
        grep -qx "$module" <<<"$modules" || return 1
    done
}

packages=()
have_postgres || packages+=(postgresql)
# dbconfig-no-thanks: tt-rss's database is made by the test fixtures, not by the package.
have_ttrss || packages+=(tt-rss php-cli php-cgi php-pgsql php-curl php-intl php-mbstring
                         dbconfig-no-thanks)

if [ ${#packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "servers: missing packages ${packages[*]}; install them as root (apt-get install)" >&2
        exit 1
    fi
    step "apt-get install ${packages[*]}"
    # No services are started by the packages (there is no init system to start them with).
    policy_made=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        policy_made=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    retry apt-get update -qq
    retry apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    [ "$policy_made" -eq 0 ] || rm -f /usr/sbin/policy-rc.d
    done_step
else
    echo "servers: PostgreSQL and tt-rss are installed"
fi

if [ -x "$MINIFLUX_BIN" ]; then
    echo "servers: Miniflux $MINIFLUX_VERSION is built ($MINIFLUX_BIN)"
else
    # Go's own installer puts it in /usr/local/go, which a login's PATH may not name.
    command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
    if ! command -v go >/dev/null 2>&1; then
        echo "servers: Go is needed to build Miniflux (go install miniflux.app/v2)" >&2
        exit 1
    fi
    step "building Miniflux $MINIFLUX_VERSION with $(go version | cut -d' ' -f3)"
    build_dir=$(mktemp -d)
    # -p 2: the machines have 2 cores; GOFLAGS=-trimpath keeps the work tree out of the binary.
    GOBIN="$build_dir" GOFLAGS=-trimpath retry go install -p 2 "miniflux.app/v2@v$MINIFLUX_VERSION"
    built=$(find "$build_dir" -maxdepth 1 -type f -perm -u+x | head -n 1)
    [ -n "$built" ] || { echo "servers: go install produced no binary" >&2; exit 1; }
    mkdir -p "$CACHE/bin"
    mv "$built" "$MINIFLUX_BIN.tmp" && mv "$MINIFLUX_BIN.tmp" "$MINIFLUX_BIN"
    rm -rf "$build_dir"
    done_step
fi
"$MINIFLUX_BIN" -version >/dev/null

echo "servers: ready in $(( $(date +%s) - started )) s"
