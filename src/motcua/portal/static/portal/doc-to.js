// "Đọc to": reads the page's content aloud with the browser's speech synthesis, section by
// section (a heading and what follows it), never the buttons, fields or menus; "Tạm dừng"
// stops at the current section and "Đọc tiếp" starts it again; "Dừng đọc" ends. When the
// device has no Vietnamese voice (speechSynthesis.getVoices() holds no "vi-*"), a notice
// says so and how to add one. Progressive enhancement: the buttons only appear when
// speechSynthesis exists; pages work fully without this script.
(function () {
  "use strict";
  var start = document.getElementById("doc-to");
  if (!start || !("speechSynthesis" in window)) { return; }
  var synth = window.speechSynthesis;
  // What is never read: controls, menus, the tools bar, hidden things.
  var SKIP = "button, input, select, textarea, option, nav, script, style, template, " +
    ".tools, .skip, [hidden], [aria-hidden=true], progress";
  var sections = [];
  var index = 0;
  var state = "idle"; // idle | reading | paused

  var pause = document.createElement("button");
  pause.type = "button";
  pause.id = "doc-to-tam-dung";
  pause.hidden = true;
  var stop = document.createElement("button");
  stop.type = "button";
  stop.id = "doc-to-dung";
  stop.textContent = "Dừng đọc";
  stop.hidden = true;
  var notice = document.createElement("p");
  notice.id = "doc-to-thong-bao";
  notice.className = "doc-to-thong-bao";
  notice.setAttribute("role", "status");
  start.after(pause, stop, notice);
  start.hidden = false;

  function vietnameseVoice() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("vi") === 0) { return voices[i]; }
    }
    return null;
  }

  function textOf(nodes) {
    var box = document.createElement("div");
    nodes.forEach(function (node) { box.appendChild(node.cloneNode(true)); });
    box.querySelectorAll(SKIP).forEach(function (el) { el.remove(); });
    return (box.textContent || "").replace(/\s+/g, " ").trim();
  }

  // The content of the main area as [heading element, text] sections, in reading order.
  function collect() {
    var main = document.getElementById("noi-dung") || document.body;
    var headings = main.querySelectorAll("h1, h2, h3");
    var out = [];
    if (!headings.length) {
      var all = textOf([main]);
      return all ? [{ at: main, text: all }] : [];
    }
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    var current = { at: main, parts: [] };
    var groups = [current];
    var next = 0;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      while (next < headings.length &&
             (headings[next].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        current = { at: headings[next], parts: [] };
        groups.push(current);
        next++;
      }
      var parent = node.parentElement;
      if (parent && !parent.closest(SKIP)) { current.parts.push(node.textContent); }
    }
    groups.forEach(function (group) {
      var text = group.parts.join(" ").replace(/\s+/g, " ").trim();
      if (text) { out.push({ at: group.at, text: text }); }
    });
    return out;
  }

  function show() {
    start.textContent = "Đọc to";
    start.hidden = state !== "idle";
    pause.hidden = state === "idle";
    stop.hidden = state === "idle";
    pause.textContent = state === "paused" ? "Đọc tiếp" : "Tạm dừng";
    pause.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
  }

  function mark(section, on) {
    if (section && section.at) { section.at.classList.toggle("dang-doc", on); }
  }

  function finish(refocus) {
    mark(sections[index], false);
    state = "idle";
    index = 0;
    show();
    if (refocus) { start.focus(); }
  }

  function speak() {
    if (state !== "reading") { return; }
    if (index >= sections.length) { finish(pause === document.activeElement); return; }
    var section = sections[index];
    var utterance = new SpeechSynthesisUtterance(section.text);
    utterance.lang = "vi-VN";
    var voice = vietnameseVoice();
    if (voice) { utterance.voice = voice; }
    utterance.rate = 0.9;
    var done = false;
    function next() {
      if (done || state !== "reading" || sections[index] !== section) { return; }
      done = true;
      mark(section, false);
      index++;
      speak();
    }
    utterance.onend = next;
    utterance.onerror = function (event) {
      // "interrupted"/"canceled" come from our own pause and stop.
      if (event.error === "interrupted" || event.error === "canceled") { return; }
      next();
    };
    mark(section, true);
    synth.speak(utterance);
  }

  function checkVoice() {
    if (vietnameseVoice()) { notice.textContent = ""; return; }
    notice.textContent = "Thiết bị này chưa có giọng đọc tiếng Việt nên có thể không đọc " +
      "được, hoặc đọc sai. Hãy cài giọng đọc tiếng Việt trong phần cài đặt “Chuyển văn " +
      "bản thành giọng nói” của điện thoại hoặc máy tính, rồi mở lại trang.";
  }

  start.addEventListener("click", function () {
    synth.cancel();
    sections = collect();
    index = 0;
    state = "reading";
    show();
    checkVoice();
    pause.focus();
    speak();
  });
  pause.addEventListener("click", function () {
    if (state === "reading") {
      // Cancel rather than synth.pause(): a paused utterance never resumes on some phones;
      // "Đọc tiếp" reads the current section again from its start.
      state = "paused";
      synth.cancel();
    } else if (state === "paused") {
      state = "reading";
      speak();
    }
    show();
  });
  stop.addEventListener("click", function () {
    state = "idle";
    synth.cancel();
    finish(true);
  });
  // Voices often arrive after the page: the notice follows them.
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", function () {
      if (state !== "idle") { checkVoice(); }
    });
  }
  window.addEventListener("pagehide", function () { synth.cancel(); });
  // For tests and curious users: the sections the page would read.
  window.motcuaDocTo = { sections: function () { return collect().map(function (s) { return s.text; }); } };
})();
