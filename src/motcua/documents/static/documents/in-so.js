// The "print the book" button of /ho-so/so-theo-doi/: shown only where JS runs (else the
// browser's own print command does the same, with the page's A4 landscape print sheet).
(function () {
  "use strict";
  document.querySelectorAll("[data-in-so]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
