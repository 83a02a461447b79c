// grille serve: sends the dropped files to this computer's grille, shows its reports, and
// prepares the corrected grids and the class summary for download. Text from a sheet is
// always put in the page as text (textContent), never as HTML.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const lang = document.documentElement.lang;
  const $ = (selector) => document.querySelector(selector);
  const input = $("#files");
  const zone = $("#drop");
  const results = $("#results");
  const status = $("#status");
  const progressBox = $("#progress-box");
  const progress = $("#progress");
  let links = [];

  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (_, key) => (key in values ? String(values[key]) : ""));

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function query() {
    const params = new URLSearchParams({ lang, referential: $("#referential").value });
    const template = $("#template").value;
    if (template) params.set("template", template);
    return params.toString();
  }

  // One POST of the files; resolves to {status, body, type, name}.
  function post(path, files, kind, onSent) {
    return new Promise((resolve) => {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", path + "?" + query());
      xhr.responseType = kind;
      if (onSent) {
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) progress.value = e.loaded / e.total;
        };
        xhr.upload.onload = onSent;
      }
      xhr.onload = () =>
        resolve({
          status: xhr.status,
          body: xhr.response,
          type: xhr.getResponseHeader("Content-Type") || "",
          name: fileName(xhr.getResponseHeader("Content-Disposition")),
        });
      xhr.onerror = () => resolve({ status: 0, body: null });
      xhr.send(form);
    });
  }

  // The UTF-8 name of a Content-Disposition header (filename*=UTF-8''…), else the plain one.
  function fileName(header) {
    if (!header) return "grille.xlsx";
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    const plain = /filename="([^"]*)"/i.exec(header);
    return plain ? plain[1] : "grille.xlsx";
  }

  // The message of a failed answer ({"error": …} as JSON or inside a Blob).
  async function failure(answer) {
    if (answer.status === 0) return T.offline;
    let body = answer.body;
    try {
      if (body instanceof Blob) body = JSON.parse(await body.text());
    } catch (_) {
      body = null;
    }
    return body && body.error ? body.error : "HTTP " + answer.status;
  }

  const isZip = (file) => /\.zip$/i.test(file.name);
  const unreadable = (r) => r.findings.some((f) => f.kind === "unreadable-file");
  const errors = (r) => r.findings.filter((f) => f.severity === "error").length;
  const warnings = (r) => r.findings.filter((f) => f.severity === "warning").length;
  const verdict = (r) => (unreadable(r) ? "unreadable" : errors(r) > 0 ? "errors" : "valid");

  // A download link to an answer received as a Blob.
  function link(answer, text, className) {
    const url = URL.createObjectURL(answer.body);
    links.push(url);
    return el("a", { href: url, download: answer.name, class: className, type: answer.type }, text);
  }

  function findingsTable(report) {
    if (report.findings.length === 0) return el("p", { class: "none" }, T.no_findings);
    const body = el("tbody");
    for (const f of report.findings) {
      const message = el("td", { class: "message" }, f.message, el("span", { class: "code" }, f.code));
      if (f.suggestion) message.append(el("span", { class: "suggestion" }, f.suggestion));
      body.append(
        el("tr", { class: f.severity, "data-kind": f.kind },
          el("td", { class: "cell" }, f.cell || "—"),
          el("td", { class: "severity" }, f.severity === "error" ? T.error : T.warning),
          message));
    }
    return el("table", { class: "findings" },
      el("thead", {}, el("tr", {}, el("th", {}, T.cell), el("th", {}, T.severity), el("th", {}, T.finding))),
      body);
  }

  function coverageTable(report) {
    const codes = Object.keys(report.coverage);
    if (codes.length === 0) return null;
    const head = el("tr", {}, el("th", {}, T.competence));
    const counts = el("tr", {}, el("th", {}, T.realisations));
    for (const code of codes) {
      const n = report.coverage[code];
      head.append(el("th", {}, code));
      counts.append(el("td", { class: n === 0 ? "zero" : null }, n));
    }
    return el("div", {}, el("h3", {}, T.coverage), el("table", { class: "coverage" }, el("tbody", {}, head, counts)));
  }

  function fileSection(report) {
    const v = verdict(report);
    const meta = [];
    if (report.candidate && report.candidate.name) meta.push(T.candidate + (lang === "fr" ? "\u00a0: " : ": ") + report.candidate.name);
    if (report.sheet) meta.push(T.sheet + (lang === "fr" ? " « " + report.sheet + " »" : " “" + report.sheet + "”"));
    if (!unreadable(report)) {
      meta.push(T.realisations + (lang === "fr" ? "\u00a0: " : ": ") + report.realisations.length);
      meta.push(fill(T.counts, { errors: errors(report), warnings: warnings(report) }));
    }
    return el("section", { class: "file", "data-verdict": v },
      el("h2", {}, el("span", { class: "name" }, report.file), el("span", { class: "verdict " + v }, T["verdict_" + v])),
      meta.length ? el("p", { class: "meta" }, meta.join(" · ")) : null,
      findingsTable(report),
      coverageTable(report),
      el("p", { class: "downloads" }));
  }

  function classTable(reports) {
    const codes = Object.keys((reports.find((r) => !unreadable(r)) || reports[0]).coverage);
    const head = el("tr", {}, el("th", {}, T.candidate), el("th", {}, T.verdict));
    for (const code of codes) head.append(el("th", {}, code));
    const body = el("tbody");
    for (const r of reports) {
      const v = verdict(r);
      const row = el("tr", {},
        el("td", {}, (r.candidate && r.candidate.name) || r.file),
        el("td", {}, el("span", { class: "verdict " + v }, T["verdict_" + v])));
      for (const code of codes) {
        const n = unreadable(r) ? null : r.coverage[code];
        row.append(el("td", { class: "count" + (n === 0 ? " zero" : "") }, n === null || n === undefined ? "—" : n));
      }
      body.append(row);
    }
    return el("section", { class: "class" },
      el("h2", {}, T.class),
      el("table", { class: "classes" }, el("thead", {}, head), body),
      el("p", { class: "downloads" }));
  }

  // Which reports came from which file sent: one each for a sheet, those named inside it
  // (or after it) for an archive.
  function reportsOf(files, reports) {
    const owners = [];
    let at = 0;
    for (const file of files) {
      const own = [];
      if (isZip(file)) {
        while (at < reports.length && (reports[at].file === file.name || reports[at].file.startsWith(file.name + "/"))) {
          own.push(reports[at++]);
        }
      } else if (at < reports.length) {
        own.push(reports[at++]);
      }
      owners.push(own);
    }
    return owners;
  }

  async function send(files) {
    if (files.length === 0) return;
    document.body.dataset.state = "checking";
    for (const url of links) URL.revokeObjectURL(url);
    links = [];
    results.replaceChildren();
    status.classList.remove("failed");
    status.textContent = fill(T.sending, { n: files.length });
    progressBox.hidden = false;
    progress.value = 0;
    const checked = await post("/api/check", files, "json", () => {
      progress.removeAttribute("value");
      status.textContent = T.checking;
    });
    if (checked.status !== 200 || !Array.isArray(checked.body)) {
      progressBox.hidden = true;
      status.classList.add("failed");
      status.textContent = T.failed + (await failure(checked));
      document.body.dataset.state = "failed";
      return;
    }
    const reports = checked.body;
    const count = (v) => reports.filter((r) => verdict(r) === v).length;
    status.textContent = fill(T.done, {
      n: reports.length, valid: count("valid"), errors: count("errors"), unreadable: count("unreadable"),
    });
    let classSection = null;
    if (reports.length > 1) {
      classSection = classTable(reports);
      results.append(classSection);
    }
    const sections = new Map();
    for (const r of reports) {
      const section = fileSection(r);
      sections.set(r, section);
      results.append(section);
    }
    progressBox.hidden = true;
    const pending = [];
    const owners = reportsOf(files, reports);
    files.forEach((file, i) => {
      const own = owners[i];
      if (isZip(file) || own.length !== 1) return;
      const place = sections.get(own[0]).querySelector(".downloads");
      if (unreadable(own[0])) return;
      place.textContent = T.preparing;
      pending.push(post("/api/fix", [file], "blob").then(async (answer) => {
        place.replaceChildren(answer.status === 200
          ? link(answer, T.download_fixed, "fixed")
          : el("span", { class: "none" }, T.no_fixed + (await failure(answer))));
      }));
    });
    const all = classSection ? classSection.querySelector(".downloads")
      : files.some(isZip) && reports.length === 1 ? sections.get(reports[0]).querySelector(".downloads") : null;
    if (all) {
      all.textContent = T.preparing;
      const summary = reports.length > 1 ? post("/api/summary", files, "blob") : Promise.resolve(null);
      pending.push(Promise.all([summary, post("/api/fix", files, "blob")]).then(async ([s, f]) => {
        all.replaceChildren();
        if (s) all.append(s.status === 200 ? link(s, T.download_summary, "summary") : el("span", { class: "none" }, await failure(s)));
        all.append(f.status === 200 ? link(f, T.download_all, "all-fixed") : el("span", { class: "none" }, T.no_fixed + (await failure(f))));
      }));
    }
    await Promise.all(pending);
    document.body.dataset.state = "done";
  }

  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    send(Array.from(e.dataTransfer.files));
  });
  input.addEventListener("change", () => {
    send(Array.from(input.files));
    input.value = "";
  });
  // A template offered only with its own referential.
  const referential = $("#referential");
  const template = $("#template");
  function offerTemplates() {
    for (const option of template.options) {
      const own = option.dataset.referential;
      option.hidden = own !== undefined && own !== referential.value;
    }
    if (template.selectedOptions[0] && template.selectedOptions[0].hidden) template.value = "";
  }
  referential.addEventListener("change", offerTemplates);
  offerTemplates();
})();
