"""A fake Salesforce org on https://127.0.0.1: OAuth token, SOQL, sObjects, Collections and Bulk 2.0 query."""
from kambot.testing.fake_salesforce.api import FakeSalesforce
from kambot.testing.fake_salesforce.http import SfCall

__all__ = ["FakeSalesforce", "SfCall"]
