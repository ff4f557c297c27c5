// Progressive enhancement only: the page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // A "copy link" button per paragraph of a document, shown on hover or focus (CSS).
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

  // On a phone the filters sit above the results, folded until asked for.
  const filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 800px)").matches) {
    filters.open = false;
  }

  // "/" anywhere but in a text field goes to the search box.
  const box = document.getElementById("q");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || !box) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
});
