// Crosswalk pages: no inline scripts (CSP script-src 'self'). htmx requests carry the CSRF token from the meta tags.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
// "Select all" checkbox of the synced list (bulk unlink).
document.addEventListener('change', function (event) {
  var all = event.target.closest('[data-select-all]');
  if (!all) { return; }
  document.querySelectorAll(all.getAttribute('data-select-all')).forEach(function (box) { box.checked = all.checked; });
});
// Move focus to a new unlink message so keyboard and screen-reader users land on it.
document.addEventListener('htmx:oobAfterSwap', function () {
  window.setTimeout(function () {
    var message = document.getElementById('unlink-message');
    if (message && message.classList.contains('alert')) { message.focus(); }
  }, 0);
});
// "Unlink selected": while the bulk request runs, each selected row says so; its own result replaces the note.
document.addEventListener('htmx:beforeRequest', function (event) {
  if (!event.detail.elt || event.detail.elt.id !== 'bulk-form') { return; }
  document.querySelectorAll('.row-select:checked').forEach(function (box) {
    var slot = document.getElementById('row-result-' + box.value);
    if (!slot) { return; }
    slot.className = 'row-result pending';
    slot.setAttribute('role', 'status');
    slot.innerHTML = '<span class="spinner" aria-hidden="true"></span> Unlinking…';
  });
});
// Confirmation before Unlink, bulk Unlink and Delete: a modal <dialog> (keyboard: focus starts on Cancel, Tab moves
// between the two buttons, Escape cancels). A form says what to confirm in data-confirm ("{n}": the rows selected)
// and names its button in data-confirm-action. htmx forms are held at htmx:confirm; plain forms at submit.
(function () {
  function ask(form, proceed) {
    var dialog = document.getElementById('confirm-dialog');
    if (!dialog || typeof dialog.showModal !== 'function') { proceed(); return; }
    var n = document.querySelectorAll('.row-select:checked').length;
    document.getElementById('confirm-message').textContent = form.getAttribute('data-confirm').replace('{n}', n);
    var ok = document.getElementById('confirm-ok');
    ok.textContent = form.getAttribute('data-confirm-action') || 'OK';
    dialog.returnValue = '';
    dialog.addEventListener('close', function done() {
      dialog.removeEventListener('close', done);
      if (dialog.returnValue === 'ok') { proceed(); }
    });
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  }
  document.addEventListener('htmx:confirm', function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest('form[data-confirm]') : null;
    if (!form) { return; }
    event.preventDefault();
    ask(form, function () { event.detail.issueRequest(true); });
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('form[data-confirm]') || form.hasAttribute('hx-post') || form.dataset.confirmed === 'yes') { return; }
    event.preventDefault();
    ask(form, function () { form.dataset.confirmed = 'yes'; form.submit(); });
  }, true);
})();
// "Download CSV": the same address as the list, asked for text/csv; saved under the list's name.
document.addEventListener('click', function (event) {
  var link = event.target.closest ? event.target.closest('a[data-csv]') : null;
  if (!link) { return; }
  event.preventDefault();
  fetch(link.href, { headers: { 'Accept': 'text/csv' }, credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.blob(); })
    .then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = link.getAttribute('data-filename') || 'list.csv';
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    })
    .catch(function (e) { link.textContent = 'Download CSV (failed: ' + e.message + ')'; });
});
// After a successful Unlink the row leaves the synced list: its counts go down by one with it.
document.addEventListener('htmx:afterRequest', function (event) {
  var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest('form[data-unlink]') : null;
  if (!form || !event.detail.successful) { return; }
  window.setTimeout(function () {
    var message = document.getElementById('unlink-message');
    if (!message || !message.classList.contains('alert-success')) { return; }
    ['#result-count span', '#count-synced'].forEach(function (selector) {
      var el = document.querySelector(selector);
      var n = el ? parseInt(el.textContent, 10) : NaN;
      if (!isNaN(n) && n > 0) { el.textContent = String(n - 1); }
    });
  }, 0);
});
