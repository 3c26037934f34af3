import "./style.css";

const app = document.querySelector("#app");
app.innerHTML = `
  <h1>Built by Vite, served by nginx</h1>
  <button id="counter" type="button">count is 0</button>
`;

let count = 0;
const button = document.querySelector("#counter");
button.addEventListener("click", () => {
  count += 1;
  button.textContent = `count is ${count}`;
});
