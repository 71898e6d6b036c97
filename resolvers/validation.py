"""Checks on what people type: each failure is BAD_USER_INPUT naming the field."""

from __future__ import annotations

import unicodedata
import urllib.parse

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from graphdb.records import HANDLE, MAX_LENGTHS
from resolvers.errors import BadUserInput

# Line breaks are fine in long text; other control characters never are.
_MULTILINE = {"about", "note", "post", "message"}


def handle(value: str) -> str:
    """A handle: 3 to 30 of a-z, 0-9 and inner hyphens; stored lower-case."""
    normalized = value.strip().lower()
    if not HANDLE.match(normalized):
        raise BadUserInput(
            "`handle` must be 3 to 30 characters: letters, digits and hyphens, "
            "starting and ending with a letter or digit.",
            reason="INVALID_HANDLE",
            field="handle",
        )
    return normalized


def text(field: str, value: str | None, *, required: bool = False) -> str | None:
    """Trimmed text within the field's length; empty optional text becomes null."""
    cleaned = unicodedata.normalize("NFC", value).strip() if value is not None else ""
    if not cleaned:
        if required:
            raise BadUserInput(f"`{field}` must not be empty.", reason="REQUIRED", field=field)
        return None
    limit = MAX_LENGTHS[field]
    if len(cleaned) > limit:
        raise BadUserInput(
            f"`{field}` must be at most {limit} characters (got {len(cleaned)}).",
            reason="TOO_LONG",
            field=field,
            maximum=limit,
        )
    allowed = "\n\t" if field in _MULTILINE else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in cleaned):
        raise BadUserInput(
            f"`{field}` contains control characters.", reason="INVALID_CHARACTERS", field=field
        )
    return cleaned


def email(value: str | None) -> str | None:
    """An email address in its normalized form (no DNS lookups: checked offline)."""
    cleaned = text("email", value)
    if cleaned is None:
        return None
    try:
        return validate_email(cleaned, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise BadUserInput(
            f"`email` is not a valid address: {error}", reason="INVALID_EMAIL", field="email"
        ) from None


def phone(value: str | None) -> str | None:
    """A phone number in international form (+ and country code), stored as E.164."""
    cleaned = text("phone", value)
    if cleaned is None:
        return None
    try:
        number = phonenumbers.parse(cleaned, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise BadUserInput(
            "`phone` must be a valid number in international form, e.g. +44 20 7946 0958.",
            reason="INVALID_PHONE",
            field="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def url(value: str | None) -> str | None:
    """An http(s) URL with a host."""
    cleaned = text("url", value)
    if cleaned is None:
        return None
    parts = urllib.parse.urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in cleaned:
        raise BadUserInput(
            "`url` must be an http or https address.", reason="INVALID_URL", field="url"
        )
    return cleaned
