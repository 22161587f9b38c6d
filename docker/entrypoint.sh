#!/bin/sh
# Start one Cyber Vaccine process in the container. The first argument
# selects it: a service (directory, media, quiz, reports, analytics), the
# analytics fold worker (analytics-fold), the gateway, or an operator
# command of cybervaccine.manage (migrate, declare-queues, seed,
# replay-dead-letters, check-broker). "setup" runs
# check-broker, migrate, declare-queues and seed in that order, for the
# one-shot job that runs before the services start.
set -eu

run_service() {
    exec nameko run --config /app/config.yaml "$1"
}

manage() {
    python -m cybervaccine.manage "$@"
}

command="${1:-}"
if [ $# -gt 0 ]; then
    shift
fi

case "$command" in
    gateway) run_service gateway.service:GatewayService ;;
    directory) run_service services.directory.service:DirectoryService ;;
    media) run_service services.media.service:MediaService ;;
    quiz) run_service services.quiz.service:QuizService ;;
    reports) run_service services.reports.service:ReportsService ;;
    analytics) run_service services.analytics.service:AnalyticsService ;;
    analytics-fold) exec python -m services.analytics.fold_worker --config /app/config.yaml "$@" ;;
    migrate | declare-queues | seed | replay-dead-letters | check-broker)
        exec python -m cybervaccine.manage "$command" "$@" ;;
    setup)
        manage check-broker
        manage migrate
        manage declare-queues
        exec python -m cybervaccine.manage seed ;;
    *)
        echo "usage: entrypoint.sh gateway|directory|media|quiz|reports|analytics|analytics-fold|setup|migrate|declare-queues|seed|replay-dead-letters QUEUE|check-broker" >&2
        exit 64 ;;
esac
