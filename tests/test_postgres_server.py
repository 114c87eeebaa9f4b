"""The throwaway PostgreSQL server the PostgreSQL tests run on starts for real."""

from __future__ import annotations

import psycopg

from testing.postgres import PostgresServer


def test_a_fresh_database_on_the_throwaway_server(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("smoke")
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT current_database(), current_setting('server_version_num')")
            name, version = row.fetchone() or ("", "0")
        assert name == "smoke" and int(version) >= 130000
    finally:
        postgres_server.drop_database("smoke")
