"""Routes of the quiz service."""


class QuizRoutes:
    pass
