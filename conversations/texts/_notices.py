"""Messages the bot starts itself: reminders, campaigns, contract news."""

TEXTS: dict[str, dict[str, str]] = {
    # --- notices the bot starts itself (reminders, campaigns, contract news) ----------
    "notice_cancelation": {
        "en": "Your module {module} ends on {date}. Changed your mind? You can still keep it.",
        "de": "Dein Modul {module} endet am {date}. Doch anders überlegt? Du kannst es noch "
        "behalten.",
    },
    "notice_cancelation_pending": {
        "en": "You asked to cancel your module {module} so that it ends on {date}; the studio "
        "has yet to confirm it. Changed your mind? You can still keep it.",
        "de": "Du hast dein Modul {module} zum {date} gekündigt; das Studio muss die Kündigung "
        "noch bestätigen. Doch anders überlegt? Du kannst es noch behalten.",
    },
    "notice_trial": {
        "en": "Your free trial of {module} ends on {date}. From {paid_from} it costs {price}. "
        "To keep it, you don't need to do anything; if you don't want it, cancel it with one "
        "tap so that it ends with the trial.",
        "de": "Deine kostenlose Testphase für {module} endet am {date}. Ab dem {paid_from} kostet "
        "es {price}. Wenn du es behalten möchtest, musst du nichts tun; wenn nicht, kündige "
        "es mit einem Tipp zum Ende der Testphase.",
    },
    "notice_trial_unpriced": {
        "en": "Your free trial of {module} ends on {date}. After that it continues at its "
        "regular price (see “My modules”). To keep it, you don't need to do anything; if you "
        "don't want it, cancel it with one tap so that it ends with the trial.",
        "de": "Deine kostenlose Testphase für {module} endet am {date}. Danach läuft es zum "
        "regulären Preis weiter (siehe „Meine Module“). Wenn du es behalten möchtest, musst "
        "du nichts tun; wenn nicht, kündige es mit einem Tipp zum Ende der Testphase.",
    },
    "notice_viewed": {
        "en": "You recently looked at {module}. It is still available for your membership.",
        "de": "Du hast dir neulich {module} angesehen. Es ist für deine Mitgliedschaft weiterhin "
        "buchbar.",
    },
    "notice_campaign": {
        "en": "{studio} has an offer for you: {module}.",
        "de": "{studio} hat ein Angebot für dich: {module}.",
    },
    "notice_added": {
        "en": "{module} was added to your membership at {studio}.",
        "de": "{module} wurde bei {studio} zu deiner Mitgliedschaft hinzugefügt.",
    },
    "notice_cancel_pending": {
        "en": "A cancellation of {module} for {date} has been received. The studio still has "
        "to confirm it.",
        "de": "Eine Kündigung von {module} zum {date} ist eingegangen. Das Studio muss sie noch "
        "bestätigen.",
    },
    "notice_canceled": {
        "en": "{module} has been cancelled and ends on {date}.",
        "de": "{module} wurde gekündigt und endet am {date}.",
    },
    "notice_cancel_confirmed": {
        "en": "The studio has confirmed your cancellation of {module}. It ends on {date}.",
        "de": "Das Studio hat deine Kündigung von {module} bestätigt. Das Modul endet am {date}.",
    },
    "notice_withdrawn": {
        "en": "The cancellation of {module} has been taken back. It continues as before.",
        "de": "Die Kündigung von {module} wurde zurückgenommen. Das Modul läuft wie bisher weiter.",
    },
    "notice_withdraw_pending": {
        "en": "Your request to keep {module} has been received. The studio still has to "
        "confirm it.",
        "de": "Dein Wunsch, {module} zu behalten, ist eingegangen. Das Studio muss ihn noch "
        "bestätigen.",
    },
    "notice_withdraw_rejected": {
        "en": "The studio could not take back the cancellation of {module}. It ends on {date}.",
        "de": "Das Studio konnte die Kündigung von {module} nicht zurücknehmen. Das Modul "
        "endet am {date}.",
    },
    "notice_date_changed": {
        "en": "The cancellation date of {module} is now {date}.",
        "de": "Das Kündigungsdatum von {module} ist jetzt der {date}.",
    },
    "notice_btn_keep": {
        "en": "Keep {module}",
        "de": "{module} behalten",
    },
    "notice_btn_cancel": {
        "en": "Cancel {module}",
        "de": "{module} kündigen",
    },
    "notice_btn_show": {
        "en": "{module}: details and booking",
        "de": "{module}: Details und Buchung",
    },
}
