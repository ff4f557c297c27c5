// Progressive enhancement only: the page works without this script.
// Adds a "copy link" button to each paragraph anchor in the document view.
document.addEventListener("DOMContentLoaded", () => {
  for (const anchor of document.querySelectorAll(".para > a.anchor")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Sao chép liên kết";
    button.addEventListener("click", async () => {
      const url = new URL(anchor.getAttribute("href"), window.location.href).href;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = "Đã sao chép";
      } catch {
        window.prompt("Liên kết:", url);
      }
    });
    anchor.after(button);
  }
});
