"""Routes for outreach reports, their photos, roll-ups and exports.

Bodies and queries are validated here with the reports service's schemas
and passed on in their JSON form (dumped again), because RPC arguments
travel as JSON. The busiest route, filing a report with PUT, passes the
body on as sent: the service loads it with the same schema.
"""

from werkzeug.utils import redirect

from cybervaccine import areas, auth
from cybervaccine.validation import cached
from gateway.http import api_http, json_response, route
from gateway.routes.web import WEB_ROOT, file_response
from services.reports import schemas

SIGNED_IN = ()
VIEWERS = (auth.UNIT_HEAD, auth.WORKING_GROUP, auth.ADMINISTRATOR)
HEADS = (auth.UNIT_HEAD,)
REPORT = "/reports/<string:report_id>"
PHOTO = REPORT + "/photos/<string:photo_id>"


class ReportsRoutes:
    @api_http("GET", "/reports-sw.js")
    def reports_service_worker(self, request):
        """Serve the report pages' service worker from the root, so that its scope can cover /reports."""
        response = file_response(WEB_ROOT / "static" / "reports" / "service-worker.js")
        response.headers["Cache-Control"] = "no-cache"
        return response

    @route("GET", "/reports/options", summary="Lists and limits for the report form", tag="reports",
           roles=SIGNED_IN, response=schemas.OptionsResponse)
    def report_options(self, context):
        return self.rpc.reports.form_options()

    @route("GET", "/reports/areas", summary="Provinces, or the districts of one province, for the report form",
           tag="reports", roles=SIGNED_IN, query=schemas.AreaQuery, response=schemas.AreaSchema, many=True)
    def report_areas(self, context):
        province_code = context.query["province_code"]
        if not province_code:
            items = areas.provinces().values()
        else:
            items = [item for item in areas.districts().values() if item.province_code == province_code]
        ordered = sorted(items, key=lambda item: item.code)
        return [{"code": item.code, "name_th": item.name_th, "name_en": item.name_en} for item in ordered]

    @route("PUT", REPORT, summary="File a report under the device's id; a repeat returns the stored one",
           tag="reports", roles=SIGNED_IN, body=schemas.ReportBodySchema, response=schemas.ReportResponse,
           service_checks_body=True)
    def put_report(self, context, report_id):
        return self._submit_report(context, report_id, context.body)

    @route("POST", "/reports", summary="File a report with its id in the body (same as PUT)", tag="reports",
           roles=SIGNED_IN, body=schemas.SubmitReportRequest, response=schemas.ReportResponse)
    def post_report(self, context):
        body = cached(schemas.SubmitReportRequest).dump(context.body)
        report_id = body.pop("id")
        return self._submit_report(context, report_id, body)

    def _submit_report(self, context, report_id, body):
        result = self.rpc.reports.submit_report(context.caller_dict, report_id, body)
        return (201 if result["created"] else 200), result["report"]

    @route("GET", "/reports", summary="Reports of a subtree (an officer's own), newest first", tag="reports",
           roles=SIGNED_IN, query=schemas.ListQuery, response=schemas.ReportPageResponse)
    def list_reports(self, context):
        return self.rpc.reports.list_reports(context.caller_dict, cached(schemas.ListQuery).dump(context.query))

    @route("GET", "/reports/summary", summary="Roll-up of a subtree by period, activity, audience, scam type, media",
           tag="reports", roles=VIEWERS, query=schemas.SummaryQuery, response=schemas.SummaryResponse)
    def summarize_reports(self, context):
        return self.rpc.reports.summarize(context.caller_dict, cached(schemas.SummaryQuery).dump(context.query))

    @route("GET", "/reports/export", summary="Export the filtered list as CSV or XLSX (a short-lived URL)",
           tag="reports", roles=SIGNED_IN, query=schemas.ExportQuery, response=schemas.ExportResponse, raw=True)
    def export_reports(self, context):
        query = cached(schemas.ExportQuery).dump(context.query)
        result = self.rpc.reports.export_reports(context.caller_dict, query, context.language)
        if context.query["redirect"]:
            return redirect(result["url"], code=302)
        return json_response(result)

    @route("GET", REPORT, summary="One report", tag="reports", roles=SIGNED_IN, response=schemas.ReportResponse)
    def get_report(self, context, report_id):
        return self.rpc.reports.get_report(context.caller_dict, report_id)

    @route("GET", REPORT + "/history", summary="Every revision of a report with who, when and why", tag="reports",
           roles=SIGNED_IN, response=schemas.RevisionResponse, many=True)
    def report_history(self, context, report_id):
        return self.rpc.reports.report_history(context.caller_dict, report_id)

    @route("POST", REPORT + "/amendments", summary="Amend a report (unit head, within the window)", tag="reports",
           roles=HEADS, body=schemas.AmendReportRequest, response=schemas.ReportResponse)
    def amend_report(self, context, report_id):
        body = cached(schemas.AmendReportRequest).dump(context.body)
        return self.rpc.reports.amend_report(context.caller_dict, report_id, body)

    @route("POST", REPORT + "/withdrawal", summary="Withdraw a report (unit head, within the window)",
           tag="reports", roles=HEADS, body=schemas.WithdrawReportRequest, response=schemas.ReportResponse)
    def withdraw_report(self, context, report_id):
        body = cached(schemas.WithdrawReportRequest).dump(context.body)
        return self.rpc.reports.withdraw_report(context.caller_dict, report_id, body)

    @route("POST", REPORT + "/photos", summary="Open a resumable photo upload; returns part URLs", tag="reports",
           roles=SIGNED_IN, body=schemas.CreatePhotoRequest, response=schemas.PhotoUploadResponse)
    def create_photo_upload(self, context, report_id):
        body = cached(schemas.CreatePhotoRequest).dump(context.body)
        return 201, self.rpc.reports.create_photo_upload(context.caller_dict, report_id, body)

    @route("GET", PHOTO, summary="A photo's upload state and URLs of its missing parts (to resume)",
           tag="reports", roles=SIGNED_IN, response=schemas.PhotoUploadResponse)
    def photo_upload_status(self, context, report_id, photo_id):
        return self.rpc.reports.photo_upload_status(context.caller_dict, report_id, photo_id)

    @route("POST", PHOTO + "/complete", summary="Finish a photo upload; the service checks it is an image",
           tag="reports", roles=SIGNED_IN, response=schemas.PhotoUploadResponse)
    def complete_photo_upload(self, context, report_id, photo_id):
        return self.rpc.reports.complete_photo_upload(context.caller_dict, report_id, photo_id)

    @route("GET", PHOTO + "/original", summary="Redirect to a photo's original file (unit heads, working group)",
           tag="reports", roles=VIEWERS, raw=True)
    def photo_original(self, context, report_id, photo_id):
        result = self.rpc.reports.photo_original_url(context.caller_dict, report_id, photo_id)
        return redirect(result["url"], code=302)
