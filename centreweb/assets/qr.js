// Reads a carte Déclic's QR code with the computer's camera, where the browser can
// (BarcodeDetector): the did:key it holds goes into the « Clé » field. Without it the
// field is typed, pasted or filled by a USB QR scanner, as before.
(function () {
  "use strict";
  var button = document.getElementById("scanner");
  var video = document.getElementById("camera");
  var field = document.getElementById("cle");
  if (!button || !video || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.hidden = false;
  var stream = null;
  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.hidden = true;
  }
  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      video.play();
      var tick = function () {
        if (!stream) {
          return;
        }
        detector.detect(video).then(function (codes) {
          var found = codes.map(function (c) { return c.rawValue; }).filter(function (v) { return v.indexOf("did:key:") === 0; });
          if (found.length > 0) {
            field.value = found[0];
            stop();
            field.focus();
          } else {
            window.setTimeout(tick, 250);
          }
        }, function () { window.setTimeout(tick, 500); });
      };
      tick();
    }, function () { stop(); });
  });
})();
