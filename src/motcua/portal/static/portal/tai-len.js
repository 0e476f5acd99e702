// Uploads with a progress bar (XMLHttpRequest progress events). Progressive enhancement:
// without JS the same form posts as multipart and the page shows the result. The server
// answers JSON {ok, name, size, sha256} or {ok: false, error}; a failed upload says so.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files.length || !window.FormData) { return; }
      event.preventDefault();
      var bar = form.querySelector("progress");
      var status = form.querySelector("[role=status]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && bar) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.addEventListener("load", function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
        if (xhr.status === 200 && data && data.ok) {
          status.className = "upload-ok";
          status.textContent = "Đã tải lên: " + data.name + " (" + data.size_text + "), SHA-256 " + data.sha256;
        } else {
          status.className = "error";
          status.textContent = "Tải lên không thành công: " + ((data && data.error) || ("lỗi " + xhr.status)) + ". Hãy thử lại.";
        }
      });
      xhr.addEventListener("error", function () {
        status.className = "error";
        status.textContent = "Tải lên không thành công: mất kết nối. Hãy thử lại.";
      });
      xhr.send(new FormData(form));
    });
  });
})();
