// The review page: decisions on proposals, quote spans from a selection in the text, and Save.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="review-token"]').content;
  var text = document.getElementById("text");
  var status = document.getElementById("status");

  function claimItems() { return Array.prototype.slice.call(document.querySelectorAll("li.claim:not(.added)")); }
  function entityItems() { return Array.prototype.slice.call(document.querySelectorAll("li.entity:not(.added)")); }
  function addedItems(kind) { return Array.prototype.slice.call(document.querySelectorAll("#added li." + kind)); }
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
  function selectedSpan() {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed || !text.contains(selection.anchorNode) || !text.contains(selection.focusNode)) {
      show("select words in the text first", true);
      return null;
    }
    var range = selection.getRangeAt(0);
    return { start: offset(range.startContainer, range.startOffset), end: offset(range.endContainer, range.endOffset) };
  }
  function setQuote(li, span) {
    li.dataset.start = span.start;
    li.dataset.end = span.end;
    li.querySelector("blockquote.quote").textContent = text.textContent.slice(span.start, span.end);
  }
  document.addEventListener("click", function (event) {
    if (!event.target.classList.contains("use-selection")) return;
    var li = event.target.closest("li.claim");
    var span = selectedSpan();
    if (!span) return;
    setQuote(li, span);
    show("quote of " + li.dataset.id + " set to characters " + span.start + "–" + span.end, false);
  });

  // what the proposer missed: a claim on the selected words, an entity the registry lacks
  var added = document.getElementById("added");
  function addForm(templateId) {
    added.appendChild(document.getElementById(templateId).content.cloneNode(true));
    return added.lastElementChild;
  }
  document.getElementById("add-claim").addEventListener("click", function () {
    var span = selectedSpan();
    if (!span) return;
    var li = addForm("added-claim-form");
    setQuote(li, span);
    li.querySelector("input.subject").focus();
    show("a claim on characters " + span.start + "–" + span.end + ": fill in what it says", false);
  });
  document.getElementById("add-entity").addEventListener("click", function () {
    addForm("added-entity-form").querySelector("input.id").focus();
  });
  added.addEventListener("click", function (event) {
    if (event.target.classList.contains("remove")) event.target.closest("li").remove();
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
      }),
      added_claims: addedItems("claim").map(function (li) {
        return {
          subject: value(li, "input.subject"), relation: value(li, "select.relation"), object: value(li, "input.object"),
          modality: value(li, "select.modality"), qualifiers: value(li, "textarea.qualifiers"),
          start: parseInt(li.dataset.start, 10), end: parseInt(li.dataset.end, 10)
        };
      }),
      added_entities: addedItems("entity").map(function (li) {
        return { id: value(li, "input.id"), type: value(li, "select.type"), label: value(li, "input.label"), definition: value(li, "input.definition") };
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
      if (!result.ok && result.data.saved) {
        // the draft holds the additions now (marked accept): they are listed as claims after a reload, to fix there
        added.innerHTML = "";
        show("saved in the draft, not accepted:\n" + (result.data.problems || []).join("\n") + "\nreload the page to fix them", true);
        return;
      }
      if (!result.ok) { show("not saved:\n" + (result.data.problems || []).join("\n"), true); return; }
      show(result.data.message, false);
      setTimeout(function () { window.location.reload(); }, 800);
    }).catch(function (error) { show("not saved: " + error, true); });
  });

  paint();
})();
