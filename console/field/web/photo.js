// A picture from the camera or the gallery, downscaled in the browser to one JPEG that fits a frame.
"use strict";

const PHOTO_MAX_CHARS = 48000;       // base64; with the text the frame stays well under the relay's 64 KiB
const PHOTO_MAX_SIDE = 1280;

function blobToBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Downscale a picture to a JPEG whose base64 fits PHOTO_MAX_CHARS (smaller side, then lower quality). */
async function shrinkPhoto(file) {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  for (;;) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.8, 0.65, 0.5, 0.4]) {
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
      const data = await blobToBase64(blob);
      if (data.length <= PHOTO_MAX_CHARS) return {data, width: canvas.width, height: canvas.height};
    }
    scale *= 0.7;
  }
}

/** Wire a file input to a preview image and a hint; `get()` is the current photo's base64 ("" for none). */
function photoPicker(input, preview, info) {
  let photo = "";
  input.addEventListener("change", async () => {
    const file = input.files[0];
    photo = "";
    preview.hidden = true;
    if (!file) return;
    info.textContent = "正在压缩照片…";
    try {
      const shrunk = await shrinkPhoto(file);
      photo = shrunk.data;
      preview.src = "data:image/jpeg;base64," + photo;
      preview.hidden = false;
      info.textContent = `${shrunk.width}×${shrunk.height},${Math.round(photo.length * 3 / 4 / 1024)} KB`;
    } catch (err) {
      info.textContent = "无法读取照片:" + err.message;
    }
  });
  return {
    get: () => photo,
    clear() { photo = ""; input.value = ""; preview.hidden = true; info.textContent = ""; },
  };
}
