"""Tables of the quiz service."""

from sqlalchemy.orm import declarative_base

from cybervaccine.outbox import HandledEventMixin, OutboxMessageMixin

Base = declarative_base()


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass
