// "Đọc to": reads the main content aloud with the browser's speech synthesis, in a
// Vietnamese voice where the device has one. Progressive enhancement: the button only
// appears when speechSynthesis exists; pages work fully without this script.
(function () {
  "use strict";
  var button = document.getElementById("doc-to");
  if (!button || !("speechSynthesis" in window)) { return; }
  button.hidden = false;
  function voice() {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("vi") === 0) { return voices[i]; }
    }
    return null;
  }
  button.addEventListener("click", function () {
    var synth = window.speechSynthesis;
    if (synth.speaking) { synth.cancel(); button.textContent = "Đọc to"; return; }
    var main = document.getElementById("noi-dung");
    var text = main ? main.innerText : document.body.innerText;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "vi-VN";
    var v = voice();
    if (v) { utterance.voice = v; }
    utterance.rate = 0.9;
    utterance.onend = function () { button.textContent = "Đọc to"; };
    button.textContent = "Dừng đọc";
    synth.speak(utterance);
  });
})();
