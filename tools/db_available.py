"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise."""

import sys

import psycopg

try:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    psycopg.connect(url, connect_timeout=3).close()
except (psycopg.Error, IndexError):
    sys.exit(1)
