"""Business metrics of the media library.

Labels are bounded: scam type codes come from the taxonomy (checked when an
item is uploaded or edited), file types and outcomes are fixed names.
Object storage errors are counted by ``cybervaccine.storage``
(``cybervaccine_object_storage_errors_total``).
"""

from prometheus_client import Counter, Histogram

DOWNLOADS = Counter(
    "cybervaccine_media_downloads_total",
    "Downloads of media files, counted once per scam type of the item.",
    ["scam_type"],
)
UPLOADS = Counter(
    "cybervaccine_media_uploads_total",
    "Uploads that ended, by outcome (published, or the rejection code).",
    ["outcome"],
)
PREVIEWS = Counter(
    "cybervaccine_media_previews_total",
    "Preview images made, by file type and outcome (ready or failed).",
    ["file_type", "outcome"],
)
DOWNLOAD_LOG_BATCH = Histogram(
    "cybervaccine_media_download_log_batch_size",
    "Downloads recorded together in one transaction of the download log.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 200),
)
