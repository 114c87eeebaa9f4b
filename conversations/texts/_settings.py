"""Settings, consent and personal offers from staff."""

TEXTS: dict[str, dict[str, str]] = {
    # --- personal offers from staff ------------------------------------------------------
    "staff_offer_intro": {
        "en": "{studio} picked an offer for you:",
        "de": "{studio} hat ein Angebot für dich ausgesucht:",
    },
    "staff_offer_footer": {
        "en": "You get offers like this because reminders are on. /stop turns them off.",
        "de": "Du bekommst solche Angebote, weil Erinnerungen an sind. /stop schaltet sie aus.",
    },
    # --- settings --------------------------------------------------------------------------
    "settings_intro": {"en": "Your settings:", "de": "Deine Einstellungen:"},
    "settings_language": {"en": "Language: {language}", "de": "Sprache: {language}"},
    "settings_reminders_on": {"en": "Reminders: on", "de": "Erinnerungen: an"},
    "settings_reminders_off": {"en": "Reminders: off", "de": "Erinnerungen: aus"},
    "reminders_now_on": {
        "en": "Reminders are on. You can turn them off any time with /stop.",
        "de": "Erinnerungen sind an. Mit /stop kannst du sie jederzeit ausschalten.",
    },
    "reminders_now_off": {
        "en": "Reminders are off. I'll only answer when you write to me.",
        "de": "Erinnerungen sind aus. Ich melde mich nur noch, wenn du mir schreibst.",
    },
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
}
