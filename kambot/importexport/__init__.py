"""CSV import and export (canonical and Salesforce report headers) and the demo workspace loader."""
