/* Jangkau: a photo is made smaller on the phone before it is sent (a camera's 13 MB becomes a few
 * hundred kB): drawn on a canvas at most 1600 px on its long side, as JPEG at quality 0.8. The server
 * makes it smaller again and strips its location data (web/visits/uploads.py); this only saves the
 * upload on a slow network and keeps it under the server's limit. A PDF, or a phone that cannot do
 * it, sends the file as it is. Forms opt in with data-shrink-photos. */
(function (root) {
  "use strict";
  const LONG_SIDE = 1600;
  const QUALITY = 0.8;

  /* The smaller JPEG File for an image File, or the same File when it is small already or not an image. */
  async function shrink(file) {
    if (!file.type.startsWith("image/") || !root.createImageBitmap) return file;
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg" && file.size < 1024 * 1024) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" });
  }

  async function shrinkInputs(form) {
    for (const input of form.querySelectorAll("input[type=file]")) {
      if (!input.files || !input.files.length) continue;
      const files = new DataTransfer();
      for (const file of input.files) files.items.add(await shrink(file).catch(() => file));
      input.files = files.files;
    }
  }

  root.JangkauPhoto = { shrink };
  document.addEventListener("submit", async (e) => {
    const form = e.target;
    if (!form.matches("form[data-shrink-photos]") || form.dataset.shrunk === "1" || !root.DataTransfer) return;
    e.preventDefault();
    const button = e.submitter;
    if (button) button.disabled = true;
    try { await shrinkInputs(form); } catch (error) { /* send the files as they are */ }
    form.dataset.shrunk = "1";
    if (button) button.disabled = false;
    form.requestSubmit(button || undefined);
    delete form.dataset.shrunk;
  });
})(window);
