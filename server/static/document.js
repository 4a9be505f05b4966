// Clicking a highlighted passage lists the claims it supports, with links to each claim's page.
(function () {
  "use strict";
  var popup = null;
  function close() { if (popup) { popup.remove(); popup = null; } }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("#text mark") : null;
    if (!mark) { if (popup && !popup.contains(event.target)) close(); return; }
    close();
    popup = document.createElement("div");
    popup.className = "claim-popup";
    popup.setAttribute("role", "dialog");
    var heading = document.createElement("strong");
    heading.textContent = "This passage supports:";
    var list = document.createElement("ul");
    mark.dataset.claims.split(" ").forEach(function (number) {
      var item = document.getElementById("claim-" + number);
      var link = item && item.querySelector(".claim-link");
      if (!link) return;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = link.textContent;
      var statement = item.querySelector(".statement");
      li.appendChild(a);
      if (statement) { li.appendChild(document.createTextNode(": " + statement.textContent.replace(/\s+/g, " ").trim())); }
      list.appendChild(li);
    });
    popup.appendChild(heading);
    popup.appendChild(list);
    document.body.appendChild(popup);
    var box = mark.getBoundingClientRect();
    popup.style.left = Math.max(8, window.scrollX + box.left) + "px";
    popup.style.top = (window.scrollY + box.bottom + 6) + "px";
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
})();
