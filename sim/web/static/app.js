// The workbench's only script: run progress by polling, sortable tables, validating the YAML text.
// Served from this server (no CDN); builds text with textContent, never innerHTML.
"use strict";

function csrf() {
  return document.querySelector('meta[name="csrf"]').content;
}

function pollJob(box) {
  const id = box.dataset.id;
  const state = document.getElementById("job-state");
  const bar = document.getElementById("job-progress");
  const count = document.getElementById("job-count");
  const eta = document.getElementById("job-eta");
  const tick = async () => {
    const reply = await fetch("/api/job?id=" + encodeURIComponent(id), { credentials: "same-origin" });
    if (!reply.ok) return;
    const job = await reply.json();
    state.textContent = job.state;
    box.dataset.state = job.state;
    bar.max = job.total || 1;
    bar.value = job.done;
    count.textContent = job.done + "/" + job.total + " runs";
    eta.textContent = job.eta_seconds == null ? "" : "about " + Math.ceil(job.eta_seconds) + " s left";
    if (job.error) {
      const error = document.getElementById("job-error");
      error.textContent = job.error;
      error.hidden = false;
    }
    if (job.chosen) {
      document.getElementById("job-chosen-set").textContent = job.chosen;
      document.getElementById("job-chosen").hidden = false;
    }
    const warnings = document.getElementById("job-warnings");
    warnings.replaceChildren(...(job.warnings || []).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    if (job.results) {
      const link = document.getElementById("job-results-link");
      link.href = "/results?path=" + encodeURIComponent(job.results);
      document.getElementById("job-results").hidden = false;
    }
    if (job.state === "running") setTimeout(tick, 500);
  };
  tick();
}

function sortable(table) {
  table.querySelectorAll("th").forEach((th, column) => {
    th.addEventListener("click", () => {
      const body = table.tBodies[0];
      const down = th.dataset.order !== "asc";
      th.dataset.order = down ? "asc" : "desc";
      const key = (row) => row.cells[column].textContent;
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        const nx = parseFloat(x), ny = parseFloat(y);
        const cmp = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
        return down ? cmp : -cmp;
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
}

function validateText(form) {
  form.addEventListener("submit", async (event) => {
    if (event.submitter && event.submitter.id !== "validate") return; // a save: posted as a form
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    const reply = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
    const out = document.getElementById("yaml-problems");
    const result = await reply.json();
    out.textContent = result.problems.length ? result.problems.join("\n") : "Valid scenario.";
    out.className = result.problems.length ? "problem" : "ok";
    out.hidden = false;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("job");
  if (box && box.dataset.state === "running") pollJob(box);
  document.querySelectorAll("table.sortable").forEach(sortable);
  const yaml = document.getElementById("yaml-form");
  if (yaml) validateText(yaml);
});
