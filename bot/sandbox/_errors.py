"""Vendor error answers: `ErrorResponse {errorMessage, errorCode, traceId, reference?}`.

Every refusal inside the sandbox is a `VendorError`; the HTTP layer renders it in the
language the request asked for (`Accept-Language` de* -> German, else English; no header ->
the studio's language), as the vendor does.
"""

from __future__ import annotations

import secrets

from starlette.responses import JSONResponse

# errorCode -> (English, German); `{field}` is the offending field where there is one.
MESSAGES: dict[str, tuple[str, str]] = {
    "UNAUTHORIZED": (
        "Authentication failed: the API key is missing or invalid.",
        "Authentifizierung fehlgeschlagen: Der API-Key fehlt oder ist ungültig.",
    ),
    "ACCESS_DENIED": (
        "You are not allowed to perform this operation.",
        "Sie sind nicht berechtigt, diese Operation auszuführen.",
    ),
    "NOT_FOUND": (
        "The requested resource does not exist.",
        "Die angeforderte Ressource existiert nicht.",
    ),
    "METHOD_NOT_ALLOWED": (
        "This HTTP method is not allowed here.",
        "Diese HTTP-Methode ist hier nicht erlaubt.",
    ),
    "REQUEST_TOO_LARGE": (
        "The request body is too large.",
        "Der Request-Body ist zu groß.",
    ),
    "MALFORMED_REQUEST_BODY": (
        "The request body is not a valid JSON object.",
        "Der Request-Body ist kein gültiges JSON-Objekt.",
    ),
    "FIELD_REQUIRED": (
        "The field '{field}' is required.",
        "Das Feld '{field}' ist erforderlich.",
    ),
    "FIELD_INVALID": (
        "The field '{field}' has an invalid value.",
        "Das Feld '{field}' hat einen ungültigen Wert.",
    ),
    "CUSTOMER_NOT_FOUND": (
        "The customer does not exist.",
        "Der Kunde existiert nicht.",
    ),
    "CONTRACT_NOT_FOUND": (
        "The contract does not exist.",
        "Der Vertrag existiert nicht.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND": (
        "The additional module contract does not exist.",
        "Der Zusatzmodulvertrag existiert nicht.",
    ),
    "PAYMENT_FREQUENCY_NOT_FOUND": (
        "The payment frequency does not belong to the additional module.",
        "Die Zahlungsfrequenz gehört nicht zum Zusatzmodul.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED": (
        "The additional module contract has already been purchased.",
        "Der Zusatzmodulvertrag wurde bereits gebucht.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS": (
        "The contract is in a status that does not allow additional modules.",
        "Der Vertrag ist in einem Status, der keine Zusatzmodule erlaubt.",
    ),
    "ADDITIONAL_MODULE_NOT_FOUND": (
        "The additional module could not be found.",
        "Das Zusatzmodul wurde nicht gefunden.",
    ),
    "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE": (
        "The additional module is not purchasable online.",
        "Das Zusatzmodul ist online nicht buchbar.",
    ),
    "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE": (
        "The trial period of the additional module cannot be booked.",
        "Der Testzeitraum des Zusatzmoduls kann nicht gebucht werden.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED": (
        "The additional module contract has already been canceled.",
        "Der Zusatzmodulvertrag wurde bereits gekündigt.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_NOT_ACTIVE": (
        "The additional module contract is no longer active.",
        "Der Zusatzmodulvertrag ist nicht mehr aktiv.",
    ),
    "CANCELATION_DATE_NOT_AVAILABLE": (
        "The contract cannot be canceled to this date.",
        "Der Vertrag kann nicht zu diesem Datum gekündigt werden.",
    ),
    "CANCELATION_REASON_NOT_FOUND": (
        "The cancelation reason does not exist.",
        "Der Kündigungsgrund existiert nicht.",
    ),
    "CANCELATION_NOT_PENDING_VERIFICATION": (
        "The cancelation is not waiting for verification.",
        "Die Kündigung wartet nicht auf eine Bestätigung.",
    ),
    "ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE": (
        "The cancelation of the additional module contract cannot be withdrawn.",
        "Die Kündigung des Zusatzmodulvertrags kann nicht zurückgenommen werden.",
    ),
    "CONCURRENT_MODIFICATION": (
        "The entity was modified by another request.",
        "Die Entität wurde durch eine andere Anfrage geändert.",
    ),
    "TOO_MANY_REQUESTS": (
        "Rate limit exceeded. Try again later.",
        "Anfragelimit überschritten. Bitte später erneut versuchen.",
    ),
    "INTERNAL_SERVER_ERROR": (
        "An unexpected error occurred.",
        "Ein unerwarteter Fehler ist aufgetreten.",
    ),
    "SERVICE_UNAVAILABLE": (
        "The service is temporarily unavailable.",
        "Der Dienst ist vorübergehend nicht verfügbar.",
    ),
    "SANDBOX_FAULT": (
        "Injected sandbox fault.",
        "Eingespeister Sandbox-Fehler.",
    ),
}

# errorCode for an injected fault of a given status
STATUS_CODES: dict[int, str] = {
    400: "FIELD_INVALID",
    401: "UNAUTHORIZED",
    403: "ACCESS_DENIED",
    404: "NOT_FOUND",
    409: "CONCURRENT_MODIFICATION",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


class VendorError(Exception):
    """The sandbox refuses a request the way PerfectGym would (status + errorCode)."""

    def __init__(self, status: int, code: str, *, reference: str | None = None) -> None:
        if code not in MESSAGES:
            raise ValueError(f"no message for errorCode {code}")
        super().__init__(f"{status} {code}" + (f" ({reference})" if reference else ""))
        self.status = status
        self.code = code
        self.reference = reference

    @classmethod
    def for_status(cls, status: int) -> VendorError:
        """The generic answer for an injected fault of that status."""
        return cls(status, STATUS_CODES.get(status, "SANDBOX_FAULT"))

    def message(self, language: str) -> str:
        english, german = MESSAGES[self.code]
        template = german if language == "de" else english
        return template.format(field=self.reference or "")

    def body(self, language: str) -> dict[str, object]:
        body: dict[str, object] = {
            "errorMessage": self.message(language),
            "errorCode": self.code,
            "traceId": str(secrets.randbits(63)),
        }
        if self.reference is not None:
            body["reference"] = self.reference
        return body

    def response(self, language: str) -> JSONResponse:
        return JSONResponse(self.body(language), status_code=self.status)


def missing(field: str) -> VendorError:
    return VendorError(400, "FIELD_REQUIRED", reference=field)


def invalid(field: str) -> VendorError:
    return VendorError(400, "FIELD_INVALID", reference=field)
