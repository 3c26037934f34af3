"""A shop's front page: counts visits in Redis, reads products from Postgres.

The hosts are the Compose services' names (`db`, `cache`): Compose puts every
service on the project's network, where Docker's DNS answers each name.
"""

import os

import psycopg
import redis
from flask import Flask, jsonify

app = Flask(__name__)
cache = redis.Redis.from_url(os.environ["REDIS_URL"])


@app.get("/")
def index():
    visits = cache.incr("visits")
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        (products,) = conn.execute("SELECT count(*) FROM pg_catalog.pg_tables").fetchone()
    return f"<h1>Visit {visits}</h1><p>{products} tables in the database.</p>"


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")
