"""The quiz service: question bank, published versions, campaign links, attempts and scoring.

It emits ``quiz_completed`` through its outbox when an attempt is scored.
Nothing it stores identifies a player: no name, contact, id card number or
IP address. Entrypoints validate, call ``operations`` (bank, versions,
campaigns) or ``attempts`` (playing), commit and serialise.
"""

import logging

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy
from prometheus_client import Counter

from cybervaccine import errors, taxonomy
from cybervaccine.auth import Caller
from cybervaccine.db import Database
from cybervaccine.entrypoints import rpc
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.validation import cached, load
from services.quiz import attempts, operations, schemas
from services.quiz.messages import MESSAGES
from services.quiz.models import ACTIVE, RETIRED, OutboxMessage
from services.quiz.submissions import SubmissionLog

log = logging.getLogger(__name__)

DIRECTORY_TIMEOUT_SECONDS = 5

COMPLETIONS = Counter(
    "cybervaccine_quiz_completions_total", "Quiz attempts scored, by risk level.", ["risk_level"]
)


class QuizService(OperationsMixin):
    name = "quiz"

    db = Database()
    outbox = Outbox(OutboxMessage)
    submissions = SubmissionLog()
    directory = RpcProxy("directory")

    @property
    def attempt_minutes(self):
        return int(self.config.get("QUIZ_ATTEMPT_MINUTES") or attempts.DEFAULT_ATTEMPT_MINUTES)

    # Playing

    @rpc
    def start_attempt(self, data, idempotency_key=None):
        """Start an attempt: a balanced draw of questions without their answers."""
        data = load(schemas.StartAttemptRequest, data)

        attempt, snapshot, campaign = attempts.start_attempt(self.db, data, idempotency_key, self.attempt_minutes)
        self.db.commit()

        return cached(schemas.AttemptResponse).dump(
            {
                "attempt_id": attempt.id,
                "quiz_version": attempt.quiz_version,
                "started_at": attempt.started_at,
                "expires_at": attempt.expires_at,
                "province_code": attempt.province_code,
                "district_code": attempt.district_code,
                "age_group": attempt.age_group,
                "campaign": operations.campaign_summary(campaign),
                "questions": attempts.drawn_questions(attempt, snapshot),
            }
        )

    @rpc
    def submit_attempt(self, attempt_id, data, idempotency_key=None):
        """Score all answers of an attempt once; a retry with the same key returns the stored result."""
        data = load(schemas.SubmitAnswersRequest, data)
        key = idempotency_key or data["idempotency_key"]

        attempt, result, replayed = attempts.submit_attempt(
            self.db, self.submissions, attempt_id, data["answers"], key, self.attempt_minutes
        )

        if not replayed:
            COMPLETIONS.labels(result["risk_level"]).inc()
            log.info("attempt %s scored: version %s, risk %s", attempt.id, attempt.quiz_version, result["risk_level"])
        # The document comes from rules.result_document, whose shape matches
        # ResultResponse (a test checks it), so it is returned without a second dump.
        return dict(result, replayed=replayed)

    @rpc
    def get_result(self, attempt_id):
        return cached(schemas.ResultResponse).dump(attempts.get_result(self.db, attempt_id))

    # Campaigns

    @rpc
    def get_campaign(self, code):
        """Return the public part of a campaign: title, station and date."""
        return cached(schemas.PublicCampaignResponse).dump(operations.get_campaign(self.db, code))

    @rpc
    def create_campaign(self, caller, data):
        """Create a campaign link for a station in the caller's subtree."""
        caller = Caller.from_dict(caller)
        data = load(schemas.CreateCampaignRequest, data)
        operations.require_role(caller, *operations.CAMPAIGN_CREATORS)

        unit = self._get_unit(data["unit_id"] or caller.unit_id)
        campaign = operations.create_campaign(self.db, caller, data, unit)
        self.db.commit()

        log.info("campaign %s created for unit %s", campaign.code, campaign.unit_id)
        return self._dump_campaign(campaign, 0)

    @rpc
    def list_campaigns(self, caller):
        campaigns = operations.list_campaigns(self.db, Caller.from_dict(caller))
        counts = operations.completed_counts(self.db, [campaign.code for campaign in campaigns])
        return [self._dump_campaign(campaign, counts.get(campaign.code, 0)) for campaign in campaigns]

    # Question bank

    @rpc
    def list_questions(self, caller, query=None):
        filters = load(schemas.QuestionQuery, query or {})
        rows = operations.list_questions(self.db, Caller.from_dict(caller), filters["status"], filters["scam_type"])
        return [self._dump_question(row) for row in rows]

    @rpc
    def get_question(self, caller, code):
        operations.require_role(Caller.from_dict(caller), *operations.BANK_MANAGERS)
        return self._dump_question(operations.get_question(self.db, code))

    @rpc
    def create_question(self, caller, data):
        data = load(schemas.CreateQuestionRequest, data)

        row = operations.create_question(self.db, Caller.from_dict(caller), data, self._scam_types())
        self.db.commit()

        log.info("question %s created", row.code)
        return self._dump_question(row)

    @rpc
    def update_question(self, caller, code, data):
        """Edit a question; published versions keep the content they were published with."""
        data = load(schemas.UpdateQuestionRequest, data)

        row = operations.update_question(self.db, Caller.from_dict(caller), code, data, self._scam_types())
        self.db.commit()

        log.info("question %s is at revision %s", row.code, row.revision)
        return self._dump_question(row)

    @rpc
    def retire_question(self, caller, code):
        row = operations.set_question_status(self.db, Caller.from_dict(caller), code, RETIRED)
        self.db.commit()

        log.info("question %s retired", row.code)
        return self._dump_question(row)

    @rpc
    def restore_question(self, caller, code):
        row = operations.set_question_status(self.db, Caller.from_dict(caller), code, ACTIVE)
        self.db.commit()

        log.info("question %s active again", row.code)
        return self._dump_question(row)

    @rpc
    def import_questions(self, caller, data):
        """Create or update questions from CSV or JSON; nothing is imported if any line is wrong."""
        data = load(schemas.ImportRequest, data)

        counts = operations.import_questions(
            self.db, Caller.from_dict(caller), data["content"], data["format"], self._scam_types()
        )
        self.db.commit()

        log.info("questions imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged", counts)
        return cached(schemas.ImportResponse).dump(counts)

    @rpc
    def export_questions(self, caller, file_format="json"):
        """Return the active questions as CSV or JSON text, in the import format."""
        data = load(schemas.ExportQuery, {"format": file_format})
        return operations.export_questions(self.db, Caller.from_dict(caller), data["format"])

    @rpc
    def publish_version(self, caller, data=None):
        """Publish the active questions as a new version; later attempts draw from it."""
        data = load(schemas.PublishRequest, data or {})
        names = self._scam_types()

        version = operations.publish_version(self.db, Caller.from_dict(caller), data["note"], names)
        self.db.commit()

        covered = set(operations.snapshot_of(self.db, version.number)["scam_types"])
        log.info("quiz version %s published with %s questions", version.number, version.question_count)
        response = cached(schemas.VersionResponse).dump(version)
        response["uncovered_scam_types"] = sorted(set(names) - covered)
        return response

    @rpc
    def list_versions(self, caller):
        return cached(schemas.VersionResponse, many=True).dump(operations.list_versions(self.db, Caller.from_dict(caller)))

    # Helpers

    def _get_unit(self, unit_id):
        try:
            with eventlet.Timeout(DIRECTORY_TIMEOUT_SECONDS):
                return self.directory.get_unit(unit_id)
        except (eventlet.Timeout, UnknownService):
            raise MESSAGES.error(errors.Unavailable, "directory_unavailable", details={"service": "directory"})

    def _scam_types(self):
        """Return {code: {name_th, name_en}} of the active scam types, from the directory.

        When the directory call fails or times out, the seed taxonomy is used
        instead and a warning is logged, so bank editing goes on without it.
        """
        try:
            with eventlet.Timeout(DIRECTORY_TIMEOUT_SECONDS):
                items = self.directory.list_scam_types()
        except (eventlet.Timeout, UnknownService) as error:
            log.warning("directory list_scam_types failed (%r); using the seed taxonomy", error)
            items = taxonomy.seed_scam_types()
        return {item["code"]: {"name_th": item["name_th"], "name_en": item["name_en"]} for item in items}

    def _dump_question(self, row):
        data = operations.question_to_bank(row)
        data.update(status=row.status, revision=row.revision, updated_at=row.updated_at, updated_by=row.updated_by)
        return cached(schemas.QuestionResponse).dump(data)

    def _dump_campaign(self, campaign, completed):
        data = cached(schemas.CampaignResponse).dump(campaign)
        data["link"] = "/quiz?c={}".format(campaign.code)
        data["completed_attempts"] = completed
        return data
