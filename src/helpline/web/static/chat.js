// The Live Chat panel: each message goes to the first responder (POST /api/v1/ask) with the conversation so far.
// Replies are inserted as text, never as HTML; citations become links to the library's sections.
(function () {
  "use strict";
  const button = document.getElementById("live-chat-button");
  const panel = document.getElementById("chat-panel");
  const close = document.getElementById("chat-close");
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const history = [];

  function open() {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    input.focus();
  }
  function shut() {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  function add(who, text, citations) {
    const item = document.createElement("li");
    item.className = who;
    const body = document.createElement("p");
    body.textContent = text;
    item.appendChild(body);
    if (citations && citations.length) {
      const list = document.createElement("ul");
      list.className = "citations";
      for (const citation of citations) {
        const entry = document.createElement("li");
        const link = document.createElement("a");
        link.href = citation.url || ("/library/" + encodeURIComponent(citation.article_id));
        link.textContent = citation.title + (citation.section ? " — " + citation.section : "") +
          (citation.last_revised ? " (last revised " + citation.last_revised + ")" : "");
        entry.appendChild(link);
        list.appendChild(entry);
      }
      item.appendChild(list);
    }
    log.appendChild(item);
    item.scrollIntoView({block: "end"});
  }

  button.addEventListener("click", function () { panel.hidden ? open() : shut(); });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") shut(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    input.value = "";
    add("visitor", question);
    try {
      const response = await fetch("/api/v1/ask", {
        method: "POST",
        headers: {"content-type": "application/json"},
        body: JSON.stringify({question: question, history: history.slice(-20)}),
      });
      const reply = await response.json();
      if (!response.ok) throw new Error(reply.error ? reply.error.message : response.statusText);
      add("helpline", reply.answer, reply.citations);
    } catch (error) {
      add("helpline", "Sorry, the message could not be sent. Please try again, or call us.");
    }
    history.push(question);
  });
})();
