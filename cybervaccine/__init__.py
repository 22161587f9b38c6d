"""Code shared by every Cyber Vaccine service and the gateway.

It contains the event envelope and payload schemas, the outbox and idempotent
consumer, the database dependency provider, error types, the Thai/English
message helpers, reference data helpers and metrics. It contains no business
rule of any one service.
"""
