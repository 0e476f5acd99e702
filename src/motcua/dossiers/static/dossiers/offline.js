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
  // The server decides how many numbers a lease gives (the officer's recent use, `need`);
  // the device asks again when fewer than a quarter of that remain for a day.
  const TOP_UP_SHARE = 4;
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
    const closed = await metaGet("closed_days", []);
    const wanted = closed.includes(today) ? [] : [today];
    const next = nextWorking(days, today);
    if (next) wanted.push(next.date);
    for (const day of wanted) {
      const left = await remaining(day);
      const need = await metaGet("need", 0);
      if (left > 0 && left * TOP_UP_SHARE >= need) continue;
      const answer = await postJSON("/api/v1/code-blocks", { device_id: await deviceId(), date: day });
      if (answer.status === 409 && answer.data && answer.data.outcome === "lease_enough") continue;
      if (answer.status !== 201) throw new Error(problemText(answer.data, answer.status));
      await metaSet("need", answer.data.need);
      const list = await blocks();
      list.push({ date: day, prefix: answer.data.prefix, first: answer.data.first, last: answer.data.last, next: answer.data.first });
      await metaSet("blocks", list);
    }
  }
  /* Day's end ("Kết thúc ngày"): give back today's unused numbers now, and lease no more for
     today on this device. Numbers already on receipts stay in the block. */
  async function closeDay() {
    const today = vnDate(Date.now());
    const box = document.getElementById("ket-thuc-ngay-ket-qua");
    if (!navigator.onLine) { box.textContent = "Cần có mạng để trả lại số chưa dùng."; return; }
    const closed = await metaGet("closed_days", []);
    if (!closed.includes(today)) { closed.push(today); await metaSet("closed_days", closed.filter((d) => d >= today)); }
    let given = 0;
    const keep = [];
    for (const block of await blocks()) {
      if (block.date === today && block.next <= block.last) {
        const answer = await postJSON("/api/v1/code-blocks/release", { device_id: await deviceId(), date: today, first: block.next, last: block.last });
        if (!answer.ok) { box.textContent = "Chưa trả lại được số: " + problemText(answer.data, answer.status); keep.push(block); continue; }
        given += block.last - block.next + 1;
        block.last = block.next - 1;
      }
      if (block.date !== today || block.last >= block.first) keep.push(block);
    }
    await metaSet("blocks", keep);
    if (!box.textContent) box.textContent = "Đã trả lại " + given + " số chưa dùng của hôm nay; thiết bị không giữ thêm số cho hôm nay.";
    await showBlocks();
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
  /* "05/09/2025" (or 5/9/2025, or ISO) as "2025-09-05"; anything else as typed, which the
     checks then call an invalid date. */
  function isoDate(text) {
    const value = String(text).trim();
    const vn = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
    if (vn) return vn[3] + "-" + pad(Number(vn[2])) + "-" + pad(Number(vn[1]));
    return value;
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /* A list of objects (a document with its pages and copies): one group of fields per row,
     named data.<list>.<row>.<field>, rows added and taken away at the end. */
  function addRow(schema, node, path, rows) {
    const i = rows.children.length;
    const items = resolve(schema, node.items);
    const row = el("fieldset", { class: "card dong" });
    row.appendChild(el("legend", {}, (node.title || path) + " › Mục " + (i + 1)));
    for (const [name, child] of Object.entries(items.properties || {})) {
      renderNode(schema, child, path + "." + i + "." + name, (items.required || []).includes(name), row);
    }
    rows.appendChild(row);
  }
  function renderRows(schema, node, path, required, parent) {
    const title = node.title || path;
    const fs = el("fieldset", { class: "card", "data-array": path, id: "f-" + path.replace(/\./g, "-"), tabindex: "-1" });
    fs.appendChild(el("legend", {}, title + (required ? " *" : "")));
    const rows = el("div");
    fs.appendChild(rows);
    const add = el("button", { type: "button", class: "them-dong" }, "Thêm một dòng");
    add.addEventListener("click", () => addRow(schema, node, path, rows));
    const remove = el("button", { type: "button", class: "bo-dong" }, "Bỏ dòng cuối");
    remove.addEventListener("click", () => { if (rows.children.length > 1) rows.lastElementChild.remove(); });
    fs.appendChild(add);
    fs.appendChild(remove);
    parent.appendChild(fs);
    addRow(schema, node, path, rows);
    return rows;
  }
  function renderNode(schema, node, path, required, parent) {
    node = resolve(schema, node);
    const title = node.title || path.split(".").pop();
    if (node.type === "array" && node.items && resolve(schema, node.items).type === "object") {
      renderRows(schema, node, path, required, parent);
      return;
    }
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
    } else if (node.format === "date") {
      // Typed dd/mm/yyyy whatever the browser's language (a date input follows it).
      input = el("input", { id: id, type: "text", inputmode: "numeric", autocomplete: "off", placeholder: "ngày/tháng/năm", maxlength: 10 });
      input.dataset.kind = "date";
    } else {
      input = el("input", { id: id, type: node.format === "email" ? "email" : "text", maxlength: node.maxLength });
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
      else if (kind === "date") value = isoDate(input.value);
      else value = input.value;
      const parts = input.name.slice(5).split(".");
      let target = data;
      parts.slice(0, -1).forEach((part, i) => {
        target = target[part] = target[part] || (/^\d+$/.test(parts[i + 1]) ? [] : {});
      });
      target[parts[parts.length - 1]] = value;
    }
    // A row left wholly empty is still a row: the checks then say what it lacks.
    const fill = (value) => {
      if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = value[i] === undefined ? {} : fill(value[i]);
      else if (value && typeof value === "object") for (const k of Object.keys(value)) value[k] = fill(value[k]);
      return value;
    };
    for (const box of form.querySelectorAll("[data-array]")) {
      const parts = box.dataset.array.split(".");
      let target = data;
      for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
      const rows = box.querySelectorAll(":scope > div > fieldset").length;
      const list = target[parts[parts.length - 1]] = target[parts[parts.length - 1]] || [];
      while (list.length < rows) list.push({});
    }
    return fill(data);
  }


  // --- checks before a receipt prints: the same rules as the server -------------------------
  // The e-form against the procedure's JSON schema with the messages of
  // catalog.eforms.field_errors (the subset of JSON Schema the catalog uses: type, required,
  // properties, additionalProperties, minLength, maxLength, pattern, format date/email,
  // oneOf/enum/const, minimum, maximum, items, minItems, maxItems, allOf with if/then, $ref),
  // its plausibility (no event after today, x-older-than), the applicant like
  // dossiers.actions.check_applicant and the documents like check_documents.
  const REQUIRED = "Cần nhập thông tin này.";
  const INVALID_DATE = "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025.";
  function addProblem(out, name, message) {
    out[name] = out[name] || [];
    if (!out[name].includes(message)) out[name].push(message);
  }
  function nodeAt(root, path) {
    let node = resolve(root, root);
    for (const part of path) {
      if (/^\d+$/.test(part) && node.items) node = resolve(root, node.items);
      else node = resolve(root, (node.properties || {})[part] || {});
    }
    return node;
  }
  function requiredLeaves(root, path) {
    const node = nodeAt(root, path);
    if (node.type === "object" && node.properties) {
      let leaves = [];
      for (const name of node.required || []) leaves = leaves.concat(requiredLeaves(root, path.concat([name])));
      return leaves.length ? leaves : [path.join(".")];
    }
    return [path.join(".")];
  }
  function isDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const [y, m, d] = value.split("-").map(Number);
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }
  function matches(root, node, value) {
    const out = {};
    check(root, node, value, [], out);
    return Object.keys(out).length === 0;
  }
  function check(root, node, value, path, out) {
    node = resolve(root, node || {});
    const here = path.join(".") || "_";
    for (const sub of node.allOf || []) {
      if (sub.if) { if (matches(root, sub.if, value) && sub.then) check(root, sub.then, value, path, out); }
      else check(root, sub, value, path, out);
    }
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    if (node.type === "object" || (node.properties && isObject) || (node.required && isObject)) {
      if (!isObject) { if (node.type === "object") addProblem(out, here, "Giá trị không đúng kiểu."); return; }
      for (const name of node.required || []) {
        if (!(name in value)) for (const leaf of requiredLeaves(root, path.concat([name]))) addProblem(out, leaf, REQUIRED);
      }
      for (const [key, item] of Object.entries(value)) {
        const child = (node.properties || {})[key];
        if (child) check(root, child, item, path.concat([key]), out);
        else if (node.additionalProperties === false) addProblem(out, here, "Có thông tin không thuộc biểu mẫu.");
      }
      return;
    }
    if (node.type === "array") {
      if (!Array.isArray(value)) { addProblem(out, here, "Giá trị không đúng kiểu."); return; }
      if (node.minItems !== undefined && value.length < node.minItems) addProblem(out, here, "Cần ít nhất " + node.minItems + " mục.");
      if (node.maxItems !== undefined && value.length > node.maxItems) addProblem(out, here, "Tối đa " + node.maxItems + " mục.");
      value.forEach((item, i) => check(root, node.items || {}, item, path.concat([String(i)]), out));
      return;
    }
    const choices = node.oneOf && node.oneOf.every((o) => "const" in o) ? node.oneOf.map((o) => o.const) : node.enum || ("const" in node ? [node.const] : null);
    // Like jsonschema: the type, then each keyword that applies to the value's own kind.
    if (node.type === "string" && typeof value !== "string") addProblem(out, here, "Cần nhập chữ.");
    if (node.type === "integer" && !(typeof value === "number" && Number.isInteger(value))) addProblem(out, here, "Cần nhập một số nguyên.");
    if (node.type === "number" && typeof value !== "number") addProblem(out, here, "Cần nhập một số.");
    if (node.type === "boolean" && typeof value !== "boolean") addProblem(out, here, "Cần chọn có hoặc không.");
    if (typeof value === "string") {
      const length = Array.from(value).length;
      if (node.minLength !== undefined && length < node.minLength) addProblem(out, here, node.minLength === 1 ? REQUIRED : "Tối thiểu " + node.minLength + " ký tự.");
      if (node.maxLength !== undefined && length > node.maxLength) addProblem(out, here, "Tối đa " + node.maxLength + " ký tự.");
      if (node.pattern && !new RegExp(node.pattern, "u").test(value)) addProblem(out, here, "Không đúng định dạng.");
      if (node.format === "date" && !isDate(value)) addProblem(out, here, INVALID_DATE);
      if (node.format === "email" && !value.includes("@")) addProblem(out, here, "Địa chỉ thư điện tử không hợp lệ.");
    }
    if (typeof value === "number") {
      if (node.minimum !== undefined && value < node.minimum) addProblem(out, here, "Không được nhỏ hơn " + node.minimum + ".");
      if (node.maximum !== undefined && value > node.maximum) addProblem(out, here, "Không được lớn hơn " + node.maximum + ".");
    }
    if (choices && !choices.includes(value)) addProblem(out, here, "Cần chọn một giá trị trong danh sách.");
  }
  function labelOf(root, name) {
    const labels = [];
    let node = resolve(root, root);
    for (const part of String(name).split(".").filter(Boolean)) {
      if (/^\d+$/.test(part) && node.items) { node = resolve(root, node.items); labels.push("Mục " + (Number(part) + 1)); continue; }
      node = resolve(root, (node.properties || {})[part] || {});
      labels.push(String(node.title || part));
    }
    return labels.length ? labels.join(" › ") : "Biểu mẫu";
  }
  function valueAt(data, name) {
    let value = data;
    for (const part of name.split(".")) {
      if (value === null || typeof value !== "object") return undefined;
      value = value[part];
    }
    return value;
  }
  function addYears(day, years) {
    const [y, m, d] = day.split("-").map(Number);
    return (y + years) + "-" + pad(m) + "-" + pad(m === 2 && d === 29 ? 28 : d);
  }
  function plausibility(root, data, today, parentAge, out) {
    const walkDates = (node, value, path) => {
      node = resolve(root, node || {});
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) walkDates((node.properties || {})[k], v, path.concat([k]));
      } else if (Array.isArray(value) && node.items) {
        value.forEach((v, i) => walkDates(node.items, v, path.concat([String(i)])));
      } else if (node.format === "date" && typeof value === "string" && isDate(value) && value > today && !node["x-future"]) {
        addProblem(out, path.join("."), "Ngày không được sau hôm nay (" + today.split("-").reverse().join("/") + ").");
      }
    };
    walkDates(root, data, []);
    for (const rule of root["x-older-than"] || []) {
      const older = valueAt(data, rule.older), younger = valueAt(data, rule.younger);
      if (typeof older !== "string" || typeof younger !== "string" || !isDate(older) || !isDate(younger)) continue;
      const years = rule.years !== undefined ? Number(rule.years) : parentAge;
      if (younger >= addYears(older, years)) continue;
      let message;
      if (years) {
        const who = labelOf(root, rule.older.split(".").slice(0, -1).join("."));
        const whom = labelOf(root, rule.younger.split(".").slice(0, -1).join(".")).toLowerCase();
        message = who + " phải lớn hơn " + whom + " ít nhất " + years + " tuổi; kiểm tra lại ngày sinh.";
      } else {
        const field = labelOf(root, rule.younger).split(" › ").pop();
        message = "Ngày này phải trước " + field.toLowerCase() + ".";
      }
      addProblem(out, rule.older, message);
    }
  }
  /* The e-form's problems by dotted path (catalog.eforms.field_errors). */
  function formProblems(schema, data, today, parentAge) {
    const out = {};
    check(schema, schema, data, [], out);
    const plausible = {};
    plausibility(schema, data, today, parentAge, plausible);
    for (const [name, messages] of Object.entries(plausible)) if (!out[name]) out[name] = messages;
    return out;
  }
  function idNumberProblem(value, birth) {
    if (!/^\d{12}$/.test(value)) return "Số định danh cá nhân phải gồm đúng 12 chữ số.";
    if (value.slice(0, 3) === "000") return "Mã tỉnh nơi đăng ký khai sinh (3 số đầu) không hợp lệ.";
    const digit = Number(value[3]);
    if (digit > 5) return "Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5.";
    const year = 1900 + 100 * Math.floor(digit / 2) + Number(value.slice(4, 6));
    if (birth && isDate(birth) && Number(birth.slice(0, 4)) !== year) {
      return "Số định danh cho năm sinh " + year + ", không khớp ngày sinh " + birth.split("-").reverse().join("/") + ".";
    }
    return "";
  }

  // --- outbox ---------------------------------------------------------------------------
  const FIELD_LABELS = {
    procedure: "Thủ tục hành chính", procedure_version: "Phiên bản thủ tục", unit: "Xã, phường giải quyết",
    channel: "Kênh nộp", applicant: "Người nộp hồ sơ", "applicant.full_name": "Người nộp hồ sơ › Họ và tên",
    "applicant.id_number": "Người nộp hồ sơ › Số định danh cá nhân", "applicant.date_of_birth": "Người nộp hồ sơ › Ngày sinh",
    "applicant.address": "Người nộp hồ sơ › Địa chỉ", "applicant.phone": "Người nộp hồ sơ › Số điện thoại",
    "applicant.email": "Người nộp hồ sơ › Thư điện tử", documents: "Thành phần hồ sơ", data: "Biểu mẫu",
    fee: "Phí, lệ phí", code: "Mã hồ sơ", device_id: "Mã thiết bị", received_at: "Thời điểm tiếp nhận",
    idempotency_key: "Khóa chống gửi trùng",
  };
  function fieldLabel(name) {
    const parts = String(name || "").split(".");
    for (let n = parts.length; n > 0; n--) {
      const label = FIELD_LABELS[parts.slice(0, n).join(".")];
      if (label) return label;
    }
    return "Thông tin gửi lên";
  }
  /* The server's refusal as the officer reads it: each problem with its field's labels. */
  function problemLines(data) {
    const lines = [];
    if (!data || !data.errors) return lines;
    if (Array.isArray(data.errors)) {
      for (const e of data.errors) lines.push(fieldLabel(e.field) + ": " + e.message);
    } else {
      for (const [key, messages] of Object.entries(data.errors)) {
        // The e-form's problems come already labelled ("Mẹ › Ngày sinh: Cần nhập ...").
        for (const m of messages) lines.push(key === "data" ? m : fieldLabel(key) + ": " + m);
      }
    }
    return lines;
  }
  function problemText(data, status) {
    if (!data) return "Máy chủ trả lời lỗi " + status + ".";
    const lines = problemLines(data);
    if (lines.length) return "Máy chủ từ chối hồ sơ: " + lines.join("; ");
    return data.detail || "Máy chủ từ chối hồ sơ.";
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
          answer = await postJSON("/api/v1/dossiers", record.body, { "Idempotency-Key": record.key || record.id });
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
          record.errors = (answer.data && answer.data.errors) || null;
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
      row.appendChild(el("td", { class: "ma", "data-label": "Mã hồ sơ" }, r.code));
      row.appendChild(el("td", { "data-label": "Người nộp" }, r.body.applicant.full_name));
      row.appendChild(el("td", { "data-label": "Tiếp nhận lúc" }, timeAndDate(Date.parse(r.received_at))));
      row.appendChild(el("td", { class: "trang-thai trang-thai-" + r.status, "data-label": "Trạng thái" }, LABELS[r.status]));
      row.appendChild(el("td", { class: "ly-do", "data-label": "Lý do" }, r.reason || ""));
      const actions = el("td", { class: "thao-tac" });
      const link = el("a", { href: RECEIPT_URL + "?id=" + encodeURIComponent(r.id), class: "in-phieu" }, "In phiếu hẹn " + r.code);
      actions.appendChild(link);
      if (r.status === "attention") {
        const open = el("button", { type: "button", class: "mo-sua primary" }, "Mở để sửa hồ sơ " + r.code);
        open.addEventListener("click", () => openForCorrection(r.id));
        actions.appendChild(open);
        const retry = el("button", { type: "button", class: "gui-lai" }, "Gửi lại không sửa");
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
  let state = { me: null, procedures: [], details: {}, pack: null, communes: [], editing: null, parentAge: 12 };
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
    const need = await metaGet("need", 0);
    document.getElementById("khoi-so").textContent = "Số hồ sơ đã giữ trước cho hôm nay: còn " + (await remaining(today)) + " số" +
      (need ? " (mỗi ngày giữ " + need + " số, theo số hồ sơ đã tiếp nhận gần đây)." : ".");
  }
  function fillCommunes() {
    const select = document.getElementById("xa-giai-quyet");
    const chosen = select.value || (state.me && state.me.unit) || "";
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, "— Chọn xã, phường (" + state.communes.length + ") —"));
    for (const unit of state.communes) select.appendChild(el("option", { value: unit.code }, unit.name));
    select.value = state.communes.some((u) => u.code === chosen) ? chosen : "";
  }
  /* The province's active communes by name (cached: a merged commune disappears once online). */
  async function loadCommunes() {
    const root = document.getElementById("ngoai-tuyen");
    const units = await getJSON("/api/v1/units?level=commune&limit=500&province=" + encodeURIComponent(root.dataset.province));
    state.communes = units.items.slice().sort((a, b) => a.name.localeCompare(b.name, "vi"));
    fillCommunes();
  }
  async function prepare() {
    setStatus("Đang chuẩn bị dữ liệu để dùng khi mất mạng…", false);
    try {
      state.me = await getJSON("/api/v1/me");
      const list = await getJSON("/api/v1/procedures?limit=100");
      state.procedures = list.items;
      for (const item of state.procedures) state.details[item.code] = await getJSON("/api/v1/procedures/" + item.code);
      state.pack = await getJSON("/api/v1/calendar/offline-pack?days=60");
      await loadCommunes();
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
    fillCommunes();
    await showBlocks();
    if (leaseProblem) setStatus("Không giữ trước được số hồ sơ: " + leaseProblem, false);
    else setStatus("Sẵn sàng tiếp nhận khi mất mạng (đã lưu danh mục thủ tục, danh sách xã, phường, lịch làm việc và số hồ sơ giữ trước).", true);
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
      const cell = el("td", { "data-label": "Giấy tờ" });
      const box = el("input", { type: "checkbox", id: "doc_" + doc.id, name: "doc", value: doc.id });
      if (doc.mandatory) box.checked = true;
      cell.appendChild(box);
      cell.appendChild(el("label", { for: "doc_" + doc.id }, " " + doc.name + (doc.mandatory ? " *" : " (nếu có)")));
      row.appendChild(cell);
      const originals = el("td", { "data-label": "Bản chính" }); originals.appendChild(el("input", { type: "number", min: 0, max: 99, value: 1, class: "count", name: "originals_" + doc.id, "aria-label": "Số bản chính: " + doc.name }));
      const copies = el("td", { "data-label": "Bản sao" }); copies.appendChild(el("input", { type: "number", min: 0, max: 99, value: 0, class: "count", name: "copies_" + doc.id, "aria-label": "Số bản sao: " + doc.name }));
      row.appendChild(originals); row.appendChild(copies);
      docs.appendChild(row);
    }
    renderNode(detail.form_schema, detail.form_schema, "", true, eform);
    prefillRequester();
  }

  /* The applicant is typed once: it fills the e-form's requester (Người yêu cầu) where that
     field is empty or still holds what was copied before, like the online intake. */
  const REQUESTER = { full_name: "full_name", id_number: "id_number", address: "residence", phone: "phone", email: "email" };
  function prefillRequester() {
    for (const [own, theirs] of Object.entries(REQUESTER)) {
      const source = document.getElementById(own);
      const target = document.querySelector('[name="data.applicant.' + theirs + '"]');
      if (!source || !target || target.tagName === "SELECT") continue;
      if (target.value === "" || target.value === target.dataset.copied) {
        target.value = source.value.trim();
        target.dataset.copied = target.value;
      }
    }
  }

  /* What the form holds now, as the API takes it. */
  function readForm(form, detail) {
    const value = (name) => form.elements[name].value.trim();
    const documents = [];
    for (const box of form.querySelectorAll("input[name=doc]:checked")) {
      const count = (name) => { const n = Number(form.elements[name + "_" + box.value].value || "0"); return Number.isInteger(n) ? n : NaN; };
      documents.push({ document: box.value, originals: count("originals"), copies: count("copies") });
    }
    return {
      procedure: detail.code,
      procedure_version: detail.version,
      unit: value("unit"),
      channel: 1,
      applicant: {
        full_name: value("full_name"), id_number: value("id_number"), date_of_birth: value("date_of_birth") ? isoDate(value("date_of_birth")) : null,
        address: value("address"), phone: value("phone"), email: value("email"),
      },
      data: collectData(form),
      documents: documents,
    };
  }
  /* Every problem of the dossier by where it shows: "unit", "applicant.x", "documents",
     "data.<path>"; each message carries its field's labels. */
  function dossierProblems(detail, body) {
    const out = {};
    if (!body.unit) addProblem(out, "unit", "Xã, phường giải quyết: Cần chọn xã, phường có thẩm quyền giải quyết.");
    const a = body.applicant;
    const say = (key, message) => addProblem(out, key, fieldLabel(key) + ": " + message);
    if (!a.full_name) say("applicant.full_name", REQUIRED);
    else if (a.full_name.length > 120) say("applicant.full_name", "Tối đa 120 ký tự.");
    const idProblem = a.id_number ? idNumberProblem(a.id_number, a.date_of_birth) : REQUIRED;
    if (idProblem) say("applicant.id_number", idProblem);
    if (a.date_of_birth && !isDate(a.date_of_birth)) say("applicant.date_of_birth", INVALID_DATE);
    else if (a.date_of_birth && a.date_of_birth > vnDate(Date.now())) say("applicant.date_of_birth", "Ngày sinh không được sau ngày hôm nay.");
    if (a.phone && !/^0\d{9}$/.test(a.phone)) say("applicant.phone", "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.");
    if (a.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a.email)) say("applicant.email", "Địa chỉ thư điện tử không hợp lệ.");
    const names = {};
    for (const doc of detail.required_documents) names[doc.id] = doc.name;
    const given = new Set();
    for (const d of body.documents) {
      given.add(d.document);
      if (!(d.originals >= 0 && d.originals <= 99 && d.copies >= 0 && d.copies <= 99)) say("documents", "'" + names[d.document] + "': số bản chính, bản sao phải từ 0 đến 99.");
      else if (d.originals + d.copies === 0) say("documents", "'" + names[d.document] + "': cần ít nhất một bản.");
    }
    const missing = detail.required_documents.filter((doc) => doc.mandatory && !given.has(doc.id)).map((doc) => doc.name);
    if (missing.length) say("documents", "Thiếu giấy tờ bắt buộc: " + missing.join("; ") + ".");
    const schema = detail.form_schema;
    const found = formProblems(schema, body.data, vnDate(Date.now()), state.parentAge);
    for (const [name, messages] of Object.entries(found)) {
      for (const m of messages) addProblem(out, "data." + name, labelOf(schema, name) + ": " + m);
    }
    return out;
  }
  /* The element a problem sits next to: the field itself, else the closest group. */
  function fieldFor(key) {
    const form = document.getElementById("form-ngoai-tuyen");
    if (key === "unit") return document.getElementById("xa-giai-quyet");
    if (key === "procedure") return document.getElementById("thu-tuc");
    if (key === "documents") return document.getElementById("giay-to");
    if (key.startsWith("applicant.")) return document.getElementById(key.slice(10)) || null;
    if (key.startsWith("data.")) {
      const parts = key.slice(5).split(".");
      for (let n = parts.length; n > 0; n--) {
        const name = parts.slice(0, n).join(".");
        const input = form.querySelector('[name="data.' + name + '"]') || form.querySelector('[data-array="' + name + '"]');
        if (input) return input;
      }
    }
    return null;
  }
  function clearProblems() {
    for (const e of document.querySelectorAll(".loi-truong")) e.remove();
    for (const e of document.querySelectorAll("[aria-invalid=true]")) {
      e.removeAttribute("aria-invalid");
      // Back to the field's own hint, if it has one.
      if (e.dataset.hint) e.setAttribute("aria-describedby", e.dataset.hint); else e.removeAttribute("aria-describedby");
    }
    const box = document.getElementById("thong-bao");
    box.textContent = ""; box.hidden = true;
  }
  /* Each problem once, next to its field, and a summary with its count above the button. */
  function showProblems(problems, heading) {
    clearProblems();
    const box = document.getElementById("thong-bao");
    const lines = [];
    let n = 0;
    for (const [key, messages] of Object.entries(problems)) {
      const field = fieldFor(key);
      for (const m of messages) lines.push([m, field]);
      if (!field) continue;
      const id = "loi-" + (++n);
      const note = el("p", { class: "error loi-truong", id: id }, messages.join(" "));
      if (field.tagName === "FIELDSET") field.insertBefore(note, field.children[1] || null);
      else {
        if (field.dataset.hint === undefined) field.dataset.hint = field.getAttribute("aria-describedby") || "";
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", (id + " " + field.dataset.hint).trim());
        field.insertAdjacentElement("afterend", note);
      }
    }
    if (!lines.length) return;
    box.appendChild(el("p", { class: "error" }, heading.replace("{n}", String(lines.length))));
    const list = el("ul");
    for (const [message, field] of lines) {
      const item = el("li");
      if (field && field.id) item.appendChild(el("a", { href: "#" + field.id }, message));
      else item.textContent = message;
      list.appendChild(item);
    }
    box.appendChild(list);
    box.hidden = false;
    box.focus();
  }
  function setValue(name, value) {
    const input = document.querySelector('[name="' + name + '"]');
    if (!input) return;
    if (input.type === "checkbox") input.checked = !!value;
    else if (input.dataset.kind === "date" && typeof value === "string" && isDate(value)) input.value = value.split("-").reverse().join("/");
    else if (value !== null && typeof value === "object") input.value = JSON.stringify(value);
    else input.value = value === null || value === undefined ? "" : String(value);
  }
  function fillData(value, path) {
    const rows = document.querySelector('[data-array="' + path + '"] > div');
    if (rows && Array.isArray(value)) {
      const detail = state.details[document.getElementById("thu-tuc").value];
      const node = resolve(detail.form_schema, nodeAt(detail.form_schema, path.split(".")));
      while (rows.children.length < value.length) addRow(detail.form_schema, node, path, rows);
      value.forEach((row, i) => fillData(row, path + "." + i));
      return;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) fillData(v, path ? path + "." + k : k);
      return;
    }
    setValue("data." + path, value);
  }
  /* The e-form field a server message ("Mẹ › Ngày sinh: ...") is about, by its labels. */
  function dataKeyOf(message) {
    const detail = state.details[document.getElementById("thu-tuc").value];
    let best = "data";
    let bestLength = 0;
    if (!detail) return best;
    for (const input of document.querySelectorAll("[name^='data.']")) {
      const path = input.name.slice(5);
      const label = labelOf(detail.form_schema, path);
      if (message.startsWith(label + ":") && label.length > bestLength) { best = "data." + path; bestLength = label.length; }
    }
    return best;
  }
  /* Open a dossier the server refused: the form holds what was typed, the server's reasons
     sit next to their fields; saving checks it again and sends it under a new key. */
  async function openForCorrection(id) {
    const record = await get("dossiers", id);
    if (!record) return;
    // The refusal may be about the list itself (a commune merged): take today's list first.
    if (navigator.onLine) { try { await loadCommunes(); } catch (e) { /* the cached list stays */ } }
    const form = document.getElementById("form-ngoai-tuyen");
    state.editing = record.id;
    const body = record.body;
    const select = document.getElementById("thu-tuc");
    select.value = state.details[body.procedure] ? body.procedure : "";
    chooseProcedure(select.value);
    const unit = document.getElementById("xa-giai-quyet");
    unit.value = state.communes.some((u) => u.code === body.unit) ? body.unit : "";
    for (const [k, v] of Object.entries(body.applicant)) setValue(k, v);
    for (const box of form.querySelectorAll("input[name=doc]")) box.checked = false;
    for (const d of body.documents) {
      const box = document.getElementById("doc_" + d.document);
      if (!box) continue;
      box.checked = true;
      setValue("originals_" + d.document, d.originals);
      setValue("copies_" + d.document, d.copies);
    }
    fillData(body.data, "");
    const banner = document.getElementById("dang-sua");
    document.getElementById("dang-sua-ma").textContent = record.code;
    banner.hidden = false;
    document.getElementById("tiep-nhan").textContent = "Lưu sửa đổi, gửi lại và in lại phiếu hẹn";
    const problems = {};
    const errors = record.errors || {};
    if (Array.isArray(errors)) {
      for (const e of errors) addProblem(problems, e.field.startsWith("data.") || e.field.startsWith("applicant.") ? e.field : e.field.split(".")[0], fieldLabel(e.field) + ": " + e.message);
    } else {
      for (const [key, messages] of Object.entries(errors)) {
        for (const m of messages) addProblem(problems, key === "data" ? dataKeyOf(m) : key, key === "data" ? m : fieldLabel(key) + ": " + m);
      }
    }
    if (!Object.keys(problems).length) addProblem(problems, "_", record.reason || "Máy chủ từ chối hồ sơ.");
    showProblems(problems, "Máy chủ đã từ chối hồ sơ " + record.code + " ({n} lỗi). Sửa rồi bấm “Lưu sửa đổi, gửi lại và in lại phiếu hẹn”:");
    banner.scrollIntoView();
  }
  function stopEditing() {
    state.editing = null;
    document.getElementById("dang-sua").hidden = true;
    document.getElementById("tiep-nhan").textContent = "Tiếp nhận và in phiếu hẹn";
    document.getElementById("form-ngoai-tuyen").reset();
    chooseProcedure("");
    fillCommunes();
    clearProblems();
  }
  async function receive(event) {
    event.preventDefault();
    const form = event.target;
    const code = document.getElementById("thu-tuc").value;
    const detail = state.details[code];
    if (!detail) { showProblems({ procedure: ["Thủ tục hành chính: Cần chọn thủ tục."] }, "Chưa in được phiếu hẹn: còn {n} lỗi cần sửa."); return; }
    const body = readForm(form, detail);
    const problems = dossierProblems(detail, body);
    if (Object.keys(problems).length) {
      showProblems(problems, "Chưa in được phiếu hẹn: còn {n} lỗi cần sửa.");
      return;
    }
    clearProblems();
    const now = Date.now();
    let record = state.editing ? await get("dossiers", state.editing) : null;
    // A correction keeps the printed code and time, unless the server refused the code itself.
    const newCode = !record || String(record.outcome || "").startsWith("code_");
    const dossierCode = newCode ? await takeCode(vnDate(now)) : record.code;
    if (!dossierCode) {
      showProblems({ _: ["Thiết bị không còn số hồ sơ giữ trước cho hôm nay; không thể cấp mã khi mất mạng. Hãy kết nối mạng để giữ thêm số, hoặc hẹn người nộp quay lại."] }, "Chưa in được phiếu hẹn:");
      return;
    }
    const id = record ? record.id : uuid();
    const attachments = record ? record.attachments || [] : [];
    for (const file of form.elements["attachments"].files) {
      const fileId = uuid();
      await put("files", { id: fileId, dossier_id: id, name: file.name, type: file.type, blob: file, document: "", uploaded: false });
      attachments.push(fileId);
    }
    const receivedAt = newCode ? vnISO(now) : record.received_at;
    const due = dueTime(state.pack, detail, Date.parse(receivedAt));
    const unitName = (state.communes.find((u) => u.code === body.unit) || {}).name || body.unit;
    record = {
      id: id,
      key: uuid(),
      code: dossierCode,
      created: record ? record.created : now,
      received_at: receivedAt,
      due_at: due === null ? null : vnISO(due),
      status: "waiting",
      reason: "",
      errors: null,
      corrected: !!record,
      attachments: attachments,
      body: Object.assign(body, { code: dossierCode, device_id: await deviceId(), received_at: receivedAt }),
      receipt: {
        agency: state.me.positions[0] ? state.me.positions[0].agency_name : "",
        officer: state.me.full_name,
        procedure_name: detail.name,
        unit_name: unitName,
        time_limit: timeLimitText(detail),
        fee: (detail.fees && detail.fees.summary) || detail.fee_summary || "",
        documents: body.documents.map((d) => Object.assign({ name: (detail.required_documents.find((x) => x.id === d.document) || {}).name || d.document }, d)),
      },
    };
    await put("dossiers", record);
    state.editing = null;
    if (navigator.onLine) sync();
    window.location.href = RECEIPT_URL + "?id=" + encodeURIComponent(id);
  }
  async function startIntake() {
    const root = document.getElementById("ngoai-tuyen");
    RECEIPT_URL = root.dataset.receiptUrl;
    state.parentAge = Number(root.dataset.minParentAge || "12");
    if ("serviceWorker" in navigator) {
      try { await navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.scope }); } catch (e) { /* page still works online */ }
    }
    showNetwork();
    window.addEventListener("online", () => { showNetwork(); prepare().then(sync); });
    window.addEventListener("offline", showNetwork);
    document.getElementById("thu-tuc").addEventListener("change", (e) => chooseProcedure(e.target.value));
    document.getElementById("form-ngoai-tuyen").addEventListener("submit", receive);
    document.getElementById("gui-ngay").addEventListener("click", () => sync());
    document.getElementById("huy-sua").addEventListener("click", stopEditing);
    for (const own of Object.keys(REQUESTER)) document.getElementById(own).addEventListener("input", prefillRequester);
    document.getElementById("ket-thuc-ngay").addEventListener("click", closeDay);
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
    set("unit_name", record.receipt.unit_name || record.body.unit);
    if (record.corrected) set("corrected", "Phiếu hẹn in lại sau khi sửa hồ sơ theo ý kiến của máy chủ; thay phiếu đã in trước.");
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

  window.MotcuaOffline = { sync: sync, dueTime: dueTime, all: () => all("dossiers"), save: (r) => put("dossiers", r), renderOutbox: renderOutbox, formProblems: formProblems };
  document.addEventListener("DOMContentLoaded", () => {
    if (document.getElementById("ngoai-tuyen")) startIntake();
    if (document.getElementById("phieu-hen")) startReceipt();
    // no inline handler: the Content Security Policy allows only scripts from static files
    const print = document.getElementById("in-phieu-hen");
    if (print) print.addEventListener("click", () => window.print());
  });
})();
