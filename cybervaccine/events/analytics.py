"""Events emitted by the analytics service."""

from marshmallow import fields, validate

from cybervaccine.events import EventEnvelope, register


@register(
    "analytics",
    "case_statistics_imported",
    1,
    example={
        "import_id": 12,
        "file_name": "สถิติคดีออนไลน์-ม.ค.2567.xlsx",
        "source": "upload",
        "row_count": 154,
        "replaced_row_count": 14,
        "replaced_import_ids": [9],
        "period_start": "2024-01-01",
        "period_end": "2024-01-31",
        "area_codes": ["TH", "TH-10", "TH-50"],
        "scam_types": ["call-center", "loan", "shopping"],
        "imported_by": 12,
    },
)
class CaseStatisticsImported(EventEnvelope):
    """The working group imported a file of reported cases and damage; its rows are now current."""

    import_id = fields.Integer(required=True, metadata={"description": "Id of the import in the analytics service."})
    file_name = fields.String(required=True, metadata={"description": "Name of the imported file (often Thai)."})
    source = fields.String(
        required=True,
        validate=validate.OneOf(("upload", "seed")),
        metadata={"description": "upload: a working group member's file; seed: the published national figures."},
    )
    row_count = fields.Integer(required=True, metadata={"description": "Rows stored by this import."})
    replaced_row_count = fields.Integer(
        required=True,
        metadata={"description": "Earlier rows with the same period, area and scam type that this import replaced."},
    )
    replaced_import_ids = fields.List(
        fields.Integer(), required=True, metadata={"description": "Earlier imports that have no current row left."}
    )
    period_start = fields.Date(required=True, metadata={"description": "First day of the earliest period in the file."})
    period_end = fields.Date(required=True, metadata={"description": "Last day of the latest period in the file."})
    area_codes = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Areas in the file: TH, ISO 3166-2:TH province codes, DOPA district codes."},
    )
    scam_types = fields.List(fields.String(), required=True, metadata={"description": "Scam type codes in the file."})
    imported_by = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Account id; null for the seeded national figures."}
    )
