// Small enhancements for the console; every page works without them.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("DOMContentLoaded", () => {
  // Pages that show work in progress ask to be refreshed while it runs.
  const refresh = document.querySelector("[data-refresh-seconds]");
  if (refresh) {
    const seconds = Number(refresh.getAttribute("data-refresh-seconds")) || 5;
    window.setTimeout(() => window.location.reload(), seconds * 1000);
  }
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
