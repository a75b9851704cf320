/* The reports page follows its queued and rendering reports without a reload.
 *
 * Each such row carries data-report-status (its JSON status address, reports:status). This script asks for the state
 * now and then, puts the server's own cells into the row when the state changed, and says so in the page's polite
 * live region. A finished or failed report is no longer asked about; a failed request is simply tried again later.
 * Without JavaScript the rows' "Visa status" links lead to each report's page instead.
 */
(function () {
  "use strict";

  var FIRST_DELAY = 1000; // ms before the first look
  var MAX_DELAY = 10000; // the interval grows to this while a report takes long
  var GIVE_UP_AFTER = 30 * 60 * 1000; // a page left open stops asking after half an hour

  if (!window.fetch || !document.querySelector("tr[data-report-status]")) {
    return;
  }
  var live = document.getElementById("report-status-live");
  var started = Date.now();
  var delay = FIRST_DELAY;

  function replaceCell(row, part, html) {
    var cell = row.querySelector('[data-report-part="' + part + '"]');
    if (cell && typeof html === "string") {
      cell.innerHTML = html;
    }
  }

  function update(row) {
    var url = row.getAttribute("data-report-status");
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          row.removeAttribute("data-report-status"); // gone or no longer ours to see: stop asking
          return null;
        }
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        if (data.state !== row.getAttribute("data-report-state")) {
          replaceCell(row, "state", data.state_html);
          replaceCell(row, "file", data.file_html);
          row.setAttribute("data-report-state", data.state);
          if (live) {
            live.textContent = data.announcement;
          }
        }
        if (data.final) {
          row.removeAttribute("data-report-status");
        }
      })
      .catch(function () {
        /* signed out, server busy or offline: the next round tries again */
      });
  }

  function poll() {
    var rows = document.querySelectorAll("tr[data-report-status]");
    if (!rows.length || Date.now() - started > GIVE_UP_AFTER) {
      return;
    }
    Promise.all(Array.prototype.map.call(rows, update)).then(function () {
      delay = Math.min(Math.round(delay * 1.5), MAX_DELAY);
      window.setTimeout(poll, delay);
    });
  }

  window.setTimeout(poll, delay);
})();
