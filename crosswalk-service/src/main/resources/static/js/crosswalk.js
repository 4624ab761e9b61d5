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
