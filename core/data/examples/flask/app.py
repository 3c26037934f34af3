"""A tiny Flask app: one page and a health check."""

import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    name = os.environ.get("GREETING_NAME", "world")
    return f"<h1>Hello, {name}!</h1>"


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


if __name__ == "__main__":
    # Local development only; the container runs gunicorn.
    app.run(host="0.0.0.0", port=8000, debug=True)
