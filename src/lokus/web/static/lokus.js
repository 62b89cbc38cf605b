// lokus web: progressive enhancement only (every page works without it). No inline scripts (CSP).
document.addEventListener("htmx:xhr:progress", function (evt) {
  var bar = document.getElementById("upload-progress");
  if (!bar || !evt.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((evt.detail.loaded / evt.detail.total) * 100);
});
document.addEventListener("htmx:beforeRequest", function (evt) {
  if (evt.detail.elt && evt.detail.elt.id === "upload-form") {
    var note = document.getElementById("upload-sending");
    if (note) note.hidden = false;
  }
});
document.addEventListener("htmx:afterRequest", function (evt) {
  if (evt.detail.elt && evt.detail.elt.id === "upload-form") {
    var note = document.getElementById("upload-sending");
    if (note) note.hidden = true;
    var bar = document.getElementById("upload-progress");
    if (bar) bar.hidden = true;
  }
});
// Show server error pages (4xx) returned to htmx requests instead of silently dropping them.
document.addEventListener("htmx:beforeSwap", function (evt) {
  if (evt.detail.xhr.status >= 400 && evt.detail.xhr.status < 500) {
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
  }
});
