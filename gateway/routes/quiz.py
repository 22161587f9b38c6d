"""Routes of the quiz game, its campaign links and the question bank.

The public routes (areas, attempts, results, cards, campaign info and QR
codes) need no login and are rate limited per client. The gateway passes
the service nothing about the client's connection: no IP address reaches
the quiz service or its tables.
"""

import datetime
import json
import logging
import time

import eventlet
from eventlet import tpool
from werkzeug.wrappers import Response

from cybervaccine import areas, auth, errors
from gateway.http import JSON_TYPE, json_response, route
from gateway.ratelimit import RateLimit
from services.quiz import card, qr, schemas
from services.quiz.messages import MESSAGES as QUIZ_MESSAGES
from services.quiz.operations import BANK_MANAGERS, CAMPAIGN_CREATORS

log = logging.getLogger(__name__)

MEDIA_TIMEOUT_SECONDS = 2
MEDIA_SUGGESTIONS = 3
MEDIA_CACHE_SECONDS = 60
MEDIA_RETRY_SECONDS = 15
MEDIA_CACHE_ENTRIES = 2000
AREA_CACHE_SECONDS = 86400
CARD_CACHE_SECONDS = 86400
QR_CACHE_SECONDS = 3600
MEDIA_FIELDS = ("id", "kind", "title_th", "title_en", "description_th", "description_en", "scam_types")


class QuizRoutes:
    # Players behind one NAT address (a class at an outreach event) share a
    # bucket. A game takes about four limited requests, so these defaults let
    # roughly 15 players start at once and 30 a minute after that (an estimate).
    quiz_rate_limit = RateLimit("quiz", per_minute=120, burst=60)

    # Playing (public)

    @route("GET", "/quiz/areas", summary="Provinces, or the districts of one province, for the player's area",
           tag="quiz", query=schemas.AreaQuery, response=schemas.AreaResponse, many=True, raw=True)
    def quiz_areas(self, context):
        province = context.query["province"]
        if province and not areas.is_province(province):
            raise QUIZ_MESSAGES.invalid(
                "province_unknown", details={"field": "province", "value": province}, province_code=province
            )

        if province:
            found = [item for item in areas.districts().values() if item.province_code == province]
        else:
            found = list(areas.provinces().values())
        body = [{"code": item.code, "name_th": item.name_th, "name_en": item.name_en} for item in found]
        body.sort(key=lambda item: item["code"])
        return _cached_json(body, AREA_CACHE_SECONDS)

    @route("POST", "/quiz/attempts", summary="Start a quiz attempt: one question per scam type, no answers included",
           tag="quiz", body=schemas.StartAttemptRequest, response=schemas.AttemptResponse)
    def start_quiz_attempt(self, context):
        self.quiz_rate_limit.check(context.request)

        attempt = self.rpc.quiz.start_attempt(context.body, context.request.headers.get("Idempotency-Key"))
        return 201, attempt

    @route("POST", "/quiz/attempts/<attempt_id>/answers",
           summary="Submit every answer of an attempt and get the scored result (send an Idempotency-Key header)",
           tag="quiz", body=schemas.SubmitAnswersRequest, response=schemas.ResultResponse,
           service_checks_body=True)
    def submit_quiz_answers(self, context, attempt_id):
        self.quiz_rate_limit.check(context.request)

        key = context.request.headers.get("Idempotency-Key")
        result = self._with_extras(self.rpc.quiz.submit_attempt(attempt_id, context.body, key))
        headers = {"Idempotent-Replayed": "true"} if result["replayed"] else None
        return json_response(result, 200, headers)

    @route("GET", "/quiz/attempts/<attempt_id>/result", summary="The result of a finished attempt", tag="quiz",
           response=schemas.ResultResponse)
    def get_quiz_result(self, context, attempt_id):
        self.quiz_rate_limit.check(context.request)
        return self._with_extras(self.rpc.quiz.get_result(attempt_id))

    @route("GET", "/quiz/attempts/<attempt_id>/card.png",
           summary="Shareable result card (PNG, 1080 x 1080) with no personal data", tag="quiz", raw=True)
    def get_quiz_card(self, context, attempt_id):
        self.quiz_rate_limit.check(context.request)

        result = self.rpc.quiz.get_result(attempt_id)
        image = tpool.execute(card.render_card, result)

        response = Response(image, content_type="image/png")
        response.headers["Cache-Control"] = "public, max-age={}".format(CARD_CACHE_SECONDS)
        response.headers["Content-Disposition"] = 'inline; filename="cyber-vaccine-result.png"'
        return response

    # Campaign links

    @route("GET", "/quiz/campaigns/<code>", summary="Public details of a campaign link", tag="quiz",
           response=schemas.PublicCampaignResponse)
    def get_quiz_campaign(self, context, code):
        self.quiz_rate_limit.check(context.request)
        return self.rpc.quiz.get_campaign(code)

    @route("GET", "/quiz/campaigns/<code>/qr.png", summary="QR code of a campaign link (PNG)", tag="quiz", raw=True)
    def get_quiz_campaign_qr_png(self, context, code):
        self.quiz_rate_limit.check(context.request)
        url = self._campaign_url(context, code)
        return _qr_response(qr.qr_png(url), "image/png", code, "png")

    @route("GET", "/quiz/campaigns/<code>/qr.svg", summary="QR code of a campaign link (SVG)", tag="quiz", raw=True)
    def get_quiz_campaign_qr_svg(self, context, code):
        self.quiz_rate_limit.check(context.request)
        url = self._campaign_url(context, code)
        return _qr_response(qr.qr_svg(url), "image/svg+xml; charset=utf-8", code, "svg")

    @route("POST", "/quiz/campaigns", summary="Create a campaign link and QR code for a station's outreach event",
           tag="quiz-campaigns", roles=CAMPAIGN_CREATORS, body=schemas.CreateCampaignRequest,
           response=schemas.CampaignResponse)
    def create_quiz_campaign(self, context):
        return 201, self.rpc.quiz.create_campaign(context.caller_dict, _jsonable(context.body))

    @route("GET", "/quiz/campaigns", summary="Campaign links of the caller's subtree, with completed attempts",
           tag="quiz-campaigns", roles=CAMPAIGN_CREATORS, response=schemas.CampaignResponse, many=True)
    def list_quiz_campaigns(self, context):
        return self.rpc.quiz.list_campaigns(context.caller_dict)

    # Question bank (working group)

    @route("GET", "/quiz/questions", summary="Questions of the bank", tag="quiz-bank", roles=BANK_MANAGERS,
           query=schemas.QuestionQuery, response=schemas.QuestionResponse, many=True)
    def list_quiz_questions(self, context):
        query = {key: value for key, value in context.query.items() if value is not None}
        return self.rpc.quiz.list_questions(context.caller_dict, query)

    @route("POST", "/quiz/questions", summary="Add a question", tag="quiz-bank", roles=BANK_MANAGERS,
           body=schemas.CreateQuestionRequest, response=schemas.QuestionResponse)
    def create_quiz_question(self, context):
        return 201, self.rpc.quiz.create_question(context.caller_dict, context.body)

    @route("GET", "/quiz/questions/export", summary="Export the active questions as CSV or JSON", tag="quiz-bank",
           roles=BANK_MANAGERS, query=schemas.ExportQuery, raw=True)
    def export_quiz_questions(self, context):
        file_format = context.query["format"]
        text = self.rpc.quiz.export_questions(context.caller_dict, file_format)

        content_type = "text/csv; charset=utf-8" if file_format == "csv" else JSON_TYPE
        name = "question-bank-{}.{}".format(datetime.date.today().isoformat(), file_format)
        response = Response(text, content_type=content_type)
        response.headers["Content-Disposition"] = 'attachment; filename="{}"'.format(name)
        return response

    @route("POST", "/quiz/questions/import",
           summary="Import questions from CSV or JSON; every line is checked and nothing is imported on any error",
           tag="quiz-bank", roles=BANK_MANAGERS, body=schemas.ImportRequest, response=schemas.ImportResponse,
           max_bytes=6 * 1024 * 1024)
    def import_quiz_questions(self, context):
        return self.rpc.quiz.import_questions(context.caller_dict, context.body)

    @route("GET", "/quiz/questions/<code>", summary="One question", tag="quiz-bank", roles=BANK_MANAGERS,
           response=schemas.QuestionResponse)
    def get_quiz_question(self, context, code):
        return self.rpc.quiz.get_question(context.caller_dict, code)

    @route("PATCH", "/quiz/questions/<code>", summary="Edit a question (a new revision; published versions keep theirs)",
           tag="quiz-bank", roles=BANK_MANAGERS, body=schemas.UpdateQuestionRequest, response=schemas.QuestionResponse)
    def update_quiz_question(self, context, code):
        return self.rpc.quiz.update_question(context.caller_dict, code, context.body)

    @route("POST", "/quiz/questions/<code>/retire", summary="Retire a question from the next version",
           tag="quiz-bank", roles=BANK_MANAGERS, response=schemas.QuestionResponse)
    def retire_quiz_question(self, context, code):
        return self.rpc.quiz.retire_question(context.caller_dict, code)

    @route("POST", "/quiz/questions/<code>/restore", summary="Make a retired question active again",
           tag="quiz-bank", roles=BANK_MANAGERS, response=schemas.QuestionResponse)
    def restore_quiz_question(self, context, code):
        return self.rpc.quiz.restore_question(context.caller_dict, code)

    @route("GET", "/quiz/versions", summary="Published quiz versions, newest first", tag="quiz-bank",
           roles=BANK_MANAGERS, response=schemas.VersionResponse, many=True)
    def list_quiz_versions(self, context):
        return self.rpc.quiz.list_versions(context.caller_dict)

    @route("POST", "/quiz/versions", summary="Publish the active questions as a new quiz version", tag="quiz-bank",
           roles=BANK_MANAGERS, body=schemas.PublishRequest, response=schemas.VersionResponse)
    def publish_quiz_version(self, context):
        return 201, self.rpc.quiz.publish_version(context.caller_dict, context.body)

    # Helpers

    def _with_extras(self, result):
        """Add the card address and media suggestions for the weakest types to a result."""
        result["card_url"] = "/api/v1/quiz/attempts/{}/card.png".format(result["attempt_id"])
        result["media"] = self._suggest_media([item["scam_type"] for item in result.get("weakest_types", [])])
        return result

    def _suggest_media(self, scam_types):
        """Return up to three published media items for ``scam_types``; an empty list if the media call fails.

        A result never fails because of the media service: it is asked with a
        short timeout, and any error is logged and ignored. Answers are
        cached per set of scam types (see ``MediaSuggestionCache``). When
        no media service is running, sets not in the cache get no
        suggestions for ``MEDIA_RETRY_SECONDS`` without asking it again.
        """
        if not scam_types:
            return []
        key = tuple(scam_types)
        cached = MEDIA_CACHE.get(key)
        if cached is not None:
            return cached
        if MEDIA_CACHE.service_down():
            return []

        query = {"scam_type": ",".join(scam_types), "per_page": MEDIA_SUGGESTIONS, "sort": "downloads"}
        try:
            with eventlet.Timeout(MEDIA_TIMEOUT_SECONDS) as timeout:
                page = self.rpc.media.list_media(auth.ANONYMOUS.to_dict(), query)
        except errors.Unavailable as error:
            if error.code != "service_unavailable":
                log.warning("media suggestions unavailable: %r", error)
                return MEDIA_CACHE.put(key, [], MEDIA_RETRY_SECONDS)
            log.warning("the media service is not running, so results get no media suggestions for %d s",
                        MEDIA_RETRY_SECONDS)
            MEDIA_CACHE.mark_service_down(MEDIA_RETRY_SECONDS)
            return []
        except (Exception, eventlet.Timeout) as error:
            if isinstance(error, eventlet.Timeout) and error is not timeout:
                raise
            log.warning("media suggestions unavailable: %r", error)
            return MEDIA_CACHE.put(key, [], MEDIA_RETRY_SECONDS)

        items = page.get("items", []) if isinstance(page, dict) else page
        return MEDIA_CACHE.put(key, [_public_media(item) for item in items[:MEDIA_SUGGESTIONS]], MEDIA_CACHE_SECONDS)

    def _campaign_url(self, context, code):
        """Return the campaign's game address after checking that the campaign exists."""
        self.rpc.quiz.get_campaign(code)
        base = self.config.get("PUBLIC_BASE_URL") or context.request.host_url
        return qr.campaign_url(base, code)


class MediaSuggestionCache:
    """Media suggestions per set of weakest scam types, kept for a short time in this gateway process.

    Thousands of results a minute share a few hundred sets of weakest types,
    and the catalogue changes rarely, so one media call per set and minute
    is enough. A failed call is cached as an empty list for a shorter time.
    When no media service is running, the cache records that once for
    every set (``mark_service_down``).
    """

    def __init__(self, max_entries=MEDIA_CACHE_ENTRIES, clock=time.monotonic):
        self.max_entries = max_entries
        self.clock = clock
        self.entries = {}
        self.down_until = 0.0

    def clear(self):
        self.entries.clear()
        self.down_until = 0.0

    def service_down(self):
        return self.clock() < self.down_until

    def mark_service_down(self, seconds):
        self.down_until = self.clock() + seconds

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None or entry[0] < self.clock():
            return None
        return _copy_items(entry[1])

    def put(self, key, items, seconds):
        if len(self.entries) >= self.max_entries:
            self.entries.clear()
        self.entries[key] = (self.clock() + seconds, items)
        return _copy_items(items)


def _copy_items(items):
    """Copy a cached list of media items and each item's dict, so that a caller's edit stays its own.

    Nested values (the scam type lists) are shared; nothing edits them.
    """
    return [dict(item) for item in items]


MEDIA_CACHE = MediaSuggestionCache()


def _public_media(item):
    data = {key: item.get(key) for key in MEDIA_FIELDS}
    data["preview_url"] = (item.get("file") or {}).get("preview_url")
    return data


def _qr_response(body, content_type, code, extension):
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = "public, max-age={}".format(QR_CACHE_SECONDS)
    response.headers["Vary"] = "Host"
    response.headers["Content-Disposition"] = 'inline; filename="quiz-campaign-{}.{}"'.format(code, extension)
    return response


def _cached_json(body, seconds):
    response = Response(json.dumps(body, ensure_ascii=False), content_type=JSON_TYPE)
    response.headers["Cache-Control"] = "public, max-age={}".format(seconds)
    return response


def _jsonable(data):
    """Turn dates in a loaded body back into ISO strings for the RPC call."""
    return {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in data.items()}
