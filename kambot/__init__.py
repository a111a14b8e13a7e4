"""kambot: a Slack assistant for key account managers."""
