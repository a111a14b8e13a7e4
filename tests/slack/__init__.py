"""Tests of the Slack door: the real Bolt app against the fake Slack Web API."""
