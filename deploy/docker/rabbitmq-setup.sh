#!/bin/sh
# One-shot setup of the compose file's broker (service rabbitmq-setup): imports deploy/rabbitmq/definitions.json
# through the management API and gives the users in it the passwords from the environment. Runs in the RabbitMQ
# management image, which has rabbitmqadmin. Idempotent; re-running it resets the passwords to the environment's.
set -eu

: "${RABBITMQ_ADMIN_USER:?}" "${RABBITMQ_ADMIN_PASSWORD:?}"
: "${RABBITMQ_ORCHESTRATOR_PASSWORD:?}" "${RABBITMQ_PARTICIPANTS_PASSWORD:?}" "${RABBITMQ_OPS_PASSWORD:?}" "${RABBITMQ_CLIENT_PASSWORD:?}"

admin() {
  rabbitmqadmin --host=rabbitmq --port=15672 --username="$RABBITMQ_ADMIN_USER" --password="$RABBITMQ_ADMIN_PASSWORD" "$@"
}

admin import /definitions/definitions.json
# The definitions carry no usable password hash; the administrator sets each password (same user, tags as imported).
admin declare user name=saga-orchestrator password="$RABBITMQ_ORCHESTRATOR_PASSWORD" tags=
admin declare user name=saga-participants password="$RABBITMQ_PARTICIPANTS_PASSWORD" tags=
admin declare user name=saga-ops password="$RABBITMQ_OPS_PASSWORD" tags=management
admin declare user name=saga-client password="$RABBITMQ_CLIENT_PASSWORD" tags=
echo "saga virtual host, users, permissions and policies are in place"
