"""Token verification beyond the development HS256 setup."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from linkgraph.auth import Authenticator, TokenError

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = (
    KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def claims(**extra: object) -> dict:
    now = int(time.time())
    return {"sub": "person-1", "iat": now, "exp": now + 60, **extra}


def forge_hs256(payload: dict, secret: bytes) -> str:
    """An HS256 token signed by hand, as an attacker would (PyJWT refuses PEM secrets)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = part(b'{"alg":"HS256","typ":"JWT"}') + "." + part(json.dumps(payload).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + part(signature)


def rs256() -> Authenticator:
    return Authenticator(
        algorithms=("RS256",), key=PUBLIC_PEM, audience="linkgraph", issuer="https://idp"
    )


async def test_rs256_with_a_public_key() -> None:
    token = jwt.encode(claims(aud="linkgraph", iss="https://idp"), KEY, algorithm="RS256")
    assert await rs256().subject(f"Bearer {token}") == "person-1"


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode(claims(aud="other", iss="https://idp"), KEY, algorithm="RS256"),
        jwt.encode(claims(aud="linkgraph", iss="https://evil"), KEY, algorithm="RS256"),
        jwt.encode(claims(iss="https://idp"), KEY, algorithm="RS256"),  # no audience
        # Algorithm confusion: the public key used as an HMAC secret.
        forge_hs256(claims(aud="linkgraph", iss="https://idp"), PUBLIC_PEM.encode()),
    ],
)
async def test_rs256_refuses_wrong_claims_and_algorithm_confusion(token: str) -> None:
    with pytest.raises(TokenError):
        await rs256().subject(f"Bearer {token}")


def test_none_is_never_an_accepted_algorithm() -> None:
    with pytest.raises(ValueError, match="none"):
        Authenticator(algorithms=("HS256", "none"), key="k" * 64)


async def test_a_verified_token_is_remembered_until_it_expires() -> None:
    now = [time.time()]
    auth = Authenticator(algorithms=("RS256",), key=PUBLIC_PEM, clock=lambda: now[0])
    payload = claims()
    token = jwt.encode(payload, KEY, algorithm="RS256")
    assert await auth.subject(f"Bearer {token}") == "person-1"
    assert token in auth._verified  # the next request skips the signature check
    now[0] = payload["exp"] + 31  # past its expiry and the leeway
    assert token not in auth._verified
    forged = forge_hs256(claims(), PUBLIC_PEM.encode())
    with pytest.raises(TokenError):
        await auth.subject(f"Bearer {forged}")
    assert forged not in auth._verified  # a refused token is never remembered
