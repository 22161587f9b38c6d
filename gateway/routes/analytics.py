"""Routes of the analytics service: area overview, recommendation, strategy, case statistics.

Dashboard routes return JSON, or with ``?format=csv&table=NAME`` one table
as CSV (UTF-8 with BOM), or with ``?format=xlsx`` every table as a
workbook. Case statistics files are streamed by the gateway into object
storage under a generated key, and the analytics service reads them from
there, so file bytes never travel over the broker.
"""

import logging
import uuid

from marshmallow import Schema, fields, validate
from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from cybervaccine import areas, auth, errors, storage
from gateway.http import json_response, route
from services.analytics import exports, imports, schemas
from services.analytics.messages import MESSAGES

log = logging.getLogger(__name__)

STAFF = auth.ROLES
WORKING_GROUP = (auth.WORKING_GROUP, auth.ADMINISTRATOR)
# The multipart form around an uploaded file adds headers and boundaries.
MULTIPART_ALLOWANCE = 64 * 1024
MAX_IMPORT_REQUEST_BYTES = imports.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
UPLOAD_CONTENT_TYPES = {
    b"PK\x03\x04": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportQuery(Schema):
    """Query fields of the routes that can return a file."""

    format = fields.String(
        load_default="json", validate=validate.OneOf(("json", "csv", "xlsx")),
        metadata={"description": "json (default), csv (one table, see table) or xlsx (every table)."},
    )
    table = fields.String(load_default=None, metadata={"description": "Table for format=csv."})


class OverviewQuery(schemas.AreaOverviewRequest, ExportQuery):
    pass


class RecommendationQuery(schemas.RecommendationRequest, ExportQuery):
    pass


class StrategyQuery(schemas.StrategyRequest, ExportQuery):
    pass


class ImportListQuery(schemas.CaseStatisticsImportListRequest, ExportQuery):
    pass


class AreaListQuery(Schema):
    province_code = fields.String(
        load_default=None, validate=validate.Regexp(r"^TH-\d{2}$"),
        metadata={"description": "Also list the districts of this province."},
    )


class AreaItem(Schema):
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class AreaListResponse(Schema):
    provinces = fields.List(fields.Nested(AreaItem))
    districts = fields.List(fields.Nested(AreaItem))


class UploadQuery(Schema):
    file_name = fields.String(
        load_default=None, validate=validate.Length(min=1, max=300),
        metadata={"description": "File name, required when the body is the raw file rather than a form."},
    )


class CaseStatisticsUploads(DependencyProvider):
    """Write access to the bucket where uploaded case statistics files wait for the analytics service."""

    def setup(self):
        config = self.container.config
        self.client = storage.internal_client(config)
        self.bucket = storage.bucket_name(config)
        self.bucket_checked = False

    def get_dependency(self, worker_ctx):
        return self

    def put(self, stream, length, content_type):
        """Stream an upload into the bucket under a new key; return the key."""
        if not self.bucket_checked:
            storage.ensure_bucket(self.client, self.bucket)
            self.bucket_checked = True
        key = imports.UPLOAD_PREFIX + uuid.uuid4().hex
        self.client.put_object(self.bucket, key, stream, length, content_type=content_type)
        return key


class AnalyticsRoutes:
    analytics_uploads = CaseStatisticsUploads()

    @route("GET", "/analytics/areas", summary="Provinces, and the districts of one province, for the area picker",
           tag="analytics", query=AreaListQuery, response=AreaListResponse)
    def analytics_areas(self, context):
        province_code = context.query["province_code"]
        if province_code and not areas.is_province(province_code):
            raise MESSAGES.not_found("area_not_found", details={"field": "province_code", "value": province_code},
                                     area=province_code)
        provinces = sorted(areas.provinces().values(), key=lambda item: item.name_th)
        districts = sorted(
            (item for item in areas.districts().values() if item.province_code == province_code),
            key=lambda item: item.code,
        ) if province_code else []
        return AreaListResponse().dump({"provinces": provinces, "districts": districts})

    @route("GET", "/analytics/overview", summary="Area overview: cases, trends, quiz, outreach and downloads",
           tag="analytics", roles=STAFF, query=OverviewQuery, response=schemas.AreaOverviewResponse, raw=True)
    def analytics_overview(self, context):
        query = _service_query(schemas.AreaOverviewRequest, context.query)
        result = self.rpc.analytics.area_overview(context.caller_dict, query)
        return self._analytics_answer(context, "overview", result)

    @route("GET", "/analytics/recommendations", summary="Scam types to work on in a unit's area, with media and reasons",
           tag="analytics", roles=STAFF, query=RecommendationQuery, response=schemas.RecommendationResponse, raw=True)
    def analytics_recommendations(self, context):
        query = _service_query(schemas.RecommendationRequest, context.query)
        result = self.rpc.analytics.recommend_media(context.caller_dict, query)
        return self._analytics_answer(context, "recommendation", result)

    @route("GET", "/analytics/strategy", summary="Strategy overview of every scam type nationwide",
           tag="analytics", roles=WORKING_GROUP, query=StrategyQuery, response=schemas.StrategyResponse, raw=True)
    def analytics_strategy(self, context):
        query = _service_query(schemas.StrategyRequest, context.query)
        result = self.rpc.analytics.strategy_overview(context.caller_dict, query)
        return self._analytics_answer(context, "strategy", result)

    @route("GET", "/analytics/case-statistics/imports", summary="History of case statistics imports",
           tag="analytics", roles=WORKING_GROUP, query=ImportListQuery, response=schemas.CaseStatisticsImportResponse, many=True,
           raw=True)
    def analytics_list_imports(self, context):
        query = _service_query(schemas.CaseStatisticsImportListRequest, context.query)
        result = self.rpc.analytics.list_case_statistics_imports(context.caller_dict, query)
        return self._analytics_answer(context, "imports", result)

    @route("POST", "/analytics/case-statistics/imports",
           summary="Import a case statistics file (CSV or XLSX, raw body or form field 'file'); all rows or none",
           tag="analytics", roles=WORKING_GROUP, query=UploadQuery, response=schemas.CaseStatisticsImportResult,
           max_bytes=MAX_IMPORT_REQUEST_BYTES)
    def analytics_import_case_statistics(self, context):
        file_name, stream, length = _upload(context)
        content_type = _content_type(stream)
        object_key = self.analytics_uploads.put(stream, length, content_type)
        log.info("case statistics upload of %d bytes stored as %s", length, object_key)

        data = {"object_key": object_key, "file_name": file_name}
        try:
            return 201, self.rpc.analytics.import_case_statistics(context.caller_dict, data)
        except errors.InvalidInput as error:
            _add_row_messages(error, context.language)
            raise

    @route("GET", "/analytics/scam-type-aliases", summary="Names the case statistics importer maps to each scam type",
           tag="analytics", roles=WORKING_GROUP, response=schemas.ScamTypeAliasResponse, many=True)
    def analytics_list_aliases(self, context):
        return self.rpc.analytics.list_scam_type_aliases(context.caller_dict)

    @route("POST", "/analytics/scam-type-aliases", summary="Map one more name to a scam type for imports",
           tag="analytics", roles=WORKING_GROUP, body=schemas.ScamTypeAliasRequest, response=schemas.ScamTypeAliasResponse)
    def analytics_add_alias(self, context):
        return 201, self.rpc.analytics.add_scam_type_alias(context.caller_dict, context.body)

    @route("DELETE", "/analytics/scam-type-aliases/<int:alias_id>", summary="Delete an alias the working group added",
           tag="analytics", roles=WORKING_GROUP, response=schemas.ScamTypeAliasResponse)
    def analytics_delete_alias(self, context, alias_id):
        return self.rpc.analytics.delete_scam_type_alias(context.caller_dict, alias_id)

    def _analytics_answer(self, context, kind, result):
        """Return the result as JSON, or its tables as CSV or XLSX."""
        file_format = context.query["format"]
        if file_format == "json":
            return json_response(result)

        type_names = self._analytics_type_names()
        tables = exports.tables_for(kind, result, context.language, type_names)
        if file_format == "xlsx":
            body = exports.xlsx_bytes(tables, context.language)
            return _attachment(body, exports.XLSX_TYPE, "cybervaccine-{}.xlsx".format(kind))

        table = _choose_table(tables, context.query["table"])
        body = exports.csv_bytes(table, context.language)
        return _attachment(body, exports.CSV_TYPE, "cybervaccine-{}-{}.csv".format(kind, table.name))

    def _analytics_type_names(self):
        """Return {code: scam type} from the directory, or {} when it cannot be reached (codes are shown then)."""
        try:
            return {item["code"]: item for item in self.rpc.directory.list_scam_types(True)}
        except errors.ServiceError as error:
            log.warning("scam type names unavailable for an export: %s", error.code)
            return {}


def _service_query(schema_class, query):
    """Keep the fields of the service's request schema and serialise dates back to text for the RPC."""
    data = {name: query.get(name) for name in schema_class().fields}
    return schema_class().dump({name: value for name, value in data.items() if value is not None})


def _choose_table(tables, name):
    names = [table.name for table in tables]
    for table in tables:
        if table.name == name:
            return table
    raise MESSAGES.invalid(
        "export_table_required", details={"field": "table", "value": name, "tables": names},
        tables=", ".join(names),
    )


def _attachment(body, content_type, file_name):
    headers = {"Content-Disposition": 'attachment; filename="{}"'.format(file_name), "Cache-Control": "no-store"}
    return Response(body, content_type=content_type, headers=headers)


def _upload(context):
    """Return (file name, stream, length) of an upload sent as a form field or as the raw body."""
    request = context.request
    length = request.content_length
    if not length:
        raise MESSAGES.invalid("upload_empty")

    if request.mimetype == "multipart/form-data":
        request.max_content_length = MAX_IMPORT_REQUEST_BYTES
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise MESSAGES.invalid("upload_empty")
        stream = upload.stream
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > imports.MAX_UPLOAD_BYTES:
            raise MESSAGES.error(
                errors.TooLarge, "upload_too_large", details={"limit": imports.MAX_UPLOAD_BYTES},
                size=size, limit=imports.MAX_UPLOAD_BYTES,
            )
        if size == 0:
            raise MESSAGES.invalid("upload_empty")
        return context.query["file_name"] or upload.filename, stream, size

    file_name = context.query["file_name"]
    if not file_name:
        raise MESSAGES.invalid("upload_file_name_required", details={"field": "file_name"})
    if length > imports.MAX_UPLOAD_BYTES:
        raise MESSAGES.error(
            errors.TooLarge, "upload_too_large", details={"limit": imports.MAX_UPLOAD_BYTES},
            size=length, limit=imports.MAX_UPLOAD_BYTES,
        )
    return file_name, _PeekableStream(request.stream), length


class _PeekableStream:
    """A read-only stream whose first bytes can be looked at before it is consumed."""

    def __init__(self, stream):
        self.stream = stream
        self.head = b""

    def peek(self, size):
        if len(self.head) < size:
            self.head += self.stream.read(size - len(self.head))
        return self.head[:size]

    def read(self, size=-1):
        if self.head:
            if size is None or size < 0:
                data, self.head = self.head + self.stream.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            if len(data) < size:
                data += self.stream.read(size - len(data))
            return data
        return self.stream.read(size)


def _content_type(stream):
    """Return the upload's content type from its first bytes: XLSX or CSV text."""
    if isinstance(stream, _PeekableStream):
        head = stream.peek(4)
    else:
        head = stream.read(4)
        stream.seek(0)
    return UPLOAD_CONTENT_TYPES.get(head, "text/csv")


def _add_row_messages(error, language):
    """Give each row error of a rejected import a ``message`` in the caller's language."""
    key = "message_en" if language == "en" else "message_th"
    for row_error in error.details.get("errors") or ():
        row_error["message"] = row_error.get(key)
