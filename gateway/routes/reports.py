"""Routes of the reports service."""


class ReportsRoutes:
    pass
