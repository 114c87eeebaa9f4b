"""Cancelling a module and taking a cancellation back; how a cancellation stands."""

TEXTS: dict[str, dict[str, str]] = {
    # --- cancel ------------------------------------------------------------------------
    "btn_cancel": {"en": "Cancel a module", "de": "Modul kündigen"},
    "btn_cancel_module": {"en": "Cancel this module", "de": "Dieses Modul kündigen"},
    "btn_confirm_cancel": {"en": "Cancel now", "de": "Jetzt kündigen"},
    "btn_keep": {"en": "No, keep it", "de": "Nein, behalten"},
    "btn_next_date": {"en": "Next possible date: {date}", "de": "Nächstmöglicher Termin: {date}"},
    "btn_give_reason": {"en": "Add a reason (optional)", "de": "Grund angeben (freiwillig)"},
    "btn_no_reason": {"en": "No reason", "de": "Keine Angabe"},
    "cancel_choose_module": {
        "en": "Which module do you want to cancel?",
        "de": "Welches Modul möchtest du kündigen?",
    },
    "cancel_nothing": {
        "en": "You have no module that can be cancelled right now.",
        "de": "Du hast gerade kein Modul, das du kündigen kannst.",
    },
    "cancel_module_line": {"en": "• {module}: {status}", "de": "• {module}: {status}"},
    "cancel_membership_note": {
        "en": "To cancel your membership itself, please contact the studio.",
        "de": "Deine Mitgliedschaft selbst kündigst du direkt beim Studio.",
    },
    "cancel_choose_date": {
        "en": "On which date should {module} end? The earliest comes first.",
        "de": "Zu welchem Datum möchtest du {module} kündigen? Das früheste steht oben.",
    },
    "cancel_not_online": {
        "en": "{module} can't be cancelled online right now. Please contact the front desk.",
        "de": "{module} kann gerade nicht online gekündigt werden. Bitte wende dich an den "
        "Empfang.",
    },
    "cancel_no_reasons": {
        "en": "Cancelling online isn't set up in your studio yet. Please contact the front desk.",
        "de": "Online-Kündigungen sind in deinem Studio noch nicht eingerichtet. Bitte wende "
        "dich an den Empfang.",
    },
    "cancel_choose_reason": {
        "en": "What's the reason? This is optional and helps your studio.",
        "de": "Was ist der Grund? Die Angabe ist freiwillig und hilft deinem Studio.",
    },
    "cancel_reason_required": {
        "en": "Your studio needs a reason for online cancellations. Please pick one:",
        "de": "Dein Studio braucht für Online-Kündigungen einen Grund. Bitte wähl einen aus:",
    },
    "cancel_confirm": {
        "en": "Cancel {module} so that it ends on {date}?",
        "de": "{module} zum {date} kündigen?",
    },
    "cancel_reason_line": {"en": "Reason: {reason}", "de": "Grund: {reason}"},
    "cancel_reason_none": {"en": "Reason: none given", "de": "Grund: keine Angabe"},
    "cancel_declared": {
        "en": "Sent: cancellation of {module} for {date}.",
        "de": "Gesendet: Kündigung von {module} zum {date}.",
    },
    "cancel_failed": {
        "en": "The cancellation didn't go through. {reason}",
        "de": "Die Kündigung hat nicht geklappt. {reason}",
    },
    "cancel_in_progress": {
        "en": "This cancellation is already being processed. Please wait for its result.",
        "de": "Diese Kündigung wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "cancel_expired": {
        "en": "This step has expired. Nothing was cancelled. Please start again:",
        "de": "Dieser Schritt ist abgelaufen. Es wurde nichts gekündigt. Bitte fang neu an:",
    },
    "canceled_CANCELED": {
        "en": "Done: {module} is cancelled and ends on {date}.",
        "de": "Erledigt: {module} ist gekündigt und endet am {date}.",
    },
    "canceled_PENDING_VERIFICATION": {
        "en": "Your cancellation of {module} for {date} has been received. The studio still "
        "has to confirm it; you'll get a message here once it has.",
        "de": "Deine Kündigung von {module} zum {date} ist eingegangen. Das Studio muss sie "
        "noch bestätigen; du bekommst hier eine Nachricht, sobald es das getan hat.",
    },
    "canceled_SENT": {
        "en": "Your cancellation of {module} for {date} has been sent to the studio. You'll "
        "find its status under “My modules”.",
        "de": "Deine Kündigung von {module} zum {date} wurde an das Studio übermittelt. Den "
        "Stand findest du unter „Meine Module“.",
    },
    "canceled_can_withdraw": {
        "en": "Changed your mind? You can take it back below.",
        "de": "Doch anders überlegt? Unten kannst du die Kündigung zurücknehmen.",
    },
    "receipt_cancel_date": {"en": "Cancellation date: {date}", "de": "Kündigung zum: {date}"},
    "receipt_cancel_CANCELED": {"en": "Status: cancelled", "de": "Stand: gekündigt"},
    "receipt_cancel_PENDING_VERIFICATION": {
        "en": "Status: requested; the studio has yet to confirm it",
        "de": "Stand: beantragt, vom Studio noch zu bestätigen",
    },
    "receipt_cancel_SENT": {
        "en": "Status: sent to the studio",
        "de": "Stand: an das Studio übermittelt",
    },
    "cancel_unclear": {
        "en": "I couldn't confirm yet whether {module} was cancelled. I'll check with the "
        "studio and let you know.",
        "de": "Ich konnte noch nicht bestätigen, ob {module} gekündigt wurde. Ich kläre das "
        "mit dem Studio und sage dir Bescheid.",
    },
    "cancel_not_done": {
        "en": "The cancellation of {module} did not go through; it continues as before. You "
        "can try again.",
        "de": "Die Kündigung von {module} hat nicht geklappt; das Modul läuft wie bisher "
        "weiter. Du kannst es noch einmal versuchen.",
    },
    # --- how a cancellation stands (also in "My modules") ------------------------------
    "status_ends": {"en": "ends on {date}", "de": "endet am {date}"},
    "status_requested": {
        "en": "cancellation requested for {date}; the studio has yet to confirm it",
        "de": "Kündigung zum {date} beantragt; das Studio muss sie noch bestätigen",
    },
    "cancel_status_CANCELED": {
        "en": "Cancelled, ends on {date}",
        "de": "Gekündigt, endet am {date}",
    },
    "cancel_status_PENDING_VERIFICATION": {
        "en": "Cancellation requested for {date}; the studio has yet to confirm it",
        "de": "Kündigung zum {date} beantragt; das Studio muss sie noch bestätigen",
    },
    "cancel_status_PENDING_WITHDRAWAL_VERIFICATION": {
        "en": "Cancellation for {date} taken back; the studio has yet to confirm it",
        "de": "Kündigung zum {date} zurückgenommen; das Studio muss das noch bestätigen",
    },
    "cancel_status_other": {
        "en": "Cancellation for {date} on file",
        "de": "Kündigung zum {date} vorgemerkt",
    },
    # --- withdraw ----------------------------------------------------------------------------
    "btn_withdraw": {"en": "Keep {module} after all", "de": "{module} doch behalten"},
    "btn_confirm_withdraw": {"en": "Yes, keep {module}", "de": "Ja, {module} behalten"},
    "withdraw_confirm": {
        "en": "Keep {module} and take back your cancellation for {date}?",
        "de": "{module} behalten und die Kündigung zum {date} zurücknehmen?",
    },
    "withdraw_nothing": {
        "en": "{module} isn't cancelled, so there is nothing to take back.",
        "de": "{module} ist nicht gekündigt, also gibt es nichts zurückzunehmen.",
    },
    "withdraw_not_allowed": {
        "en": "The cancellation of {module} can't be taken back online any more. Please "
        "contact the front desk.",
        "de": "Die Kündigung von {module} kann online nicht mehr zurückgenommen werden. "
        "Bitte wende dich an den Empfang.",
    },
    "withdraw_failed": {
        "en": "Taking back the cancellation didn't work. {reason}",
        "de": "Die Rücknahme der Kündigung hat nicht geklappt. {reason}",
    },
    "withdraw_in_progress": {
        "en": "This is already being processed. Please wait for its result.",
        "de": "Das wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "withdraw_expired": {
        "en": "This step has expired. Your cancellation stands as it was. Please start again:",
        "de": "Dieser Schritt ist abgelaufen. Deine Kündigung bleibt, wie sie war. Bitte fang "
        "neu an:",
    },
    "withdrawn": {
        "en": "Great, {module} continues as before. Your cancellation has been taken back.",
        "de": "Super, {module} läuft wie bisher weiter. Deine Kündigung ist zurückgenommen.",
    },
    "withdrawn_pending": {
        "en": "Your request to keep {module} has been received. The studio still has to "
        "confirm it; you'll get a message here once it has.",
        "de": "Dein Wunsch, {module} zu behalten, ist eingegangen. Das Studio muss ihn noch "
        "bestätigen; du bekommst hier eine Nachricht, sobald es das getan hat.",
    },
    "withdraw_unclear": {
        "en": "I couldn't confirm yet whether your cancellation of {module} was taken back. "
        "I'll check and let you know.",
        "de": "Ich konnte noch nicht bestätigen, ob deine Kündigung von {module} "
        "zurückgenommen wurde. Ich kläre das und sage dir Bescheid.",
    },
    "withdraw_not_done": {
        "en": "Taking back the cancellation of {module} did not go through; the cancellation "
        "stands. You can try again.",
        "de": "Die Rücknahme der Kündigung von {module} hat nicht geklappt; die Kündigung "
        "bleibt bestehen. Du kannst es noch einmal versuchen.",
    },
}
