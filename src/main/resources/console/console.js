// Permafrost console: the two things a server-rendered page cannot do alone, a live countdown to a
// lock's expiry and an upload with a progress bar. Everything else works without this script.
"use strict";

function countdowns() {
  const spans = document.querySelectorAll(".countdown[data-expires]");
  if (spans.length === 0) return;
  // Counts from the server's clock (data-now), so a skewed browser clock does not mislead.
  const skew = Number(spans[0].dataset.now) - Date.now();
  const tick = () => {
    for (const span of spans) {
      let left = Math.max(0, Number(span.dataset.expires) - (Date.now() + skew));
      const h = Math.floor(left / 3600000); left -= h * 3600000;
      const m = Math.floor(left / 60000); left -= m * 60000;
      const s = Math.floor(left / 1000);
      span.textContent = left <= 0 && h === 0 && m === 0 ? "expired" : `${h}h ${m}m ${s}s left to complete`;
    }
  };
  tick();
  setInterval(tick, 1000);
}

// The Glacier tree hash (SHA-256 of each MiB, then pairwise up to one root), in the browser, so the
// server can check the whole file end to end. Web Crypto exists only in secure contexts (HTTPS or
// localhost); elsewhere the upload goes without it and the server hashes what arrives.
async function treeHash(file) {
  if (!(window.crypto && crypto.subtle)) return null;
  const MIB = 1024 * 1024;
  let level = [];
  for (let off = 0; off < Math.max(file.size, 1); off += MIB) {
    const chunk = await file.slice(off, Math.min(file.size, off + MIB)).arrayBuffer();
    level.push(new Uint8Array(await crypto.subtle.digest("SHA-256", chunk)));
  }
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) { next.push(level[i]); continue; }
      const pair = new Uint8Array(64);
      pair.set(level[i], 0); pair.set(level[i + 1], 32);
      next.push(new Uint8Array(await crypto.subtle.digest("SHA-256", pair)));
    }
    level = next;
  }
  return Array.from(level[0], b => b.toString(16).padStart(2, "0")).join("");
}

function uploads() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const progress = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("f-file").files[0];
    if (!file) { status.textContent = "Choose a file first."; return; }
    status.textContent = "Computing the tree hash…";
    const hash = await treeHash(file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.action);
    xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    xhr.setRequestHeader("X-Archive-Description", encodeURIComponent(document.getElementById("f-description").value));
    if (hash) xhr.setRequestHeader("X-Tree-Hash", hash);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        progress.value = Math.round(100 * e.loaded / e.total);
        status.textContent = `Sending… ${progress.value}%`;
      }
    };
    xhr.onload = () => {
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { message: xhr.statusText }; }
      if (xhr.status === 201) {
        progress.value = 100;
        status.textContent = `Uploaded: archive ${answer.archiveId} (tree hash ${answer.treeHash})`;
        status.dataset.archiveId = answer.archiveId;
      } else if (xhr.status === 401) {
        status.textContent = answer.message;
        window.location = "/console/sign-in?expired=1&next=" + encodeURIComponent(window.location.pathname);
      } else {
        status.textContent = `${answer.code || "Error"}: ${answer.message}`;
        status.dataset.error = answer.code || "Error";
      }
    };
    xhr.onerror = () => { status.textContent = "The upload failed: the connection was lost."; };
    status.textContent = "Sending… 0%";
    xhr.send(file);
  });
}

document.addEventListener("DOMContentLoaded", () => { countdowns(); uploads(); });
