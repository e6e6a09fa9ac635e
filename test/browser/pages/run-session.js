// Runs the shared session (test/packaging/session.cjs, loaded before as a classic script) with
// the script-tag build's global `gluonWasm`, without calling ready(): the module is small enough
// for Chromium to compile synchronously on the main thread.
(function () {
  try {
    const result = window.gluonSession.runSession(window.gluonWasm);
    result.globalKeys = Object.keys(window.gluonWasm).sort();
    window.result = result;
    document.getElementById('out').textContent = result.text;
  } catch (err) {
    window.result = { error: String((err && err.stack) || err) };
  }
})();
