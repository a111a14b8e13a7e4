"""kambot's CRM port on Salesforce, through simple-salesforce (REST, SOQL paging, Bulk API 2.0)."""
