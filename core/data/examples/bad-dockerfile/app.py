import os

from flask import Flask

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]


@app.get("/")
def index():
    return "Hello from a Dockerfile that needs fixing!"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
