"""Cancelling a module and taking a cancelation back."""

TEXTS: dict[str, dict[str, str]] = {
    # --- cancel ------------------------------------------------------------------------
    "cancel_choose_date": {
        "en": "To which date do you want to cancel {module}? (earliest first)",
        "de": "Zu welchem Datum möchtest du {module} kündigen? (frühestes zuerst)",
    },
    "cancel_not_online": {
        "en": "{module} can't be canceled online right now. Please contact the front desk.",
        "de": "{module} kann gerade nicht online gekündigt werden. Bitte wende dich an den "
        "Empfang.",
    },
    "cancel_no_reasons": {
        "en": "Canceling online isn't set up in your studio yet. Please contact the front desk.",
        "de": "Online-Kündigungen sind in deinem Studio noch nicht eingerichtet. Bitte wende "
        "dich an den Empfang.",
    },
    "cancel_choose_reason": {
        "en": "What's the reason? (This helps your studio.)",
        "de": "Was ist der Grund? (Das hilft deinem Studio.)",
    },
    "cancel_confirm": {
        "en": "Cancel {module} to {date}?",
        "de": "{module} zum {date} kündigen?",
    },
    "cancel_reason_line": {"en": "Reason: {reason}", "de": "Grund: {reason}"},
    "cancel_failed": {
        "en": "The cancelation didn't go through. {reason}",
        "de": "Die Kündigung hat nicht geklappt. {reason}",
    },
    "cancel_in_progress": {
        "en": "This cancelation is already being processed. Please wait for its result.",
        "de": "Diese Kündigung wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "canceled_CANCELED": {
        "en": "Done: {module} is canceled and ends on {date}. Changed your mind? You can "
        "take it back below.",
        "de": "Erledigt: {module} ist gekündigt und endet am {date}. Doch anders überlegt? "
        "Unten kannst du die Kündigung zurücknehmen.",
    },
    "canceled_PENDING_VERIFICATION": {
        "en": "Your cancelation of {module} to {date} was received. The studio still has "
        "to confirm it; I'll let you know.",
        "de": "Deine Kündigung von {module} zum {date} ist eingegangen. Das Studio muss sie "
        "noch bestätigen; ich sage dir Bescheid.",
    },
    "canceled_SENT": {
        "en": "Your cancelation of {module} was sent to the studio. Details are under “My "
        "modules”.",
        "de": "Deine Kündigung von {module} ist beim Studio. Details findest du unter "
        "„Meine Module“.",
    },
    "cancel_unclear": {
        "en": "I couldn't confirm yet whether {module} was canceled. I'll check with the "
        "studio and tell you.",
        "de": "Ich konnte noch nicht bestätigen, ob {module} gekündigt wurde. Ich kläre das "
        "mit dem Studio und sage dir Bescheid.",
    },
    "cancel_not_done": {
        "en": "The cancelation of {module} did not go through; it continues as before. You "
        "can try again.",
        "de": "Die Kündigung von {module} hat nicht geklappt; es läuft weiter wie bisher. "
        "Du kannst es noch einmal versuchen.",
    },
    # --- withdraw ----------------------------------------------------------------------------
    "withdraw_confirm": {
        "en": "Keep {module} and take back your cancelation to {date}?",
        "de": "{module} behalten und die Kündigung zum {date} zurücknehmen?",
    },
    "withdraw_nothing": {
        "en": "{module} isn't canceled, so there is nothing to take back.",
        "de": "{module} ist nicht gekündigt, es gibt nichts zurückzunehmen.",
    },
    "withdraw_not_allowed": {
        "en": "The cancelation of {module} can't be taken back online any more. Please "
        "contact the front desk.",
        "de": "Die Kündigung von {module} kann online nicht mehr zurückgenommen werden. "
        "Bitte wende dich an den Empfang.",
    },
    "withdraw_failed": {
        "en": "Taking back the cancelation didn't work. {reason}",
        "de": "Die Rücknahme der Kündigung hat nicht geklappt. {reason}",
    },
    "withdraw_in_progress": {
        "en": "This is already being processed. Please wait for its result.",
        "de": "Das wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "withdrawn": {
        "en": "Great, {module} continues as before. Your cancelation is taken back.",
        "de": "Super, {module} läuft weiter wie bisher. Deine Kündigung ist zurückgenommen.",
    },
    "withdrawn_pending": {
        "en": "Your request to keep {module} was received. The studio still has to confirm "
        "it; I'll let you know.",
        "de": "Dein Wunsch, {module} zu behalten, ist eingegangen. Das Studio muss ihn noch "
        "bestätigen; ich sage dir Bescheid.",
    },
    "withdraw_unclear": {
        "en": "I couldn't confirm yet whether your cancelation of {module} was taken back. "
        "I'll check and tell you.",
        "de": "Ich konnte noch nicht bestätigen, ob deine Kündigung von {module} "
        "zurückgenommen wurde. Ich kläre das und sage dir Bescheid.",
    },
    "withdraw_not_done": {
        "en": "Taking back the cancelation of {module} did not go through; the cancelation "
        "stands. You can try again.",
        "de": "Die Rücknahme der Kündigung von {module} hat nicht geklappt; die Kündigung "
        "bleibt bestehen. Du kannst es noch einmal versuchen.",
    },
}
