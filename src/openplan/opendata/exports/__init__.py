"""Bulk downloads of the whole public dataset (CSV in a ZIP, JSON Lines, XLSX): the tables
(``tables.py``), the writers, the atomic build, the task that rebuilds them when public data
changes, and the downloads page. See the opendata README and docs/opendata.md."""
