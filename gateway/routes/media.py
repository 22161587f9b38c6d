"""Routes of the media service."""


class MediaRoutes:
    pass
