// Date fields as dd/mm/yyyy whatever the browser's locale (core/dates.py reads them): each
// <input class="ngay"> gets a "Chọn ngày" button opening the browser's own calendar, which
// writes the day back as dd/mm/yyyy. Progressive enhancement: without JS the text is typed.
(function () {
  "use strict";
  function iso(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (!m) { return ""; }
    return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
  }
  function enhance(input) {
    if (input.dataset.ngay === "1") { return; }
    input.dataset.ngay = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "ngay-lich";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ngay-nut";
    var label = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "";
    button.textContent = "Chọn ngày";
    button.setAttribute("aria-label", "Chọn ngày trên lịch" + (label ? ": " + label : ""));
    button.addEventListener("click", function () {
      picker.value = iso(input.value);
      if (picker.showPicker) {
        try { picker.showPicker(); return; } catch (err) { /* falls through */ }
      }
      picker.focus();
      picker.click();
    });
    picker.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (!m) { return; }
      input.value = m[3] + "/" + m[2] + "/" + m[1];
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picker);
  }
  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("input.ngay"), enhance);
  }
  scan(document);
  // Parts of a page swapped by htmx get their buttons too.
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
  window.motcuaNgay = scan;
})();
