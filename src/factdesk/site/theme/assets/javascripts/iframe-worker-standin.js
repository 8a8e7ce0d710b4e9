/* Search on pages opened from the file system: the offline edition.

   Material runs search in a Web Worker, and browsers refuse to start a worker from a file://
   address. On such pages only, `Worker` is replaced by a stand-in that runs the worker's script
   in a hidden frame of the page and passes messages the same way. Material's offline plugin
   adds a script from another host unless a polyfill's address contains "iframe-worker", which
   this file's name does. */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  // Run inside the frame before the worker's script: the globals a worker has and a page lacks.
  // importScripts loads its scripts in order and returns a promise, which Material's worker awaits.
  var WORKER_GLOBALS = [
    "self.postMessage = function (data) { parent.postMessage(data, '*'); };",
    "self.importScripts = function () {",
    "  return Array.prototype.reduce.call(arguments, function (loaded, url) {",
    "    return loaded.then(function () {",
    "      return new Promise(function (resolve, reject) {",
    "        var script = document.createElement('script');",
    "        script.src = url; script.onload = resolve; script.onerror = reject;",
    "        document.body.appendChild(script);",
    "      });",
    "    });",
    "  }, Promise.resolve());",
    "};"
  ].join("\n");

  function FrameWorker(url) {
    var worker = new EventTarget();
    var frame = document.createElement("iframe");
    frame.hidden = true;
    document.body.appendChild(frame);
    var scope = frame.contentWindow;
    var source = new URL(String(url), location.href).href
      .replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

    function receive(event) {
      if (event.source !== scope) {
        return;
      }
      var message = new MessageEvent("message", { data: event.data });
      worker.dispatchEvent(message);
      if (typeof worker.onmessage === "function") {
        worker.onmessage(message);
      }
    }
    window.addEventListener("message", receive);

    scope.document.open();
    scope.document.write("<!doctype html><body><script>" + WORKER_GLOBALS + "<\/script>" +
      "<script src=\"" + source + "\"><\/script></body>");
    scope.document.close();
    var ready = new Promise(function (resolve) { scope.addEventListener("load", resolve); });

    worker.onmessage = null;
    worker.onerror = null;
    worker.postMessage = function (data) {
      ready.then(function () {
        scope.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
      });
    };
    worker.terminate = function () {
      window.removeEventListener("message", receive);
      frame.remove();
    };
    return worker;
  }

  window.Worker = FrameWorker;
})();
