// The specialists' console: the queue and one conversation, live over /api/v1/staff/ws; actions through the
// staff API with the CSRF header. Everything from the server is inserted as text, never as HTML.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = function (id) { return document.getElementById(id); };
  let socket = null;
  let current = null;        // the conversation shown: {id, status, mine, last_seq}
  let attached = [];         // citation keys of inserted passages
  let typingSent = 0;
  let typingTimer = null;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  async function api(method, path, body) {
    const response = await fetch("/api/v1/staff" + path, {
      method: method, credentials: "same-origin",
      headers: {"content-type": "application/json", "x-csrf-token": csrf},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      if (response.status === 401) location.href = "/staff/login";
      throw new Error(data.error ? data.error.message : response.statusText);
    }
    return data;
  }
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(text) { $("conversation-state").textContent = text; }
  function minutes(seconds) { return seconds < 60 ? "under a minute" : Math.round(seconds / 60) + " min"; }

  // The queue ------------------------------------------------------------------------------------------------
  function renderQueue(queue) {
    const waiting = $("waiting");
    waiting.textContent = "";
    for (const item of queue.waiting) {
      const li = element("li", "urgency-" + item.urgency);
      const button = element("button");
      button.type = "button";
      if (item.urgency !== "none") button.appendChild(element("span", "badge", item.urgency));
      button.appendChild(document.createTextNode(" " + (item.topic || "no topic") + " · waiting " +
        minutes(item.waited_seconds)));
      button.appendChild(element("span", "snippet", "\n" + item.last_message));
      button.addEventListener("click", function () { open(item.conversation_id); });
      li.appendChild(button);
      waiting.appendChild(li);
    }
    if (!queue.waiting.length) waiting.appendChild(element("li", "snippet", "Nobody is waiting."));
    const active = $("active");
    active.textContent = "";
    for (const item of queue.active) {
      const li = element("li", "urgency-" + item.urgency);
      const button = element("button", "", (item.mine ? "Yours" : item.specialist) + " · " + (item.topic || ""));
      button.type = "button";
      button.addEventListener("click", function () { open(item.conversation_id); });
      li.appendChild(button);
      active.appendChild(li);
    }
  }

  // One conversation -----------------------------------------------------------------------------------------
  function renderMessage(message) {
    const li = element("li", message.sender);
    li.dataset.id = message.id;
    const who = message.sender === "visitor" ? "Visitor" : message.sender === "helpline" ? "First responder" :
      (message.author || "Specialist");
    li.appendChild(element("span", "who", who));
    li.appendChild(element("p", "", message.text));
    if (message.citations && message.citations.length) {
      const list = element("ul", "chips");
      for (const citation of message.citations) {
        list.appendChild(element("li", "", citation.title + (citation.section ? " — " + citation.section : "")));
      }
      li.appendChild(list);
    }
    const why = message.triage || (message.reasons ? {reasons: message.reasons, safety: message.safety,
      topic: message.topic} : null);
    if (why) {
      const details = element("details");
      details.appendChild(element("summary", "", "Why: " + (why.safety || "") + " · " + (why.topic || "")));
      for (const reason of why.reasons || []) details.appendChild(element("div", "", reason));
      li.appendChild(details);
    }
    $("transcript").appendChild(li);
    li.scrollIntoView({block: "end"});
  }
  function renderStatus(data) {
    if (data.text) $("transcript").appendChild(element("li", "system", data.text));
    if (data.status && current) {
      current.status = data.status;
      if (data.specialist) current.specialist = data.specialist;
      if (data.status === "closed") current.mine = false;
      updateControls();
    }
  }
  function updateControls() {
    const mine = current && current.mine && current.status === "active";
    $("claim").hidden = !(current && current.status === "queued");
    $("reply-form").hidden = !mine;
    $("work-tools").hidden = !mine;
    if (current) {
      say("Status: " + current.status + (current.specialist ? " · with " + current.specialist : "") +
        (current.status === "active" && !current.mine ? " · read-only (not yours)" : ""));
    }
  }
  async function open(conversationId) {
    if (current && current.id === conversationId) return loadSuggestions();  // already shown, and followed live
    const transcript = await api("GET", "/conversations/" + encodeURIComponent(conversationId));
    showTranscript(transcript);
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify({type: "watch", conversation_id: transcript.conversation_id,
                                  after: transcript.last_seq}));
    }
    loadSuggestions();
  }
  function showTranscript(transcript) {
    current = {id: transcript.conversation_id, status: transcript.status, mine: transcript.mine,
               specialist: transcript.specialist, last_seq: transcript.last_seq};
    $("transcript").textContent = "";
    for (const message of transcript.messages) renderMessage(message);
    const notes = $("notes");
    notes.textContent = "";
    for (const note of transcript.notes) notes.appendChild(element("li", "", note.author + ": " + note.text));
    attached = [];
    renderAttached();
    updateControls();
  }
  async function loadSuggestions() {
    const list = $("suggestions");
    list.textContent = "";
    if (!current) return;
    try {
      const found = await api("GET", "/conversations/" + encodeURIComponent(current.id) + "/suggestions");
      for (const suggestion of found) {
        const li = element("li", "", suggestion.text);
        const insert = element("button", "", "Insert");
        insert.type = "button";
        insert.setAttribute("aria-label", "Insert passage: " + suggestion.citation.title + " — " +
          (suggestion.citation.section || ""));
        insert.addEventListener("click", function () {
          insertText(suggestion.text);
          if (attached.indexOf(suggestion.key) < 0) attached.push(suggestion.key);
          renderAttached();
        });
        li.appendChild(document.createElement("br"));
        li.appendChild(insert);
        list.appendChild(li);
      }
      if (!found.length) list.appendChild(element("li", "snippet", "No passage found for the last question."));
    } catch (error) {
      list.appendChild(element("li", "snippet", error.message));
    }
  }
  function insertText(text) {
    const box = $("reply-text");
    box.value = (box.value ? box.value + "\n\n" : "") + text;
    box.focus();
  }
  function renderAttached() {
    const chips = $("reply-citations");
    chips.textContent = "";
    for (const key of attached) chips.appendChild(element("li", "", key));
  }

  // The live connection --------------------------------------------------------------------------------------
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/api/v1/staff/ws");
    socket.addEventListener("open", function () {
      $("connection").textContent = "Live";
      if (current) socket.send(JSON.stringify({type: "watch", conversation_id: current.id, after: current.last_seq}));
    });
    socket.addEventListener("message", function (message) {
      const frame = JSON.parse(message.data);
      if (frame.type === "queue") {
        renderQueue(frame.queue);
      } else if (frame.type === "event" && current && frame.conversation_id === current.id) {
        if (frame.kind === "typing") {
          if (frame.data.who === "visitor") {
            $("visitor-typing").textContent = "The visitor is typing…";
            clearTimeout(typingTimer);
            typingTimer = setTimeout(function () { $("visitor-typing").textContent = ""; }, 4000);
          }
          return;
        }
        if (frame.seq <= current.last_seq) return;
        current.last_seq = frame.seq;
        if (frame.kind === "message") {
          renderMessage(frame.data.message);
          if (frame.data.message.sender === "visitor") {
            $("visitor-typing").textContent = "";
            loadSuggestions();
          }
        } else if (frame.kind === "status") {
          renderStatus(frame.data);
        }
      } else if (frame.type === "reset" && current && frame.conversation.conversation_id === current.id) {
        showTranscript(frame.conversation);
      }
    });
    socket.addEventListener("close", function () {
      $("connection").textContent = "Reconnecting…";
      setTimeout(connect, 2000);
    });
  }

  // Actions --------------------------------------------------------------------------------------------------
  function act(promise) {
    return promise.catch(function (error) { say("Could not do that: " + error.message); });
  }
  $("claim").addEventListener("click", function () {
    act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/claim").then(function () {
      current.mine = true;
      current.status = "active";
      current.specialist = null;
      updateControls();
    }));
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/messages",
            {client_id: newId(), text: text, citations: attached}).then(function () {
      $("reply-text").value = "";
      attached = [];
      renderAttached();
    }));
  });
  // "Typing" goes out at most every 2 s; a keystroke inside that window is announced when it ends.
  let typingPending = null;
  function announceTyping() {
    if (!current || !current.mine || !socket || socket.readyState !== 1) return;
    const wait = 2000 - (Date.now() - typingSent);
    if (wait <= 0) {
      typingSent = Date.now();
      socket.send(JSON.stringify({type: "typing", conversation_id: current.id}));
    } else if (!typingPending) {
      typingPending = setTimeout(function () { typingPending = null; announceTyping(); }, wait);
    }
  }
  $("reply-text").addEventListener("input", announceTyping);
  $("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/notes", {text: text}).then(function () {
      $("notes").appendChild(element("li", "", "You: " + text));
      $("note-text").value = "";
    }));
  });
  $("transfer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/transfer",
            {to: $("transfer-to").value.trim()}).then(function () {
      current.mine = false;
      updateControls();
    }));
  });
  $("close-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const topics = Array.from(document.querySelectorAll('#close-form input[name="topic"]:checked'))
      .map(function (box) { return box.value; });
    act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/close",
            {topics: topics, summary: $("close-summary").value.trim()}).then(function () {
      $("close-summary").value = "";
      current.mine = false;
      current.status = "closed";
      updateControls();
    }));
  });
  $("directory-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const query = new URLSearchParams();
    if ($("directory-need").value.trim()) query.set("need", $("directory-need").value.trim());
    if ($("directory-place").value.trim()) query.set("place", $("directory-place").value.trim());
    const list = $("directory");
    list.textContent = "";
    act(api("GET", "/directory?" + query.toString()).then(function (found) {
      for (const resource of found) {
        const li = element("li", "", resource.name + "\n" + resource.description + "\n" + resource.contact);
        const refer = element("button", "", "Refer");
        refer.type = "button";
        refer.setAttribute("aria-label", "Refer the visitor to " + resource.name);
        refer.addEventListener("click", function () {
          if (!current || !current.mine) { say("Claim the conversation first."); return; }
          act(api("POST", "/conversations/" + encodeURIComponent(current.id) + "/referrals",
                  {client_id: newId(), resource_id: resource.id}));
        });
        li.appendChild(document.createElement("br"));
        li.appendChild(refer);
        list.appendChild(li);
      }
      if (!found.length) list.appendChild(element("li", "snippet", "Nothing found."));
    }));
  });
  act(api("GET", "/canned").then(function (items) {
    for (const item of items) {
      const li = element("li", "", item.title);
      const insert = element("button", "", "Insert");
      insert.type = "button";
      insert.setAttribute("aria-label", "Insert canned response: " + item.title);
      insert.addEventListener("click", function () { insertText(item.text); });
      li.appendChild(document.createElement("br"));
      li.appendChild(insert);
      $("canned").appendChild(li);
    }
  }));
  connect();
})();
