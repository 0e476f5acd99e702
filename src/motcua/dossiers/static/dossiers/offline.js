/* Offline counter (tiếp nhận ngoại tuyến), docs/guides/offline.md.
 *
 * While online the page caches what intake needs (the officer, the procedure catalog with
 * e-forms, the working calendar) and leases blocks of dossier numbers for today and the next
 * working day. Offline, a dossier is kept in IndexedDB with a client UUID, the device time and
 * a final code from a leased block; its receipt prints from the device with the due time
 * computed like workcal. The outbox sends each dossier once online (Idempotency-Key = UUID)
 * and shows it as waiting, sending, sent or needs attention with the server's reason.
 */
"use strict";
(function () {
  const OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh, no daylight-saving time
  const LOW_WATER = 5;
  const BLOCK_SIZE = 20;
  const LABELS = { waiting: "Chờ gửi", sending: "Đang gửi", sent: "Đã gửi", attention: "Cần xử lý" };

  // --- IndexedDB --------------------------------------------------------------------------
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const open = indexedDB.open("motcua-quay", 1);
        open.onupgradeneeded = () => {
          const d = open.result;
          d.createObjectStore("dossiers", { keyPath: "id" });
          d.createObjectStore("files", { keyPath: "id" });
          d.createObjectStore("meta", { keyPath: "key" });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
    }
    return dbPromise;
  }
  async function tx(store, mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : result);
      t.onerror = () => reject(t.error);
    });
  }
  const put = (store, value) => tx(store, "readwrite", (s) => s.put(value));
  const get = (store, key) => tx(store, "readonly", (s) => s.get(key));
  const all = (store) => tx(store, "readonly", (s) => s.getAll());
  async function metaGet(key, fallback) {
    const row = await get("meta", key);
    return row ? row.value : fallback;
  }
  const metaSet = (key, value) => put("meta", { key: key, value: value });

  function uuid() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  }
  async function deviceId() {
    let id = await metaGet("device_id", null);
    if (!id) { id = uuid(); await metaSet("device_id", id); }
    return id;
  }

  // --- network --------------------------------------------------------------------------
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  async function getJSON(url) {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const body = await response.json();
      await metaSet("cache:" + url, body);
      return body;
    } catch (error) {
      const cached = await metaGet("cache:" + url, null);
      if (cached !== null) return cached;
      throw error;
    }
  }
  async function postJSON(url, body, headers) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json", "X-CSRFToken": csrfToken() }, headers || {}),
      body: JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, ok: response.ok, data: data };
  }

  // --- time, like workcal.deadlines --------------------------------------------------------
  const pad = (n, w) => String(n).padStart(w || 2, "0");
  function vnParts(ms) {
    const d = new Date(ms + OFFSET_MS);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds() };
  }
  function vnDate(ms) { const p = vnParts(ms); return p.y + "-" + pad(p.m) + "-" + pad(p.d); }
  function vnISO(ms) {
    const p = vnParts(ms);
    return vnDate(ms) + "T" + pad(p.H) + ":" + pad(p.M) + ":" + pad(p.S) + "+07:00";
  }
  function instant(day, hhmm) {
    const [y, m, d] = day.split("-").map(Number);
    const [H, M] = hhmm.split(":").map(Number);
    return Date.UTC(y, m - 1, d, H, M) - OFFSET_MS;
  }
  function nextDay(day) { return vnDate(instant(day, "12:00") + 86400000); }
  function timeAndDate(ms) {
    const p = vnParts(ms);
    return pad(p.H) + " giờ " + pad(p.M) + " phút, ngày " + pad(p.d) + "/" + pad(p.m) + "/" + p.y;
  }
  function calendarDays(pack) {
    const byDate = {};
    for (const day of pack.days) byDate[day.date] = day;
    return byDate;
  }
  /* The instant `remaining` ms of working time after `start` run out (workcal `_walk`);
     null when the walk leaves the cached calendar. */
  function walk(days, start, remaining) {
    let day = vnDate(start);
    for (let guard = 0; guard < 400; guard++) {
      const wd = days[day];
      if (!wd) return null;
      if (wd.working) {
        for (const [a, b] of wd.periods) {
          const ps = instant(day, a), pe = instant(day, b);
          if (pe <= start) continue;
          const begin = Math.max(ps, start);
          if (remaining <= pe - begin) return begin + remaining;
          remaining -= pe - begin;
        }
      }
      day = nextDay(day);
    }
    return null;
  }
  function dayEnd(wd) { return instant(wd.date, wd.periods[wd.periods.length - 1][1]); }
  function nextWorking(days, day) {
    for (let d = nextDay(day), guard = 0; guard < 400; d = nextDay(d), guard++) {
      if (!days[d]) return null;
      if (days[d].working) return days[d];
    }
    return null;
  }
  /* The appointment for the result, like `dossiers.actions.due_time`; null if unknown. */
  function dueTime(pack, procedure, start) {
    const days = calendarDays(pack);
    const limit = procedure.time_limit || {};
    if (limit.kind === "same_day") {
      const begin = walk(days, start, 0);
      if (begin === null) return null;
      const cutoff = (limit.cutoff || pack.same_day_cutoff).slice(0, 5);
      const wd = days[vnDate(begin)];
      const p = vnParts(begin);
      if (pad(p.H) + ":" + pad(p.M) + ":" + pad(p.S) < cutoff + ":00") return dayEnd(wd);
      const next = nextWorking(days, wd.date);
      return next ? dayEnd(next) : null;
    }
    if (limit.kind === "working_days" && limit.days) {
      return walk(days, start, limit.days * pack.hours_per_working_day * 3600000);
    }
    return null;
  }
  function timeLimitText(procedure) {
    const limit = procedure.time_limit || {};
    if (limit.kind === "same_day") {
      const c = (limit.cutoff || "15:00").slice(0, 5);
      return "Trong ngày (tiếp nhận trước " + c + " trả trong ngày; sau " + c + " trả trong ngày làm việc tiếp theo)";
    }
    if (limit.kind === "working_days" && limit.days) return limit.days + " ngày làm việc";
    return "Chưa quy định";
  }

  // --- code blocks ----------------------------------------------------------------------
  async function blocks() { return metaGet("blocks", []); }
  async function remaining(day) {
    return (await blocks()).filter((b) => b.date === day).reduce((n, b) => n + (b.last - b.next + 1), 0);
  }
  async function ensureBlocks(pack) {
    const today = vnDate(Date.now());
    const days = calendarDays(pack);
    const wanted = [today];
    const next = nextWorking(days, today);
    if (next) wanted.push(next.date);
    for (const day of wanted) {
      if ((await remaining(day)) >= LOW_WATER) continue;
      const answer = await postJSON("/api/v1/code-blocks", { device_id: await deviceId(), date: day, size: BLOCK_SIZE });
      if (answer.status !== 201) throw new Error((answer.data && answer.data.detail) || "Không giữ được số hồ sơ.");
      const list = await blocks();
      list.push({ date: day, prefix: answer.data.prefix, first: answer.data.first, last: answer.data.last, next: answer.data.first });
      await metaSet("blocks", list);
    }
  }
  async function takeCode(day) {
    const list = await blocks();
    const block = list.find((b) => b.date === day && b.next <= b.last);
    if (!block) return null;
    const code = block.prefix + pad(block.next, 4);
    block.next += 1;
    await metaSet("blocks", list);
    return code;
  }
  /* Give back the unused tail of past days' blocks once nothing of that day waits to be sent. */
  async function releasePast() {
    const today = vnDate(Date.now());
    const pending = (await all("dossiers")).filter((r) => r.status !== "sent").map((r) => r.received_at.slice(0, 10));
    const keep = [];
    for (const block of await blocks()) {
      if (block.date >= today || pending.includes(block.date)) { keep.push(block); continue; }
      if (block.next <= block.last) {
        const answer = await postJSON("/api/v1/code-blocks/release", { device_id: await deviceId(), date: block.date, first: block.next, last: block.last });
        if (!answer.ok) { keep.push(block); continue; }
      }
    }
    await metaSet("blocks", keep);
  }

  // --- e-form ---------------------------------------------------------------------------
  function resolve(schema, node) {
    if (node && node.$ref) {
      const name = node.$ref.split("/").pop();
      return Object.assign({}, (schema.$defs || {})[name], node, { $ref: undefined });
    }
    return node;
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function renderNode(schema, node, path, required, parent) {
    node = resolve(schema, node);
    const title = node.title || path.split(".").pop();
    if (node.type === "object") {
      const fs = el("fieldset", { class: "card" });
      fs.appendChild(el("legend", {}, title));
      for (const [name, child] of Object.entries(node.properties || {})) {
        renderNode(schema, child, path ? path + "." + name : name, (node.required || []).includes(name), fs);
      }
      parent.appendChild(fs);
      return;
    }
    const id = "f-" + path.replace(/\./g, "-");
    const wrap = el("div", { class: "field" });
    wrap.appendChild(el("label", { for: id }, title + (required ? " *" : "")));
    let input;
    const options = node.oneOf ? node.oneOf.map((o) => [o.const, o.title]) : node.enum ? node.enum.map((v) => [v, v]) : null;
    if (options) {
      input = el("select", { id: id });
      input.appendChild(el("option", { value: "" }, "— Chọn —"));
      for (const [value, label] of options) input.appendChild(el("option", { value: value }, label));
      input.dataset.kind = "string";
    } else if (node.type === "boolean") {
      input = el("input", { id: id, type: "checkbox" });
      input.dataset.kind = "boolean";
    } else if (node.type === "integer" || node.type === "number") {
      input = el("input", { id: id, type: "number", min: node.minimum, max: node.maximum });
      input.dataset.kind = node.type;
    } else if (node.type === "array") {
      input = el("textarea", { id: id, rows: 3, placeholder: "Danh sách dạng JSON" });
      input.dataset.kind = "json";
    } else {
      input = el("input", { id: id, type: node.format === "date" ? "date" : node.format === "email" ? "email" : "text", maxlength: node.maxLength });
      input.dataset.kind = "string";
    }
    input.name = "data." + path;
    wrap.appendChild(input);
    if (node.description) wrap.appendChild(el("div", { class: "meta" }, node.description));
    parent.appendChild(wrap);
  }
  function collectData(form) {
    const data = {};
    for (const input of form.querySelectorAll("[name^='data.']")) {
      let value;
      const kind = input.dataset.kind;
      if (kind === "boolean") value = input.checked;
      else if (input.value === "") continue;
      else if (kind === "integer") value = parseInt(input.value, 10);
      else if (kind === "number") value = Number(input.value);
      else if (kind === "json") { try { value = JSON.parse(input.value); } catch (e) { value = input.value; } }
      else value = input.value;
      const parts = input.name.slice(5).split(".");
      let target = data;
      for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
      target[parts[parts.length - 1]] = value;
    }
    return data;
  }

  // --- outbox ---------------------------------------------------------------------------
  function problemText(data, status) {
    if (!data) return "Máy chủ trả lời lỗi " + status + ".";
    let text = data.detail || "Máy chủ từ chối hồ sơ.";
    if (data.errors && !Array.isArray(data.errors)) {
      const more = Object.entries(data.errors).map(([k, v]) => k + ": " + v.join(" ")).join("; ");
      if (more) text += " (" + more + ")";
    }
    return text;
  }
  async function uploadFiles(record) {
    for (const fileId of record.attachments || []) {
      const file = await get("files", fileId);
      if (!file || file.uploaded) continue;
      const form = new FormData();
      form.append("file", new File([file.blob], file.name, { type: file.type }));
      if (file.document) form.append("document", file.document);
      const response = await fetch("/api/v1/dossiers/" + encodeURIComponent(record.code) + "/attachments", {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }, body: form,
      });
      if (response.status >= 500) throw new TypeError("server");
      if (!response.ok) {
        let data = null; try { data = await response.json(); } catch (e) { data = null; }
        return "Tệp " + file.name + ": " + problemText(data, response.status);
      }
      file.uploaded = true;
      await put("files", file);
    }
    return "";
  }
  let syncing = false;
  async function sync() {
    if (syncing) return;
    syncing = true;
    try {
      const records = (await all("dossiers")).filter((r) => r.status === "waiting" || r.status === "sending").sort((a, b) => a.created - b.created);
      for (const record of records) {
        record.status = "sending";
        await put("dossiers", record);
        await renderOutbox();
        let answer;
        try {
          answer = await postJSON("/api/v1/dossiers", record.body, { "Idempotency-Key": record.id });
        } catch (error) {
          record.status = "waiting"; record.reason = "Chưa có kết nối mạng; sẽ gửi lại.";
          await put("dossiers", record);
          break;
        }
        if (answer.status >= 500 || answer.status === 401 || answer.status === 403) {
          record.status = "waiting";
          record.reason = answer.status >= 500 ? "Máy chủ đang lỗi; sẽ gửi lại." : "Cần đăng nhập lại để gửi: " + problemText(answer.data, answer.status);
          await put("dossiers", record);
          break;
        }
        if (!answer.ok) {
          record.status = "attention";
          record.outcome = (answer.data && answer.data.outcome) || "invalid";
          record.reason = problemText(answer.data, answer.status);
          await put("dossiers", record);
          continue;
        }
        let fileProblem = "";
        try { fileProblem = await uploadFiles(record); } catch (error) {
          record.status = "waiting"; record.reason = "Hồ sơ đã gửi, tệp đính kèm chưa gửi xong; sẽ gửi lại.";
          await put("dossiers", record);
          break;
        }
        const notes = (answer.data.attention || []).slice();
        if (answer.data.due_at && record.due_at && Date.parse(answer.data.due_at) !== Date.parse(record.due_at)) {
          notes.push("Hạn trả kết quả trên máy chủ (" + timeAndDate(Date.parse(answer.data.due_at)) + ") khác phiếu hẹn đã in.");
        }
        if (fileProblem) notes.push(fileProblem);
        record.server = answer.data;
        record.status = fileProblem ? "attention" : "sent";
        record.reason = notes.join(" ");
        await put("dossiers", record);
      }
      if (navigator.onLine) { try { await releasePast(); } catch (e) { /* retried next time */ } }
    } finally {
      syncing = false;
      await renderOutbox();
    }
  }
  async function renderOutbox() {
    const body = document.getElementById("hop-thu-dong");
    if (!body) return;
    const records = (await all("dossiers")).sort((a, b) => b.created - a.created);
    body.textContent = "";
    const counts = { waiting: 0, sending: 0, sent: 0, attention: 0 };
    for (const r of records) {
      counts[r.status] += 1;
      const row = el("tr", { "data-id": r.id, "data-status": r.status });
      row.appendChild(el("td", { class: "ma" }, r.code));
      row.appendChild(el("td", {}, r.body.applicant.full_name));
      row.appendChild(el("td", {}, timeAndDate(Date.parse(r.received_at))));
      row.appendChild(el("td", { class: "trang-thai trang-thai-" + r.status }, LABELS[r.status]));
      row.appendChild(el("td", { class: "ly-do" }, r.reason || ""));
      const actions = el("td");
      const link = el("a", { href: RECEIPT_URL + "?id=" + encodeURIComponent(r.id), class: "in-phieu" }, "In phiếu hẹn");
      actions.appendChild(link);
      if (r.status === "attention") {
        const retry = el("button", { type: "button" }, "Gửi lại");
        retry.addEventListener("click", async () => { r.status = "waiting"; await put("dossiers", r); sync(); });
        actions.appendChild(retry);
      }
      row.appendChild(actions);
      body.appendChild(row);
    }
    const summary = document.getElementById("hop-thu-tom-tat");
    if (summary) {
      summary.textContent = "Chờ gửi: " + (counts.waiting + counts.sending) + " · Đã gửi: " + counts.sent + " · Cần xử lý: " + counts.attention;
      summary.dataset.pending = String(counts.waiting + counts.sending);
    }
  }

  // --- intake page ----------------------------------------------------------------------
  let RECEIPT_URL = "/ho-so/ngoai-tuyen/phieu-hen/";
  let state = { me: null, procedures: [], details: {}, pack: null };
  function setStatus(text, ready) {
    const box = document.getElementById("san-sang");
    box.textContent = text;
    box.dataset.ready = ready ? "1" : "0";
  }
  function showNetwork() {
    const box = document.getElementById("trang-thai-mang");
    box.textContent = navigator.onLine ? "Đang có kết nối mạng" : "Mất kết nối mạng: vẫn tiếp nhận, hồ sơ chờ gửi";
    box.className = navigator.onLine ? "badge" : "badge canh-bao";
  }
  async function showBlocks() {
    const today = vnDate(Date.now());
    document.getElementById("khoi-so").textContent = "Số hồ sơ đã giữ trước cho hôm nay: còn " + (await remaining(today)) + " số.";
  }
  async function prepare() {
    setStatus("Đang chuẩn bị dữ liệu để dùng khi mất mạng…", false);
    try {
      state.me = await getJSON("/api/v1/me");
      const list = await getJSON("/api/v1/procedures?limit=100");
      state.procedures = list.items;
      for (const item of state.procedures) state.details[item.code] = await getJSON("/api/v1/procedures/" + item.code);
      state.pack = await getJSON("/api/v1/calendar/offline-pack?days=60");
    } catch (error) {
      setStatus("Chưa có dữ liệu để tiếp nhận ngoại tuyến; hãy mở trang này khi có mạng.", false);
      return;
    }
    let leaseProblem = "";
    if (navigator.onLine) {
      try { await ensureBlocks(state.pack); } catch (error) { leaseProblem = error.message; }
    }
    document.getElementById("can-bo").textContent = state.me.full_name + (state.me.positions[0] ? " · " + state.me.positions[0].agency_name : "");
    const select = document.getElementById("thu-tuc");
    const chosen = select.value;
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, "— Chọn thủ tục (" + state.procedures.length + ") —"));
    for (const item of state.procedures) select.appendChild(el("option", { value: item.code }, item.code + " · " + item.name));
    select.value = chosen;
    const unit = document.getElementById("xa-giai-quyet");
    if (!unit.value && state.me.unit) unit.value = state.me.unit;
    await showBlocks();
    if (leaseProblem) setStatus("Không giữ trước được số hồ sơ: " + leaseProblem, false);
    else setStatus("Sẵn sàng tiếp nhận khi mất mạng (đã lưu danh mục thủ tục, lịch làm việc và số hồ sơ giữ trước).", true);
  }
  function chooseProcedure(code) {
    const detail = state.details[code];
    const area = document.getElementById("buoc-2");
    const docs = document.getElementById("giay-to-dong");
    const eform = document.getElementById("bieu-mau");
    docs.textContent = ""; eform.textContent = "";
    area.hidden = !detail;
    if (!detail) return;
    document.getElementById("ten-thu-tuc").textContent = detail.name + " (phiên bản " + detail.version + ")";
    for (const doc of detail.required_documents) {
      const row = el("tr");
      const cell = el("td");
      const box = el("input", { type: "checkbox", id: "doc_" + doc.id, name: "doc", value: doc.id });
      if (doc.mandatory) box.checked = true;
      cell.appendChild(box);
      cell.appendChild(el("label", { for: "doc_" + doc.id }, " " + doc.name + (doc.mandatory ? " *" : " (nếu có)")));
      row.appendChild(cell);
      const originals = el("td"); originals.appendChild(el("input", { type: "number", min: 0, max: 99, value: 1, class: "count", name: "originals_" + doc.id, "aria-label": "Số bản chính: " + doc.name }));
      const copies = el("td"); copies.appendChild(el("input", { type: "number", min: 0, max: 99, value: 0, class: "count", name: "copies_" + doc.id, "aria-label": "Số bản sao: " + doc.name }));
      row.appendChild(originals); row.appendChild(copies);
      docs.appendChild(row);
    }
    renderNode(detail.form_schema, detail.form_schema, "", true, eform);
  }
  async function receive(event) {
    event.preventDefault();
    const form = event.target;
    const message = document.getElementById("thong-bao");
    const code = document.getElementById("thu-tuc").value;
    const detail = state.details[code];
    if (!detail) { message.textContent = "Hãy chọn thủ tục hành chính."; return; }
    const value = (name) => form.elements[name].value.trim();
    if (!value("full_name") || !value("id_number")) { message.textContent = "Cần họ và tên, số định danh cá nhân của người nộp."; return; }
    const now = Date.now();
    const dossierCode = await takeCode(vnDate(now));
    if (!dossierCode) {
      message.textContent = "Thiết bị không còn số hồ sơ giữ trước cho hôm nay; không thể cấp mã khi mất mạng. Hãy kết nối mạng để giữ thêm số, hoặc hẹn người nộp quay lại.";
      return;
    }
    const documents = [];
    for (const box of form.querySelectorAll("input[name=doc]:checked")) {
      documents.push({ document: box.value, originals: parseInt(form.elements["originals_" + box.value].value || "0", 10), copies: parseInt(form.elements["copies_" + box.value].value || "0", 10) });
    }
    const id = uuid();
    const attachments = [];
    for (const file of form.elements["attachments"].files) {
      const fileId = uuid();
      await put("files", { id: fileId, dossier_id: id, name: file.name, type: file.type, blob: file, document: "", uploaded: false });
      attachments.push(fileId);
    }
    const due = dueTime(state.pack, detail, now);
    const record = {
      id: id,
      code: dossierCode,
      created: now,
      received_at: vnISO(now),
      due_at: due === null ? null : vnISO(due),
      status: "waiting",
      reason: "",
      attachments: attachments,
      body: {
        procedure: detail.code,
        procedure_version: detail.version,
        unit: value("unit"),
        channel: 1,
        applicant: {
          full_name: value("full_name"), id_number: value("id_number"), date_of_birth: value("date_of_birth") || null,
          address: value("address"), phone: value("phone"), email: value("email"),
        },
        data: collectData(form),
        documents: documents,
        code: dossierCode,
        device_id: await deviceId(),
        received_at: vnISO(now),
      },
      receipt: {
        agency: state.me.positions[0] ? state.me.positions[0].agency_name : "",
        officer: state.me.full_name,
        procedure_name: detail.name,
        time_limit: timeLimitText(detail),
        fee: (detail.fees && detail.fees.summary) || detail.fee_summary || "",
        documents: documents.map((d) => Object.assign({ name: (detail.required_documents.find((x) => x.id === d.document) || {}).name || d.document }, d)),
      },
    };
    await put("dossiers", record);
    if (navigator.onLine) sync();
    window.location.href = RECEIPT_URL + "?id=" + encodeURIComponent(id);
  }
  async function startIntake() {
    const root = document.getElementById("ngoai-tuyen");
    RECEIPT_URL = root.dataset.receiptUrl;
    if ("serviceWorker" in navigator) {
      try { await navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.scope }); } catch (e) { /* page still works online */ }
    }
    showNetwork();
    window.addEventListener("online", () => { showNetwork(); prepare().then(sync); });
    window.addEventListener("offline", showNetwork);
    document.getElementById("thu-tuc").addEventListener("change", (e) => chooseProcedure(e.target.value));
    document.getElementById("form-ngoai-tuyen").addEventListener("submit", receive);
    document.getElementById("gui-ngay").addEventListener("click", () => sync());
    await renderOutbox();
    await prepare();
    if (navigator.onLine) await sync();
    setInterval(() => { if (navigator.onLine) sync(); }, 15000);
  }

  // --- receipt page -------------------------------------------------------------------------
  async function startReceipt() {
    const id = new URLSearchParams(location.search).get("id");
    const record = id ? await get("dossiers", id) : null;
    const root = document.getElementById("phieu-hen");
    if (!record) { root.textContent = "Không tìm thấy hồ sơ trên thiết bị này."; return; }
    const set = (name, text) => { for (const e of root.querySelectorAll("[data-f=" + name + "]")) e.textContent = text; };
    const a = record.body.applicant;
    set("agency", record.receipt.agency);
    set("code", record.code);
    set("book", "Quyển số " + record.received_at.slice(0, 4) + ", số " + record.code.slice(-4));
    set("name", a.full_name); set("id_number", a.id_number);
    set("address", a.address || "..."); set("phone", a.phone || "..."); set("email", a.email || "...");
    set("procedure", record.receipt.procedure_name + " (mã thủ tục " + record.body.procedure + ")");
    set("time_limit", record.receipt.time_limit);
    set("received", timeAndDate(Date.parse(record.received_at)));
    set("due", record.due_at ? timeAndDate(Date.parse(record.due_at)) : "theo thông báo của cơ quan giải quyết");
    set("fee", record.receipt.fee);
    set("officer", record.receipt.officer);
    const rows = root.querySelector("#phieu-giay-to");
    record.receipt.documents.forEach((d, i) => {
      const row = el("tr");
      [String(i + 1), d.name, String(d.originals), String(d.copies)].forEach((t) => row.appendChild(el("td", {}, t)));
      rows.appendChild(row);
    });
    // The site's public address (MOTCUA_PUBLIC_URL), as every QR: not the counter's own host.
    const base = (root.dataset.publicUrl || location.origin + "/").replace(/\/+$/, "");
    const url = base + "/tra-cuu?ma=" + encodeURIComponent(record.code);
    const qr = qrcode(0, "M");
    qr.addData(url);
    qr.make();
    root.querySelector("#phieu-qr").innerHTML = qr.createSvgTag({ cellSize: 3, margin: 2, scalable: true, alt: "Mã QR tra cứu hồ sơ " + record.code });
    set("url", url);
    root.dataset.ready = "1";
  }

  window.MotcuaOffline = { sync: sync, dueTime: dueTime, all: () => all("dossiers"), save: (r) => put("dossiers", r), renderOutbox: renderOutbox };
  document.addEventListener("DOMContentLoaded", () => {
    if (document.getElementById("ngoai-tuyen")) startIntake();
    if (document.getElementById("phieu-hen")) startReceipt();
  });
})();
