// The review page: decisions on proposals, quote spans from a selection in the text, and Save.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="review-token"]').content;
  var text = document.getElementById("text");
  var status = document.getElementById("status");

  function claimItems() { return Array.prototype.slice.call(document.querySelectorAll("li.claim")); }
  function entityItems() { return Array.prototype.slice.call(document.querySelectorAll("li.entity")); }
  function choice(item) {
    var checked = item.querySelector('fieldset.review input[type="radio"]:checked');
    return checked ? checked.value : item.dataset.review;
  }

  // marks take the colour of their claims' decisions
  function paint() {
    var states = {};
    claimItems().forEach(function (li) { states[li.dataset.id] = choice(li); });
    Array.prototype.forEach.call(text.querySelectorAll("mark"), function (mark) {
      var ids = mark.dataset.claims.split(" ");
      var all = function (values) { return ids.every(function (id) { return values.indexOf(states[id]) >= 0; }); };
      mark.classList.toggle("accepted", all(["accept", "accepted"]));
      mark.classList.toggle("rejected", all(["reject", "rejected"]));
    });
  }
  document.addEventListener("change", function (event) {
    var li = event.target.closest("li.claim, li.entity");
    if (li && event.target.type === "radio") { li.dataset.review = event.target.value; paint(); }
  });

  // a passage leads to its claims
  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark");
    if (!mark || String(window.getSelection()).length) return;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    mark.classList.add("current");
    var first = null;
    mark.dataset.claims.split(" ").forEach(function (id) {
      var li = document.getElementById("claim-" + id);
      if (li) { li.classList.add("current"); first = first || li; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  });

  // the selected words of the text become a claim's quote: offsets counted in the text as stored
  function offset(node, within) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, within);
    return range.toString().length;
  }
  document.addEventListener("click", function (event) {
    if (!event.target.classList.contains("use-selection")) return;
    var li = event.target.closest("li.claim");
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed || !text.contains(selection.anchorNode) || !text.contains(selection.focusNode)) {
      show("select words in the text first", true);
      return;
    }
    var range = selection.getRangeAt(0);
    var start = offset(range.startContainer, range.startOffset);
    var end = offset(range.endContainer, range.endOffset);
    li.dataset.start = start;
    li.dataset.end = end;
    li.querySelector("blockquote.quote").textContent = text.textContent.slice(start, end);
    show("quote of " + li.dataset.id + " set to characters " + start + "–" + end, false);
  });

  document.getElementById("accept-confident").addEventListener("click", function () {
    var threshold = parseFloat(document.getElementById("threshold").value);
    if (isNaN(threshold)) { show("give a confidence between 0 and 1", true); return; }
    claimItems().forEach(function (li) {
      if (choice(li) === "pending" && parseFloat(li.dataset.confidence) >= threshold) {
        var radio = li.querySelector('input[value="accept"]');
        if (radio) { radio.checked = true; li.dataset.review = "accept"; }
      }
    });
    paint();
  });

  function value(li, selector) { var el = li.querySelector(selector); return el ? el.value : undefined; }
  function show(message, error) { status.textContent = message; status.className = error ? "error" : "ok"; }

  document.getElementById("save").addEventListener("click", function () {
    var curator = document.getElementById("curator").value.trim();
    if (!curator) { show("say who you are (curator) before saving", true); return; }
    var body = {
      curator: curator,
      claims: claimItems().filter(function (li) { return li.querySelector("fieldset.review"); }).map(function (li) {
        return {
          id: li.dataset.id, review: choice(li), subject: value(li, "input.subject"), relation: value(li, "select.relation"),
          object: value(li, "input.object"), modality: value(li, "select.modality"), qualifiers: value(li, "textarea.qualifiers"),
          start: parseInt(li.dataset.start, 10), end: parseInt(li.dataset.end, 10)
        };
      }),
      entities: entityItems().filter(function (li) { return li.querySelector("fieldset.review"); }).map(function (li) {
        return { id: li.dataset.id, review: choice(li), link: value(li, "input.link") };
      })
    };
    show("saving…", false);
    fetch("api/save", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { show("not saved:\n" + (result.data.problems || []).join("\n"), true); return; }
      show(result.data.message, false);
      setTimeout(function () { window.location.reload(); }, 800);
    }).catch(function (error) { show("not saved: " + error, true); });
  });

  paint();
})();
