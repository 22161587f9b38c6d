"""Errors of the media service.

Most errors are the shared classes of ``cybervaccine.errors`` built from
``messages.MESSAGES``. This module adds the media library's kind of
``UnsupportedMediaType`` (415): a file whose content is not an allowed media type.
"""

from nameko.exceptions import deserialize_to_instance

from cybervaccine.errors import UnsupportedMediaType


@deserialize_to_instance
class UnsupportedFileType(UnsupportedMediaType):
    """Raised when a file's content is not an allowed type, or not the type its kind or name needs."""
