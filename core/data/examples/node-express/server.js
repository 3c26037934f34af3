// A small Express server: a JSON API and a health check.
const express = require("express");

const app = express();
const port = Number(process.env.PORT) || 3000;

app.use(express.json());

const todos = [{ id: 1, title: "Write a Dockerfile", done: true }];

app.get("/api/todos", (req, res) => {
  res.json(todos);
});

app.post("/api/todos", (req, res) => {
  const todo = { id: todos.length + 1, title: String(req.body.title || ""), done: false };
  todos.push(todo);
  res.status(201).json(todo);
});

app.get("/healthz", (req, res) => {
  res.json({ status: "ok" });
});

const server = app.listen(port, () => {
  console.log(`listening on port ${port}`);
});

// `docker stop` sends SIGTERM to PID 1: close cleanly instead of waiting to be killed.
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
});
