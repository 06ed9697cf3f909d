#!/usr/bin/env bash
# Installs or upgrades the Saga services under systemd from `dotnet publish` output.
#
#   sudo deploy/systemd/install.sh --orchestrator out/orchestrator --participants out/participants [--instances N] [--start]
#
# - creates the system user and group `saga` (no login shell, no home) when missing;
# - copies each published directory to /opt/saga/<service> (root-owned, read-only to `saga`), keeping the previous
#   version in /opt/saga/<service>.previous for a manual rollback; all instances of a service on the host run it;
# - installs the template units saga-<service>@.service and the migrate units into /etc/systemd/system;
# - installs /etc/saga/<service>.env, <service>-migrate.env and, for each instance i of 1..N (default 1),
#   <service>@i.env from the examples, only when they do not exist yet (root:root, 0600), never overwriting; instance i
#   gets the operations listener's port of the example + 10 × (i − 1);
# - daemon-reload and enable saga-<service>@1..N; with --start, runs the migrate units once and then restarts the
#   instances one after another (each restart returns once that instance is ready again).
# Fewer instances later: systemctl disable --now saga-<service>@<i> for the ones to drop.
#
# --root DIR installs into DIR instead of / (a staging tree, as the tests do): no user is created, no file ownership
# is changed and systemctl is not called.
set -euo pipefail

usage() {
  echo "usage: $0 [--orchestrator DIR] [--participants DIR] [--instances N] [--start] [--root DIR]" >&2
  exit 2
}

here="$(cd "$(dirname "$0")" && pwd)"
orchestrator=""
participants=""
start=false
root=""
instances=1
while [ $# -gt 0 ]; do
  case "$1" in
    --orchestrator) [ $# -ge 2 ] || usage; orchestrator="$2"; shift 2 ;;
    --participants) [ $# -ge 2 ] || usage; participants="$2"; shift 2 ;;
    --instances) [ $# -ge 2 ] || usage; instances="$2"; shift 2 ;;
    --start) start=true; shift ;;
    --root) [ $# -ge 2 ] || usage; root="${2%/}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$orchestrator" ] || [ -n "$participants" ] || usage
case "$instances" in
  ''|*[!0-9]*|0*) echo "--instances takes a number from 1" >&2; usage ;;
esac

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

# install_env NAME [EXAMPLE]: the example (default NAME.env.example) becomes /etc/saga/NAME.env unless that exists.
install_env() {
  local destination="$root/etc/saga/$1.env" example="$here/${2:-$1.env.example}"
  if [ -e "$destination" ]; then
    echo "kept $destination"
  else
    install_file 0600 "$example" "$destination"
    echo "created $destination from the example: replace every CHANGE_ME"
  fi
}

# install_instance_env NAME INSTANCE: /etc/saga/NAME@INSTANCE.env from NAME@.env.example unless it exists, with the
# operations listener on the example's port + 10 × (INSTANCE − 1), so that the host's instances do not collide.
install_instance_env() {
  local name="$1" instance="$2"
  local example="$here/$name@.env.example" destination="$root/etc/saga/$name@$instance.env"
  if [ -e "$destination" ]; then
    echo "kept $destination"
    return
  fi
  local base port
  base="$(sed -n 's|^Operations__Url=http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$example")"
  [ -n "$base" ] || { echo "$example has no Operations__Url=http://127.0.0.1:<port> line" >&2; exit 1; }
  port=$((base + 10 * (instance - 1)))
  local generated
  generated="$(mktemp)"
  sed "s|^Operations__Url=http://127\.0\.0\.1:$base\$|Operations__Url=http://127.0.0.1:$port|" "$example" >"$generated"
  install_file 0600 "$generated" "$destination"
  rm -f "$generated"
  echo "created $destination (operations listener on 127.0.0.1:$port)"
}

services=()
for pair in "orchestrator:$orchestrator:Saga.SagaOrchestrator" "participants:$participants:Saga.Participants"; do
  IFS=: read -r name source apphost <<<"$pair"
  [ -n "$source" ] || continue
  copy_service "$name" "$source" "$apphost"
  install_file 0644 "$here/saga-$name@.service" "$root/etc/systemd/system/saga-$name@.service"
  install_file 0644 "$here/saga-$name-migrate.service" "$root/etc/systemd/system/saga-$name-migrate.service"
  install_env "$name"
  install_env "$name-migrate"
  for ((i = 1; i <= instances; i++)); do
    install_instance_env "$name" "$i"
  done
  if [ -e "$root/etc/systemd/system/saga-$name.service" ]; then
    echo "saga-$name.service (the single-instance unit of an earlier version) is still installed: move its Operations__Url to" \
      "/etc/saga/$name@1.env, then systemctl disable --now saga-$name && rm /etc/systemd/system/saga-$name.service" \
      "&& systemctl start saga-$name@1" >&2
  fi
  services+=("$name")
done

if $staging; then
  exit 0
fi

systemctl daemon-reload
for name in "${services[@]}"; do
  for ((i = 1; i <= instances; i++)); do
    systemctl enable "saga-$name@$i.service"
  done
done

if $start; then
  # Participants first (the order of "services"), migrations once per service, then one instance at a time: the
  # others keep consuming while one restarts, and a restart returns only once the instance is ready (Type=notify).
  for name in "${services[@]}"; do
    systemctl start "saga-$name-migrate.service"
  done
  for name in participants orchestrator; do
    [[ " ${services[*]} " == *" $name "* ]] || continue
    for ((i = 1; i <= instances; i++)); do
      systemctl restart "saga-$name@$i.service"
    done
  done
else
  echo "enabled; edit /etc/saga/*.env, then: systemctl start saga-<service>-migrate && systemctl start saga-<service>@<instance>"
fi
