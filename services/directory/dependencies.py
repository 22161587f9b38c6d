"""Dependency providers of the directory service."""

from nameko.extensions import DependencyProvider

from cybervaccine import auth, settings


class TokenIssuer(DependencyProvider):
    """Sign access tokens with the platform's JWT secret."""

    def setup(self):
        config = self.container.config
        self.secret = settings.jwt_secret(config)
        self.lifetime = int(config.get("TOKEN_LIFETIME_SECONDS") or 28800)

    def get_dependency(self, worker_ctx):
        return lambda caller: auth.issue_token(self.secret, caller, self.lifetime)
