"""Matrix rows asserted by tests outside ``tests/faults``: the test already says it, so the
matrix points at it instead of asserting it twice.

``test`` is a node id; without ``[...]`` it stands for every parametrized case of that test
(the row passes when all of them pass). A referenced test that is renamed or moved fails the
run that would write the matrix, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    area: str
    scenario: str
    expected: str
    test: str


HOSTILE = "Hostile input at every entry point"
FINDINGS = "Issue 12 findings 3-9"
WRITES = "PerfectGym failures on writes"
CRASHES = "Crashes and restarts"
DUPLICATES = "Duplicate, reordered and replayed deliveries"

_TG = "tests/adapters/telegram/test_webhook.py"
_SLACK = "tests/adapters/slack/test_intake.py"
_PG = "tests/webhooks/test_receiver.py"

REFERENCES: tuple[Reference, ...] = (
    # -- PerfectGym failures on reads and writes, at every step of every dialog ----------------
    Reference(
        WRITES,
        "429, 503 or no answer at each of the ten API steps of linking, booking, My modules, "
        "cancelling and withdrawing",
        "member: a clear message and 'Try again'; store: the dialog stays where it was; a "
        "write without an answer is 'not confirmed yet', then settled",
        "tests/conversations/test_api_failures.py::test_failure_at_each_step_keeps_the_state_and_retries",
    ),
    Reference(
        WRITES,
        "purchase: PerfectGym answers 500 (nothing bought), then the member taps 'Try again'",
        "member: 'did not go through, nothing was booked', then 'Booked!'; PerfectGym: one "
        "purchase",
        "tests/conversations/test_safety.py::test_unclear_outcome_that_did_not_happen_is_reported_not_booked",
    ),
    Reference(
        WRITES,
        "purchase made, but PerfectGym stays unreachable while the bot checks",
        "member: 'couldn't confirm yet, don't book again' once, then 'Booked!' when PerfectGym "
        "answers; staff: told it needs a person",
        "tests/conversations/test_safety.py::test_outcome_unknown_until_the_api_answers_again",
    ),
    # -- crashes ------------------------------------------------------------------------------
    Reference(
        CRASHES,
        "the process dies after the intent is written, before the purchase request",
        "member: 'did not go through' at start-up, no timer waited out; PerfectGym: nothing",
        "tests/conversations/test_safety.py::test_operation_left_by_a_dead_turn_is_settled_at_once",
    ),
    Reference(
        CRASHES,
        "the process dies after PerfectGym answered the purchase, before the outcome was saved",
        "member: 'Booked!' from the start-up reconciliation; PerfectGym: one purchase",
        "tests/conversations/test_safety.py::test_killed_after_perfectgym_committed_is_told_booked_at_start_up",
    ),
    Reference(
        CRASHES,
        "restart in the middle of a dialog (confirmation shown, not tapped)",
        "member: the old 'Book and pay' button still books, once",
        "tests/conversations/test_safety.py::test_restart_mid_dialog_continues_where_it_was",
    ),
    # -- duplicates ---------------------------------------------------------------------------
    Reference(
        DUPLICATES,
        "two taps on 'Book and pay' at once (one process)",
        "member: 'Booked!' once, the second tap ignored quietly; PerfectGym: one purchase",
        "tests/conversations/test_safety.py::test_two_concurrent_taps_make_one_purchase",
    ),
    Reference(
        DUPLICATES,
        "two chats of one member confirm the same module at once",
        "member: 'Booked!' in one chat, 'already being processed' or 'you already have it' in "
        "the other; PerfectGym: one purchase",
        "tests/conversations/test_safety.py::test_two_chats_of_one_member_confirming_at_once_buy_once",
    ),
    Reference(
        DUPLICATES,
        "PerfectGym webhook: the same uuid delivered twice",
        "operator: 200 both times; store: one delivery, processed once",
        f"{_PG}::test_a_repeated_uuid_is_answered_200_and_processed_once",
    ),
    Reference(
        DUPLICATES,
        "PerfectGym webhook: a burst of 1000 deliveries",
        "operator: every one answered 200; store: none lost",
        f"{_PG}::test_a_burst_of_1000_deliveries_is_answered_and_nothing_is_lost",
    ),
    # -- hostile input ------------------------------------------------------------------------
    Reference(
        HOSTILE,
        "Telegram webhook: wrong or missing secret token",
        "operator: 403; nothing stored or run",
        f"{_TG}::test_a_wrong_or_missing_secret_is_refused_and_nothing_happens",
    ),
    Reference(
        HOSTILE,
        "Telegram webhook: malformed update (not JSON, no update_id, wrong shapes)",
        "operator: 400 in one line; nothing run",
        f"{_TG}::test_a_malformed_update_gets_400",
    ),
    Reference(
        HOSTILE,
        "Telegram webhook: JSON nested 30,000-100,000 deep",
        "operator: 400 'nested deeper than 64 levels', no traceback",
        f"{_TG}::test_a_deeply_nested_body_gets_400_in_one_line",
    ),
    Reference(
        HOSTILE,
        "Telegram webhook: a chunked 10 MB body without content-length",
        "operator: 413 while reading, after at most the 1 MB cap",
        f"{_TG}::test_a_chunked_body_without_length_is_refused_while_reading",
    ),
    Reference(
        HOSTILE,
        "Telegram: text, language or entity of the wrong type (a number, a list)",
        "member: the help with buttons, not 'something went wrong'",
        f"{_TG}::test_a_field_of_the_wrong_type_is_read_as_telegram_documents_it",
    ),
    Reference(
        HOSTILE,
        "Telegram: callback data with a lone surrogate, a number or junk",
        "member: 'I don't know that button'",
        f"{_TG}::test_callback_data_that_no_token_can_be_is_an_unknown_button",
    ),
    Reference(
        HOSTILE,
        "Telegram: a forged button token",
        "member: the press answered and refused; nothing changes",
        "tests/adapters/telegram/test_limits.py::test_a_forged_button_is_answered_and_refused",
    ),
    Reference(
        HOSTILE,
        "/slack/events unsigned: 100,000-deep JSON, invalid UTF-8, malformed JSON",
        "operator: 401 before anything parses the body",
        f"{_SLACK}::test_an_unsigned_request_gets_401_whatever_its_body",
    ),
    Reference(
        HOSTILE,
        "/slack/events with a wrong signature (a rotated signing secret)",
        "operator: 401; the body (with its response_url) never logged",
        f"{_SLACK}::test_a_refused_request_body_is_never_logged",
    ),
    Reference(
        HOSTILE,
        "/slack/events: a 50 MB body",
        "operator: 413 while reading, after at most the 1 MiB cap",
        f"{_SLACK}::test_a_huge_body_is_refused_while_reading",
    ),
    Reference(
        HOSTILE,
        "/slack/events signed: deep JSON, not an object, lone surrogate, event as a string",
        "operator: 400 in one line; nothing reaches Bolt or the audit log",
        f"{_SLACK}::test_a_signed_body_bolt_cannot_read_gets_400",
    ),
    Reference(
        HOSTILE,
        "/slack/events signed: every field of a click and a mention replaced by other types",
        "operator: never a 500, nothing logged with a traceback",
        f"{_SLACK}::test_no_field_of_the_wrong_type_gets_a_500",
    ),
    Reference(
        HOSTILE,
        "PerfectGym webhook: missing or wrong x-api-key",
        "operator: 401; nothing stored",
        f"{_PG}::test_a_missing_or_wrong_key_is_refused_and_nothing_is_stored",
    ),
    Reference(
        HOSTILE,
        "PerfectGym webhook: malformed bodies (not JSON, wrong types, deep nesting, bad UTF-8)",
        "operator: 400; nothing stored",
        f"{_PG}::test_malformed_bodies_get_400_and_are_not_stored",
    ),
    Reference(
        HOSTILE,
        "PerfectGym webhook: a body over 64 KiB",
        "operator: 413",
        f"{_PG}::test_a_body_over_64_kib_gets_413",
    ),
    Reference(
        HOSTILE,
        "PerfectGym webhook: unknown event types and fields",
        "operator: 200; store: recorded and dropped",
        f"{_PG}::test_unknown_event_types_are_accepted_and_dropped_after_recording",
    ),
    # -- issue 12, findings 3-9 ---------------------------------------------------------------
    Reference(
        FINDINGS,
        "#3 50 chats guess one customer's date of birth at once",
        "PerfectGym asked 5 times; no chat linked; every chat told 'too many attempts'",
        "tests/conversations/test_link.py::test_guesses_racing_from_many_chats_reach_perfectgym_five_times",
    ),
    Reference(
        FINDINGS,
        "#3 guesses spread over many numbers",
        "at most 30 checks per studio per minute; the rest refused politely; staff told once",
        "tests/conversations/test_link.py::test_studio_ceiling_refuses_further_checks_and_tells_staff_once",
    ),
    Reference(
        FINDINGS,
        "#4 hostile bodies on every HTTP entry point",
        "see 'Hostile input at every entry point': 4xx in one line, never a traceback",
        f"{_TG}::test_a_deeply_nested_body_gets_400_in_one_line",
    ),
    Reference(
        FINDINGS,
        "#5 a typo in the configuration file (db_pth)",
        "operator: start-up stops with one line naming the key (and the likely one)",
        "tests/test_config.py::test_an_unknown_key_in_the_file_stops_start_up",
    ),
    Reference(
        FINDINGS,
        "#5 Bolt's 'token will be unused' warning at every start",
        "operator: no such warning",
        f"{_SLACK}::test_bolt_does_not_warn_about_the_token_at_start_up",
    ),
    Reference(
        FINDINGS,
        "#6 a linked chat types another member's customer number",
        "member: told which membership the chat is linked to and how to switch; link unchanged",
        "tests/conversations/test_link.py::test_linked_chat_typing_another_number_is_told_what_it_is_linked_to",
    ),
    Reference(
        FINDINGS,
        "#7 killed while PerfectGym held the purchase; PerfectGym completes it later",
        "member: 'being confirmed' at once after the restart, then 'Booked!' as soon as "
        "PerfectGym shows it; no 2-minute wait",
        "tests/conversations/test_safety.py::test_killed_while_perfectgym_held_the_purchase_the_member_hears_at_once",
    ),
    Reference(
        FINDINGS,
        "#8 the client hangs up on a purchase the sandbox received",
        "PerfectGym (sandbox): the purchase is made anyway, as a real server would",
        "tests/sandbox/test_faults.py::test_purchase_the_client_gave_up_on_is_still_made",
    ),
    Reference(
        FINDINGS,
        "#9 schemathesis over the vendor's excerpt, every check, stateful phase",
        "no failure",
        "tests/sandbox/test_schemathesis.py::test_schemathesis_finds_nothing",
    ),
    Reference(
        FINDINGS,
        "#9 a 405 from the sandbox",
        "the Allow header names the allowed methods",
        "tests/sandbox/test_auth.py::test_wrong_method_names_the_allowed_ones",
    ),
)
