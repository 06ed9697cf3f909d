#!/bin/sh
# One-shot setup of the compose file's broker cluster (service rabbitmq-setup): waits until every node of
# RABBITMQ_CLUSTER_NODES runs in the cluster, imports deploy/rabbitmq/definitions.json through the management API of
# RABBITMQ_MANAGEMENT_HOST (definitions are cluster-wide, so once is enough) and gives the users in it the passwords
# from the environment. Runs in the RabbitMQ management image, which has rabbitmqadmin. Idempotent; re-running it
# resets the passwords to the environment's.
set -eu

: "${RABBITMQ_ADMIN_USER:?}" "${RABBITMQ_ADMIN_PASSWORD:?}"
: "${RABBITMQ_ORCHESTRATOR_PASSWORD:?}" "${RABBITMQ_PARTICIPANTS_PASSWORD:?}" "${RABBITMQ_OPS_PASSWORD:?}" "${RABBITMQ_CLIENT_PASSWORD:?}"

host="${RABBITMQ_MANAGEMENT_HOST:-rabbitmq-1}"

admin() {
  rabbitmqadmin --host="$host" --port=15672 --username="$RABBITMQ_ADMIN_USER" --password="$RABBITMQ_ADMIN_PASSWORD" "$@"
}

# Import only once every node is in: a quorum queue the definitions declare (saga-dead-letter) gets its replicas on the
# nodes that are members when it is declared. Bounded: about a minute, then the step fails and so does `up`.
for node in ${RABBITMQ_CLUSTER_NODES:-}; do
  tries=0
  until admin -f tsv list nodes name running | grep -qx "$node	True"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
      echo "$node is not running in the cluster of $host" >&2
      exit 1
    fi
    sleep 2
  done
done

admin import /definitions/definitions.json
# The definitions carry no usable password hash; the administrator sets each password (same user, tags as imported).
admin declare user name=saga-orchestrator password="$RABBITMQ_ORCHESTRATOR_PASSWORD" tags=
admin declare user name=saga-participants password="$RABBITMQ_PARTICIPANTS_PASSWORD" tags=
admin declare user name=saga-ops password="$RABBITMQ_OPS_PASSWORD" tags=management
admin declare user name=saga-client password="$RABBITMQ_CLIENT_PASSWORD" tags=
echo "saga virtual host, users, permissions and policies are in place"
