// Every second, fetch this page again and swap in its live part: the server renders and escapes
// everything, so the page looks the same with JavaScript off, only older.
(function () {
  var PERIOD = 1000;
  var liveness = document.getElementById('liveness');
  liveness.textContent = 'Live: updates every second.';
  function refresh() {
    fetch(window.location.pathname, { cache: 'no-store', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var next = page.getElementById('live');
        if (next) {
          document.getElementById('live').replaceWith(document.adoptNode(next));
          document.title = page.title;
        }
        liveness.textContent = 'Live: updates every second.';
        liveness.className = '';
      })
      .catch(function (error) {
        liveness.textContent = 'Cannot reach the sidecar (' + error.message + '); retrying.';
        liveness.className = 'bad';
      })
      .then(function () { window.setTimeout(refresh, PERIOD); });
  }
  window.setTimeout(refresh, PERIOD);
})();
