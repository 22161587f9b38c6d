"""Errors of the media service.

Most errors are the shared classes of ``cybervaccine.errors`` built from
``messages.MESSAGES``. This module adds the one that the gateway maps to a
status of its own: a file whose content is not an allowed media type (415).
"""

from nameko.exceptions import deserialize_to_instance

from cybervaccine.errors import InvalidInput


@deserialize_to_instance
class UnsupportedFileType(InvalidInput):
    """Raised when a file's content is not an allowed type, or not the type its kind or name needs."""
