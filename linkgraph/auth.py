"""Identity: bearer JWTs whose subject is the person id, and whose `roles` claim (a
list of strings; LINKGRAPH_JWT_ROLES_CLAIM names another) may grant `analyst`.

HS256 with a shared secret for development; RS256/ES256 with a PEM public key or a
JWKS URL for an external identity provider. The algorithm list is fixed by
configuration, never taken from the token.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
from anyio import to_thread
from cachetools import TLRUCache

from linkgraph.settings import Settings

LEEWAY_S = 30  # clock skew tolerated on exp/iat
# Tokens already verified, until they expire: a client sends the same token with every
# request, and verifying it again cost 5% of a page request's CPU.
VERIFIED_TOKENS = 10_000


class TokenError(Exception):
    """The request carried a token that is not acceptable."""


ANALYST = "analyst"  # the role that opens whole-network analytics


@dataclasses.dataclass(frozen=True)
class Identity:
    subject: str
    roles: frozenset[str] = frozenset()
    expires_at: float | None = None  # the token's `exp` (epoch seconds)


@dataclasses.dataclass
class Authenticator:
    algorithms: tuple[str, ...]
    key: str | None = None  # HMAC secret or PEM public key
    jwks_url: str | None = None
    audience: str | None = None
    issuer: str | None = None
    clock: Callable[[], float] = time.time  # when remembered tokens expire (tests move it)
    roles_claim: str = "roles"

    def __post_init__(self) -> None:
        self._jwks = jwt.PyJWKClient(self.jwks_url, cache_keys=True) if self.jwks_url else None
        # token -> (identity, exp); each entry leaves when its token expires (wall time).
        self._verified: TLRUCache[str, tuple[Identity, float]] = TLRUCache(
            VERIFIED_TOKENS, ttu=lambda _token, value, _now: value[1] + LEEWAY_S, timer=self.clock
        )
        if "none" in (a.lower() for a in self.algorithms):
            raise ValueError("the 'none' algorithm is never accepted")

    async def subject(self, authorization: str | None) -> str | None:
        """The person id of a bearer token; None without one; TokenError if it is bad."""
        identity = await self.identify(authorization)
        return None if identity is None else identity.subject

    async def identify(self, authorization: str | None) -> Identity | None:
        """Who a bearer token names and the roles it grants; None without one."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise TokenError("Use `Authorization: Bearer <token>`.")
        token = token.strip()
        known = self._verified.get(token)
        if known is not None:
            return known[0]
        try:
            key: Any = self.key
            if self._jwks is not None:
                # PyJWKClient fetches with blocking I/O (cached after the first time).
                signing_key = await to_thread.run_sync(self._jwks.get_signing_key_from_jwt, token)
                key = signing_key.key
            claims = jwt.decode(
                token,
                key,
                algorithms=list(self.algorithms),
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iat", "sub"], "verify_aud": self.audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("The token has expired.") from None
        except (jwt.PyJWTError, ValueError) as e:
            raise TokenError(f"The token is not valid: {e}") from None
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise TokenError("The token's subject must be a person id.")
        roles = claims.get(self.roles_claim, [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise TokenError(f"The token's `{self.roles_claim}` claim must be a list of strings.")
        identity = Identity(subject, frozenset(roles), float(claims["exp"]))
        self._verified[token] = (identity, float(claims["exp"]))
        return identity

    def mint(self, subject: str, ttl_s: int = 7 * 86_400, roles: tuple[str, ...] = ()) -> str:
        """A development token for `subject` (HS256 with the configured secret only)."""
        if self.key is None or self.jwks_url or not self.algorithms[0].startswith("HS"):
            raise RuntimeError("tokens can only be minted with a shared HS256 secret")
        now = int(time.time())
        claims: dict[str, Any] = {"sub": subject, "iat": now, "exp": now + ttl_s}
        if roles:
            claims[self.roles_claim] = list(roles)
        if self.audience:
            claims["aud"] = self.audience
        if self.issuer:
            claims["iss"] = self.issuer
        return jwt.encode(claims, self.key, algorithm=self.algorithms[0])


def new_subject() -> str:
    """A fresh person id, for someone who has no profile yet."""
    return str(uuid.uuid4())


def authenticator_from(settings: Settings) -> Authenticator:
    """From settings; without any key material, a development secret in the data dir."""
    if settings.jwks_url or settings.jwt_public_key:
        return Authenticator(
            algorithms=settings.jwt_algorithms,
            key=settings.jwt_public_key,
            jwks_url=settings.jwks_url,
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            roles_claim=settings.jwt_roles_claim,
        )
    if settings.jwt_secret is None and settings.production:
        raise RuntimeError(
            "production mode needs LINKGRAPH_JWT_SECRET, LINKGRAPH_JWT_PUBLIC_KEY or "
            "LINKGRAPH_JWKS_URL: it never generates a development secret"
        )
    secret = str(settings.jwt_secret) if settings.jwt_secret else _dev_secret(settings.data_dir)
    return Authenticator(
        algorithms=settings.jwt_algorithms,
        key=secret,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
    )


def _dev_secret(data_dir: Path) -> str:
    path = data_dir / "jwt-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
