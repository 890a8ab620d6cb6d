// The Live Chat panel, over the WebSocket /api/v1/chat (protocol: docs/api.md).
// Every message gets a client id and waits in an outbox until the server acknowledges it, so a message sent
// while the connection is down is sent again on reconnection and stored once. The conversation, the last event
// seen and what is on screen are kept in sessionStorage: a reload resumes where it was.
// Text from the server is inserted as text, never as HTML.
(function () {
  "use strict";
  const STORE = "helpline.chat";
  const button = document.getElementById("live-chat-button");
  const panel = document.getElementById("chat-panel");
  const closeButton = document.getElementById("chat-close");
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const status = document.getElementById("chat-status");
  const personButton = document.getElementById("chat-person");
  const leaveForm = document.getElementById("leave-message");

  let state = load();
  let socket = null;
  let retryDelay = 1000;
  let queueTimer = null;
  let typingTimer = null;
  let typingSent = 0;
  const typing = document.getElementById("chat-typing");
  let welcomed = false;
  const afterWelcome = [];  // requests made before the connection was ready

  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
      if (saved && typeof saved === "object") return saved;
    } catch (error) { /* a damaged entry starts a new conversation */ }
    return {conversation_id: null, token: null, last_seq: 0, items: [], outbox: []};
  }
  function save() { sessionStorage.setItem(STORE, JSON.stringify(state)); }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  // Rendering --------------------------------------------------------------------------------------------------
  function render(item) {
    const entry = document.createElement("li");
    entry.className = item.sender + (item.pending ? " pending" : "");
    if (item.key) entry.dataset.key = item.key;
    if (item.author) {
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = item.author + ", cancer information specialist";
      entry.appendChild(who);
    }
    const body = document.createElement("p");
    body.textContent = item.text;
    entry.appendChild(body);
    if (item.citations && item.citations.length) {
      const list = document.createElement("ul");
      list.className = "citations";
      for (const citation of item.citations) {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = citation.url || ("/library/" + encodeURIComponent(citation.article_id));
        link.textContent = citation.title + (citation.section ? " — " + citation.section : "") +
          (citation.last_revised ? " (last revised " + citation.last_revised + ")" : "");
        li.appendChild(link);
        list.appendChild(li);
      }
      entry.appendChild(list);
    }
    if (item.clarify && item.clarify.length) entry.appendChild(clarifyButtons(item));
    log.appendChild(entry);
    entry.scrollIntoView({block: "end"});
  }
  // A clarifying question's choices: each button asks the visitor's question again about the article chosen.
  function clarifyButtons(item) {
    const choices = document.createElement("div");
    choices.className = "choices";
    const at = state.items.indexOf(item);
    const asked = state.items.slice(0, at < 0 ? state.items.length : at).reverse()
      .find(function (old) { return old.sender === "visitor"; });
    for (const choice of item.clarify) {
      const choose = document.createElement("button");
      choose.type = "button";
      choose.textContent = choice.title;
      choose.addEventListener("click", function () {
        for (const other of choices.querySelectorAll("button")) other.disabled = true;
        const frame = {type: "message", client_id: newId(),
                       text: "About " + choice.title + (asked ? ": " + asked.text : "")};
        show(outboxItem(frame));
        sendReliably(frame);
      });
      choices.appendChild(choose);
    }
    return choices;
  }
  function show(item) {
    if (item.key) {
      const known = state.items.find(function (old) { return old.key === item.key; });
      if (known) {
        if (!item.pending) markDelivered(item.key);
        return;
      }
    }
    state.items.push(item);
    save();
    render(item);
  }
  function markDelivered(key) {
    const known = state.items.find(function (old) { return old.key === key; });
    if (!known || !known.pending) return;
    known.pending = false;
    const shown = log.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (shown) shown.classList.remove("pending");
    save();
  }
  function messageItem(message) {
    const key = message.sender === "visitor" && message.client_id ? "c:" + message.client_id : "m:" + message.id;
    return {key: key, sender: message.sender, text: message.text, citations: message.citations || [],
            author: message.author || null, clarify: message.clarify || []};
  }
  function setStatus(text) { status.textContent = text || ""; }
  function showQueue(queue) {
    if (!queue) return;
    setStatus("You are number " + queue.position + " in the queue. Estimated wait: about " +
      queue.estimated_wait_minutes + " minute" + (queue.estimated_wait_minutes === 1 ? "" : "s") + ".");
    if (!queueTimer) queueTimer = setInterval(function () { send({type: "queue"}); }, 20000);
  }

  // Events from the server -------------------------------------------------------------------------------------
  function onEvent(event) {
    if (event.kind === "typing") {
      if (event.data.who === "specialist") {
        typing.textContent = event.data.name + " is typing…";
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.textContent = ""; }, 4000);
      }
      return;
    }
    if (event.seq <= state.last_seq) return;
    state.last_seq = event.seq;
    const data = event.data;
    if (event.kind === "message") {
      show(messageItem(data.message));
      if (data.message.sender === "specialist") typing.textContent = "";
    } else if (event.kind === "status") {
      if (data.text) show({key: "s:" + event.seq, sender: "system", text: data.text});
      if (data.status === "queued") {
        showQueue(data);
        leaveForm.hidden = true;
      } else if (data.status === "chat_closed") {
        setStatus("Chat opens " + data.opens + ". Phone, 24/7: " + data.phone);
        leaveForm.hidden = false;
      } else if (data.status === "active") {
        clearInterval(queueTimer);
        queueTimer = null;
        setStatus("You are chatting with " + data.specialist + ".");
      } else if (data.status === "closed") {
        setStatus("");
      } else if (data.status === "message_left") {
        leaveForm.hidden = true;
        setStatus("Your message was left for our specialists.");
      }
    }
    save();
  }
  function onFrame(frame) {
    if (frame.type === "welcome") {
      retryDelay = 1000;
      if (frame.token) { state.conversation_id = frame.conversation_id; state.token = frame.token; save(); }
      for (const pending of state.outbox) socket.send(JSON.stringify(pending));
      while (afterWelcome.length) socket.send(JSON.stringify(afterWelcome.shift()));
      welcomed = true;
    } else if (frame.type === "event") {
      onEvent(frame);
    } else if (frame.type === "reset") {
      const conversation = frame.conversation;
      log.textContent = "";
      state.items = [];
      for (const message of conversation.messages) show(messageItem(message));
      state.last_seq = conversation.last_seq;
      for (const pending of state.outbox) if (pending.type === "message") show(outboxItem(pending));
      showQueue(conversation.queue);
      save();
    } else if (frame.type === "ack") {
      state.outbox = state.outbox.filter(function (pending) { return pending.client_id !== frame.client_id; });
      if (frame.message_id) markDelivered("c:" + frame.client_id);
      save();
    } else if (frame.type === "queue") {
      if (frame.queue) showQueue(frame.queue);
    } else if (frame.type === "error") {
      if (frame.client_id && frame.code !== "rate_limited") {
        state.outbox = state.outbox.filter(function (pending) { return pending.client_id !== frame.client_id; });
        save();
      }
      show({sender: "system", text: "Sorry: " + frame.message});
    }
  }

  // The connection ---------------------------------------------------------------------------------------------
  function connect() {
    if (socket && socket.readyState <= 1) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/api/v1/chat");
    socket.addEventListener("open", function () {
      const hello = {type: "hello"};
      if (state.conversation_id) {
        hello.conversation_id = state.conversation_id;
        hello.token = state.token;
        hello.after = state.last_seq;
      }
      socket.send(JSON.stringify(hello));
    });
    socket.addEventListener("message", function (message) {
      let frame;
      try { frame = JSON.parse(message.data); } catch (error) { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", function (closed) {
      welcomed = false;
      if (closed.code === 4404) {  // the conversation is gone: start a new one
        state = {conversation_id: null, token: null, last_seq: 0, items: [], outbox: state.outbox};
        log.textContent = "";
        save();
      }
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    });
  }
  function send(frame) {
    if (socket && socket.readyState === 1 && welcomed) socket.send(JSON.stringify(frame));
  }
  function sendSoon(frame) {
    if (socket && socket.readyState === 1 && welcomed) socket.send(JSON.stringify(frame));
    else afterWelcome.push(frame);
  }
  function outboxItem(pending) {
    return {key: "c:" + pending.client_id, sender: "visitor", text: pending.text, pending: true};
  }
  function sendReliably(frame) {
    state.outbox.push(frame);
    save();
    send(frame);
  }

  // The panel --------------------------------------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    input.focus();
    connect();
  }
  function shut() {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  for (const item of state.items) render(item);
  if (state.conversation_id) connect();  // keep receiving replies after a reload

  button.addEventListener("click", function () { panel.hidden ? open() : shut(); });
  closeButton.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") shut(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  // "Typing" goes out at most every 2 s; a keystroke inside that window is announced when it ends.
  let typingPending = null;
  function announceTyping() {
    const wait = 2000 - (Date.now() - typingSent);
    if (wait <= 0) {
      typingSent = Date.now();
      send({type: "typing"});
    } else if (!typingPending) {
      typingPending = setTimeout(function () { typingPending = null; announceTyping(); }, wait);
    }
  }
  input.addEventListener("input", announceTyping);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    const frame = {type: "message", client_id: newId(), text: text};
    show(outboxItem(frame));
    sendReliably(frame);
  });
  personButton.addEventListener("click", function () {
    open();
    sendSoon({type: "handoff"});
  });
  leaveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const fields = new FormData(leaveForm);
    sendReliably({type: "follow_up", client_id: newId(), name: fields.get("name"),
                  contact: fields.get("contact"), question: fields.get("question")});
    setStatus("Sending your message…");
  });
})();
