// The timeline (server/templates/_visual.html): vis-timeline, served from this server, draws the marks that the
// page holds as JSON — one row per source, each mark spanning what its date means (a point for a day, a bar for a
// month, a year or the bounds of an approximate date). A mark is a link to its claim; a click opens its details
// (the quote, the passage, the source) beside the timeline. Marks of sources that disagree are joined by dashed
// lines. Nothing is fetched from anywhere but this server.
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (content !== undefined && content !== null) element.textContent = content;
    return element;
  }

  function link(href, content, className) {
    var a = text("a", className, content);
    if (href) a.href = href;
    return a;
  }

  function shorten(label, size) {
    return label.length > size ? label.slice(0, size - 1) + "…" : label;
  }

  function dateText(mark) {
    var given = mark.value ? mark.value + " (" + mark.precision + ")" : "";
    if (mark.approximate) {
      var bounds = "between " + (mark.earliest || "?") + " and " + (mark.latest || "?");
      given = given ? given + ", " + bounds : bounds;
    }
    return mark.relation.label + ": " + given;
  }

  function sourceName(source) {
    var number = source.iri.replace(/\/$/, "").split("/").pop();
    return source.label.indexOf(number) >= 0 ? source.label : number + " · " + source.label;
  }

  function item(mark) {
    var point = mark.precision === "day" && !mark.approximate;
    var classes = ["family-" + mark.family, "precision-" + mark.precision, "mark-" + mark.id];
    if (mark.approximate) classes.push("approximate");
    if (!mark.start) classes.push("open-start");
    if (mark.disagreement) classes.push("disputed");
    var entry = {
      id: mark.id,
      group: mark.source ? mark.source.iri : "none",
      start: mark.start || mark.end,
      type: point || !mark.start ? "point" : "range",
      className: classes.join(" "),
      title: mark.subject.label + " — " + dateText(mark) + (mark.source ? " — per " + sourceName(mark.source) : ""),
      mark: mark
    };
    if (entry.type === "range") entry.end = mark.end;
    return entry;
  }

  function details(panel, mark, byId, select) {
    panel.innerHTML = "";
    var heading = text("h3");
    heading.appendChild(link(mark.subject.href, mark.subject.label, "subject-link"));
    panel.appendChild(heading);
    panel.appendChild(text("p", "kind", mark.kind.label));
    panel.appendChild(text("p", "date", dateText(mark)));
    if (mark.quote) {
      var quote = text("blockquote", "quote");
      quote.appendChild(text("q", null, mark.quote));
      if (mark.quote_href) {
        var footer = text("footer");
        footer.appendChild(link(mark.quote_href, "the passage in " + sourceName(mark.source), "quote-link"));
        quote.appendChild(footer);
      }
      panel.appendChild(quote);
    }
    var where = text("p", "where");
    if (mark.claim) {
      where.appendChild(link(mark.claim.href, "Open the claim", "claim-link"));
      where.appendChild(document.createTextNode(" · "));
    }
    if (mark.source) {
      where.appendChild(document.createTextNode("source: "));
      where.appendChild(link(mark.source.href, sourceName(mark.source), "source-link"));
    }
    panel.appendChild(where);
    if (mark.disagrees_with.length) {
      var disagreement = text("p", "disagreement");
      disagreement.appendChild(text("strong", null, "Sources disagree: "));
      mark.disagrees_with.forEach(function (id, index) {
        var other = byId[id];
        if (!other) return;
        var a = link("#", (other.source ? sourceName(other.source) : "") + " dates it " + (other.value || "between " + other.earliest + " and " + other.latest), "disagreeing-mark");
        a.dataset.mark = id;
        a.addEventListener("click", function (event) { event.preventDefault(); select(id); });
        if (index) disagreement.appendChild(document.createTextNode("; "));
        disagreement.appendChild(a);
      });
      panel.appendChild(disagreement);
    }
    var close = text("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "close");
    close.addEventListener("click", function () {
      panel.hidden = true;
      panel.parentNode.classList.remove("with-details");
    });
    panel.appendChild(close);
    panel.hidden = false;
  }

  // Dashed lines between the marks of sources that disagree, drawn over the timeline after each redraw.
  function drawDisagreements(container, marks, overlay) {
    overlay.innerHTML = "";
    var box = container.getBoundingClientRect();
    overlay.setAttribute("width", box.width);
    overlay.setAttribute("height", box.height);
    var drawn = {};
    marks.forEach(function (mark) {
      mark.disagrees_with.forEach(function (other) {
        var key = [mark.id, other].sort().join(" ");
        if (drawn[key]) return;
        drawn[key] = true;
        var a = container.querySelector(".vis-item.mark-" + mark.id);
        var b = container.querySelector(".vis-item.mark-" + other);
        if (!a || !b) return;
        var ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
        var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
        line.setAttribute("x1", ra.left + Math.min(ra.width, 12) / 2 - box.left);
        line.setAttribute("y1", ra.top + ra.height / 2 - box.top);
        line.setAttribute("x2", rb.left + Math.min(rb.width, 12) / 2 - box.left);
        line.setAttribute("y2", rb.top + rb.height / 2 - box.top);
        line.setAttribute("class", "disagreement-link");
        line.setAttribute("data-marks", key);
        overlay.appendChild(line);
      });
    });
  }

  function draw(container) {
    var data = JSON.parse(document.getElementById(container.dataset.timeline).textContent);
    var panel = document.getElementById(container.id + "-details");
    var byId = {};
    data.marks.forEach(function (mark) { byId[mark.id] = mark; });
    var used = {};
    data.marks.forEach(function (mark) { used[mark.source ? mark.source.iri : "none"] = true; });
    var groups = data.sources.filter(function (source) { return used[source.iri]; }).map(function (source, index) {
      return { id: source.iri, order: index, source: source };
    });
    var options = {
      stack: true,
      orientation: { axis: "both" },
      zoomMin: 3 * DAY,
      margin: { item: { horizontal: 2, vertical: 4 } },
      maxHeight: container.closest(".compact") ? 480 : undefined,
      showTooltips: true,
      groupOrder: "order",
      tooltip: { followMouse: true, overflowMethod: "cap" },
      groupTemplate: function (group) {
        if (!group || !group.source) return "";
        var number = group.source.iri.replace(/\/$/, "").split("/").pop();
        var a = link(group.source.href, null, "source-row");
        a.appendChild(text("strong", null, number));
        if (group.source.label.indexOf(number) < 0) a.appendChild(text("small", null, shorten(group.source.label, 30)));
        a.title = group.source.label;
        return a;
      },
      template: function (entry) {
        if (!entry || !entry.mark) return "";
        var mark = entry.mark;
        var a = link(mark.href, shorten(mark.subject.label, 44), "mark-link");
        a.dataset.mark = mark.id;
        return a;
      }
    };
    if (data.window && data.window.from) options.start = data.window.from;
    if (data.window && data.window.to) options.end = data.window.to;
    var items = new vis.DataSet(data.marks.map(item));
    var timeline = new vis.Timeline(container, items, new vis.DataSet(groups), options);

    var overlay = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    overlay.setAttribute("class", "disagreement-overlay");
    overlay.setAttribute("aria-hidden", "true");
    container.appendChild(overlay);
    var redraw = function () { drawDisagreements(container, data.marks, overlay); };
    timeline.on("changed", redraw);
    window.addEventListener("resize", redraw);

    // The window buttons: all years, or one year.
    var zoom = document.getElementById(container.id + "-zoom");
    if (zoom) {
      zoom.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-window]");
        if (!button) return;
        if (button.dataset.window === "all") { timeline.fit(); return; }
        var year = Number(button.dataset.window);
        timeline.setWindow(new Date(year, 0, 1), new Date(year + 1, 0, 1));
      });
    }

    function select(id) {
      var mark = byId[id];
      if (!mark) return;
      var group = mark.disagreement ? data.marks.filter(function (m) { return m.disagreement === mark.disagreement; }) : [mark];
      timeline.setSelection(group.map(function (m) { return m.id; }), { focus: group.length === 1 });
      details(panel, mark, byId, select);
      container.parentNode.classList.add("with-details");
      timeline.redraw();
    }
    // A click on a mark opens its details; with a modifier key (or the middle button), its link opens its claim.
    container.addEventListener("click", function (event) {
      var anchor = event.target.closest("a.mark-link");
      if (!anchor || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      select(anchor.dataset.mark);
    });
    timeline.on("click", function (properties) {  // a click on a bar beside its text
      var target = properties.event && properties.event.target;
      if (properties.item && !(target && target.closest && target.closest("a.mark-link"))) select(properties.item);
    });
    window.allianceKgTimelines = window.allianceKgTimelines || {};
    window.allianceKgTimelines[container.id] = { timeline: timeline, select: select, marks: data.marks };
  }

  document.querySelectorAll("[data-timeline]").forEach(draw);
})();
