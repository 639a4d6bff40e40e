// Jangkau: a signature drawn with a finger (or mouse, or pen) on a <canvas>, kept as a PNG data URL
// in a hidden field, so the form posts it like any other field (and an offline draft keeps it).
//   <div data-signature data-input="signature"> <canvas></canvas> <button data-signature-clear> </div>
// A box put into the page later (a form re-rendered in place, an htmx swap) is set up as it arrives.
(function () {
  "use strict";

  function setup(box) {
    if (box.dataset.signatureReady) return;
    box.dataset.signatureReady = "1";
    var canvas = box.querySelector("canvas");
    var input = document.getElementById(box.dataset.input);
    var clear = box.querySelector("[data-signature-clear]");
    if (!canvas || !input || !canvas.getContext) return;
    var ctx = canvas.getContext("2d");
    var drawing = null;  // the pointer id while a stroke is drawn
    var last = null;
    var cssWidth = 0, cssHeight = 0;

    function pen() {
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      ctx.fillStyle = "#111";
    }

    // The canvas's pixels follow its size on screen (sharp on a 2x phone); a resize redraws the
    // signature kept in the field.
    function fit() {
      var rect = canvas.getBoundingClientRect();
      if (!rect.width || !rect.height) return;
      if (rect.width === cssWidth && rect.height === cssHeight) return;
      cssWidth = rect.width;
      cssHeight = rect.height;
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      pen();
      restore();
    }

    function restore() {
      if (!input.value || input.value.indexOf("data:image/png;base64,") !== 0) return;
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0, cssWidth, cssHeight); };
      image.src = input.value;
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    function save() {
      input.value = canvas.toDataURL("image/png");
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.button > 0) return;
      event.preventDefault();
      fit();
      drawing = event.pointerId;
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
    });

    canvas.addEventListener("pointermove", function (event) {
      if (drawing !== event.pointerId) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (!events.length) events = [event];
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      for (var i = 0; i < events.length; i++) {
        last = point(events[i]);
        ctx.lineTo(last.x, last.y);
      }
      ctx.stroke();
    });

    function end(event) {
      if (drawing !== event.pointerId) return;
      drawing = null;
      save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, cssWidth, cssHeight);
        input.value = "";
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    if (window.ResizeObserver) {
      new ResizeObserver(fit).observe(canvas);  // also when a hidden section is shown
    } else {
      window.addEventListener("resize", fit);
    }
    fit();
  }

  function setupAll() {
    var boxes = document.querySelectorAll("[data-signature]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
  }

  setupAll();
  if (window.MutationObserver) {
    new MutationObserver(setupAll).observe(document.body, { childList: true, subtree: true });
  }
})();
