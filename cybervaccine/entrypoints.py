"""Entrypoint decorators shared by the services.

``rpc`` is nameko's RPC entrypoint with the platform's errors declared as
expected, so nameko logs them as one warning line instead of a traceback:
a wrong password or an unknown id is the caller's mistake, not a fault.
"""

from nameko.rpc import rpc as nameko_rpc

from cybervaccine.errors import ServiceError


def rpc(method):
    return nameko_rpc(expected_exceptions=(ServiceError,))(method)
