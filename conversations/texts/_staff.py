"""What the staff desk says (Slack answers, the feed, figures), in the studio's language."""

TEXTS: dict[str, dict[str, str]] = {}
