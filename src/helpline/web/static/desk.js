// Follow-ups and phone contacts: small forms posted to the staff API with the CSRF header.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  async function post(path, body, method) {
    const response = await fetch("/api/v1/staff" + path, {
      method: method || "POST", credentials: "same-origin",
      headers: {"content-type": "application/json", "x-csrf-token": csrf}, body: JSON.stringify(body)});
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    return data;
  }
  for (const form of document.querySelectorAll("form.close-follow-up")) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const outcome = form.querySelector("input").value.trim();
      post("/follow-ups/" + form.dataset.id + "/close", {outcome: outcome}).then(function () {
        form.closest("li").textContent = "Closed.";
      }, function (error) { form.appendChild(document.createTextNode(" " + error.message)); });
    });
  }
  for (const button of document.querySelectorAll("button.retire-canned")) {
    button.addEventListener("click", function () {
      post("/canned/" + button.dataset.id, undefined, "DELETE").then(function () {
        button.closest("li").remove();
      }, function (error) { button.after(" " + error.message); });
    });
  }
  const canned = document.getElementById("canned-form");
  if (canned) {
    canned.addEventListener("submit", function (event) {
      event.preventDefault();
      const result = document.getElementById("canned-result");
      post("/canned", {title: document.getElementById("canned-title").value.trim(),
                       text: document.getElementById("canned-text").value.trim()}).then(function () {
        result.textContent = "Added. Specialists see it the next time they open the console.";
        canned.reset();
      }, function (error) { result.textContent = "Not added: " + error.message; });
    });
  }
  const phone = document.getElementById("phone-form");
  if (phone) {
    phone.addEventListener("submit", function (event) {
      event.preventDefault();
      const topics = Array.from(phone.querySelectorAll('input[name="topic"]:checked')).map(function (b) {
        return b.value; });
      const ids = document.getElementById("phone-resources").value.split(",").map(function (part) {
        return parseInt(part, 10); }).filter(function (n) { return !isNaN(n); });
      const result = document.getElementById("phone-result");
      post("/phone-contacts", {topics: topics, summary: document.getElementById("phone-summary").value.trim(),
                               resource_ids: ids}).then(function (done) {
        result.textContent = "Logged (contact " + done.id + ").";
        phone.reset();
      }, function (error) { result.textContent = "Not logged: " + error.message; });
    });
  }
})();
