#!/usr/bin/env bash
# Installs or upgrades the Saga services under systemd from `dotnet publish` output.
#
#   sudo deploy/systemd/install.sh --orchestrator out/orchestrator --participants out/participants [--start]
#
# - creates the system user and group `saga` (no login shell, no home) when missing;
# - copies each published directory to /opt/saga/<service> (root-owned, read-only to `saga`), keeping the previous
#   version in /opt/saga/<service>.previous for a manual rollback;
# - installs the four units into /etc/systemd/system;
# - installs /etc/saga/*.env from the examples only when they do not exist yet (root:root, 0600), never overwriting;
# - daemon-reload and enable the two services; with --start, runs the migrate units and (re)starts the services.
#
# --root DIR installs into DIR instead of / (a staging tree, as the tests do): no user is created, no file ownership
# is changed and systemctl is not called.
set -euo pipefail

usage() {
  echo "usage: $0 [--orchestrator DIR] [--participants DIR] [--start] [--root DIR]" >&2
  exit 2
}

here="$(cd "$(dirname "$0")" && pwd)"
orchestrator=""
participants=""
start=false
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --orchestrator) [ $# -ge 2 ] || usage; orchestrator="$2"; shift 2 ;;
    --participants) [ $# -ge 2 ] || usage; participants="$2"; shift 2 ;;
    --start) start=true; shift ;;
    --root) [ $# -ge 2 ] || usage; root="${2%/}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$orchestrator" ] || [ -n "$participants" ] || usage

staging=false
if [ -n "$root" ]; then
  staging=true
elif [ "$(id -u)" -ne 0 ]; then
  echo "run as root (or with --root DIR for a staging tree)" >&2
  exit 1
fi

# Ownership and mode of installed files; in a staging tree only the mode.
install_file() { # mode source destination
  if $staging; then
    install -m "$1" "$2" "$3"
  else
    install -o root -g root -m "$1" "$2" "$3"
  fi
}

if ! $staging && ! getent passwd saga >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin saga
  echo "created system user saga"
fi

install -d -m 0755 "$root/opt/saga" "$root/etc/systemd/system"
install -d -m 0700 "$root/etc/saga"

# copy_service NAME PUBLISHED_DIR APPHOST
copy_service() {
  local name="$1" source="$2" apphost="$3"
  local target="$root/opt/saga/$name"
  if [ ! -x "$source/$apphost" ]; then
    echo "$source/$apphost is missing or not executable: pass the output of dotnet publish -r linux-x64" >&2
    exit 1
  fi
  rm -rf "$target.new"
  cp -R "$source" "$target.new"
  # Keep an operator's appsettings.Production.json (non-secret settings) across upgrades.
  if [ -f "$target/appsettings.Production.json" ] && [ ! -f "$target.new/appsettings.Production.json" ]; then
    cp -p "$target/appsettings.Production.json" "$target.new/"
  fi
  if ! $staging; then
    chown -R root:root "$target.new"
  fi
  chmod -R u=rwX,go=rX "$target.new"
  chmod 0755 "$target.new/$apphost"
  if [ -d "$target" ]; then
    rm -rf "$target.previous"
    mv "$target" "$target.previous"
  fi
  mv "$target.new" "$target"
  echo "installed $target"
}

# install_env NAME: the example becomes /etc/saga/NAME.env unless that exists.
install_env() {
  local destination="$root/etc/saga/$1.env"
  if [ -e "$destination" ]; then
    echo "kept $destination"
  else
    install_file 0600 "$here/$1.env.example" "$destination"
    echo "created $destination from the example: replace every CHANGE_ME"
  fi
}

services=()
for pair in "orchestrator:$orchestrator:Saga.SagaOrchestrator" "participants:$participants:Saga.Participants"; do
  IFS=: read -r name source apphost <<<"$pair"
  [ -n "$source" ] || continue
  copy_service "$name" "$source" "$apphost"
  install_file 0644 "$here/saga-$name.service" "$root/etc/systemd/system/saga-$name.service"
  install_file 0644 "$here/saga-$name-migrate.service" "$root/etc/systemd/system/saga-$name-migrate.service"
  install_env "$name"
  install_env "$name-migrate"
  services+=("$name")
done

if $staging; then
  exit 0
fi

systemctl daemon-reload
for name in "${services[@]}"; do
  systemctl enable "saga-$name.service"
done

if $start; then
  for name in "${services[@]}"; do
    systemctl start "saga-$name-migrate.service"
    systemctl restart "saga-$name.service"
  done
else
  echo "enabled; edit /etc/saga/*.env, then: systemctl start saga-<service>-migrate && systemctl start saga-<service>"
fi
