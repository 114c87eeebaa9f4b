"""What can go wrong talking to PerfectGym, as one tree; callers catch the branch they can act on.

```
PerfectGymError
├── TransportError            no answer; request_sent says whether the server may have acted
│   ├── RequestTimeout
│   └── ConnectError
├── InvalidResponse           2xx body that is not JSON or does not fit the model
└── ApiError                  the API said no (status, errorCode, errorMessage, traceId)
    ├── BadRequest            400
    ├── AuthenticationFailed  401
    ├── Forbidden             403
    ├── NotFound              404
    ├── Conflict              409
    ├── RateLimited           429 (retry_after seconds)
    └── ServerError           500 and other 5xx
        └── Unavailable       503
```

``retryable`` tells whether the same call may succeed later unchanged. Whether it is *safe* to
repeat (a purchase POST is not) is the caller's business: see ``request_sent``.
Messages never contain the API key: the client scrubs vendor text before it gets here.
"""

from __future__ import annotations


class PerfectGymError(Exception):
    """Any failure of a PerfectGym Open API call."""

    @property
    def retryable(self) -> bool:
        """True when repeating the same call later may succeed."""
        return False


class TransportError(PerfectGymError):
    """No answer arrived: the connection failed, timed out or was dropped."""

    def __init__(self, message: str, *, request_sent: bool) -> None:
        super().__init__(message)
        self.request_sent = request_sent
        """False when the server surely did nothing; True when the outcome is unclear."""

    @property
    def retryable(self) -> bool:
        return True


class RequestTimeout(TransportError):
    """The API did not connect, accept the request or answer within the timeout."""


class ConnectError(TransportError):
    """The API host could not be reached at all; nothing was sent."""

    def __init__(self, message: str, *, request_sent: bool = False) -> None:
        super().__init__(message, request_sent=request_sent)


class InvalidResponse(PerfectGymError):
    """A 2xx answer whose body is not JSON or does not fit the documented model."""


class ApiError(PerfectGymError):
    """The API answered with an error status (an unexpected one if no subclass fits)."""

    retry_after: float | None

    def __init__(
        self,
        status_code: int,
        error_message: str,
        *,
        error_code: str | None = None,
        trace_id: str | None = None,
        reference: str | None = None,
        endpoint: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.error_message = error_message
        self.error_code = error_code
        self.trace_id = trace_id
        self.reference = reference
        self.endpoint = endpoint
        self.retry_after = retry_after
        """Seconds to wait before calling again, when the API or the rate limit says so."""
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"{self.status_code}"]
        if self.endpoint:
            parts.append(f"on {self.endpoint}")
        text = " ".join(parts) + f": {self.error_message}"
        details = [
            f"{label}={value}"
            for label, value in (
                ("errorCode", self.error_code),
                ("reference", self.reference),
                ("traceId", self.trace_id),
            )
            if value
        ]
        return f"{text} ({', '.join(details)})" if details else text


class BadRequest(ApiError):
    """400: the request failed the API's validation (``reference`` names the field)."""


class AuthenticationFailed(ApiError):
    """401: the API key is missing, wrong or revoked."""


class Forbidden(ApiError):
    """403: the key lacks a privilege, e.g. a scope the studio did not grant."""


class NotFound(ApiError):
    """404: the customer, contract or module does not exist (for this studio)."""


class Conflict(ApiError):
    """409: the entity was changed concurrently by another request."""


class RateLimited(ApiError):
    """429: this endpoint's per-minute quota is used up; it stays blocked for ``retry_after``."""

    retry_after: float

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiError):
    """500 or another 5xx: the API failed unexpectedly."""


class Unavailable(ServerError):
    """503: the API sheds load (adaptive throttling); back off and retry."""

    @property
    def retryable(self) -> bool:
        return True
