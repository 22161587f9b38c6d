"""Routes of the analytics service."""


class AnalyticsRoutes:
    pass
