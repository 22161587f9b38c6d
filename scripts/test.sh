#!/usr/bin/env bash
# Run the whole test suite against real RabbitMQ, PostgreSQL and SeaweedFS.
# Starts RabbitMQ and PostgreSQL if they are installed but not running, and
# enables RabbitMQ's management plugin, which nameko's test fixtures use to
# create a vhost per test. The browser tests in e2e/ run in a second pytest
# process because Playwright needs the standard library without eventlet's
# patches. Extra arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python

port_open() {
    "$PY" -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', int(sys.argv[1]))))" "$1"
}

wait_port() {
    local port=$1 name=$2
    for _ in $(seq 1 120); do
        port_open "$port" && return 0
        sleep 0.5
    done
    echo "$name did not open port $port within 60 s" >&2
    exit 1
}

if ! port_open 5432; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    wait_port 5432 PostgreSQL
fi

if ! port_open 5672; then
    echo "Starting RabbitMQ"
    rabbitmq-server -detached
    wait_port 5672 RabbitMQ
fi

if ! port_open 15672; then
    echo "Enabling the RabbitMQ management plugin"
    rabbitmq-plugins enable rabbitmq_management rabbitmq_prometheus >/dev/null
    wait_port 15672 "RabbitMQ management"
fi

status=0
"$PY" -m pytest tests "$@" || status=$?
"$PY" -m pytest e2e "$@" || status=$?
exit $status
