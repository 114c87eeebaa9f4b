"""Settings, consent to offers, and personal offers from staff."""

TEXTS: dict[str, dict[str, str]] = {
    # --- personal offers from staff ------------------------------------------------------
    "staff_offer_intro": {
        "en": "{studio} picked an offer for you:",
        "de": "{studio} hat ein Angebot für dich ausgesucht:",
    },
    # --- consent to offers (version conversations.consent.CONSENT_VERSION) -----------------
    "consent_question": {
        "en": "May {studio} send you offers in this chat now and then: new modules, special "
        "offers, and a reminder about a module you looked at but didn't book? Only if you "
        "tap “Yes”. You can change your answer any time in Settings, and /stop ends offers "
        "at once. You'll get messages about your own bookings and cancellations either way.",
        "de": "Darf dir {studio} in diesem Chat ab und zu Angebote schicken: neue Module, "
        "Aktionen und eine Erinnerung an ein Modul, das du dir angesehen, aber nicht gebucht "
        "hast? Nur wenn du auf „Ja“ tippst. Du kannst deine Antwort jederzeit in den "
        "Einstellungen ändern, und /stop beendet Angebote sofort. Nachrichten zu deinen "
        "eigenen Buchungen und Kündigungen bekommst du so oder so.",
    },
    "btn_consent_yes": {"en": "Yes, send me offers", "de": "Ja, schick mir Angebote"},
    "btn_consent_no": {"en": "No, thanks", "de": "Nein, danke"},
    "consent_given": {
        "en": "Thanks! You'll get offers now and then. /stop ends them at any time.",
        "de": "Danke! Du bekommst ab und zu Angebote. Mit /stop beendest du sie jederzeit.",
    },
    "consent_declined": {
        "en": "Okay, no offers. You can change this any time in Settings.",
        "de": "Okay, keine Angebote. Das kannst du jederzeit in den Einstellungen ändern.",
    },
    "offers_stopped": {
        "en": "Done: no more offers from me. Messages about your own bookings and "
        "cancellations still come. Changed your mind? You can say yes again in Settings.",
        "de": "Erledigt: keine Angebote mehr von mir. Nachrichten zu deinen eigenen Buchungen "
        "und Kündigungen bekommst du weiterhin. Doch anders überlegt? In den Einstellungen "
        "kannst du wieder zustimmen.",
    },
    "offers_stopped_unlinked": {
        "en": "I don't send you any offers: this chat isn't linked to a membership.",
        "de": "Ich schicke dir keine Angebote: Dieser Chat ist mit keiner Mitgliedschaft "
        "verbunden.",
    },
    "offers_footer": {
        "en": "You're getting this because you said yes to offers. /stop: no more offers.",
        "de": "Du bekommst diese Nachricht, weil du Angeboten zugestimmt hast. /stop: keine "
        "Angebote mehr.",
    },
    # --- settings --------------------------------------------------------------------------
    "settings_intro": {"en": "Your settings:", "de": "Deine Einstellungen:"},
    "settings_language": {"en": "Language: {language}", "de": "Sprache: {language}"},
    "settings_offers_on": {
        "en": "Offers from {studio}: yes (since {date})",
        "de": "Angebote von {studio}: ja (seit {date})",
    },
    "settings_offers_off": {
        "en": "Offers from {studio}: no",
        "de": "Angebote von {studio}: nein",
    },
    "btn_offers_off": {"en": "No more offers", "de": "Keine Angebote mehr"},
    "forget_confirm": {
        "en": "Delete the link to your membership and everything this chat told me? Your "
        "membership and modules stay as they are.",
        "de": "Die Verknüpfung zu deiner Mitgliedschaft und alles aus diesem Chat löschen? "
        "Deine Mitgliedschaft und Module bleiben, wie sie sind.",
    },
    "forgotten": {
        "en": "Done. I've deleted the link and this chat's data. Send /start to link again.",
        "de": "Erledigt. Ich habe die Verknüpfung und die Daten dieses Chats gelöscht. "
        "Schick /start, um dich neu zu verknüpfen.",
    },
    # --- the staff desk's view of consent ---------------------------------------------------
    "staff_consent_given": {
        "en": "offers: opted in on {date}",
        "de": "Angebote: eingewilligt am {date}",
    },
    "staff_consent_none": {
        "en": "offers: has not opted in",
        "de": "Angebote: keine Einwilligung",
    },
}
