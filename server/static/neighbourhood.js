// The neighbourhood graph of an entity page (server/templates/_visual.html): Cytoscape.js, served from this
// server, draws the entity and the entities its claims link it to, with the relations' names; a node is a link to
// its page. The page holds the elements as JSON; the same links are listed below the picture.
(function () {
  "use strict";
  var COLOURS = {
    state: "#1f5fa8", person: "#b5446e", organisation: "#2e8b57", event: "#d9822b", document: "#7a5cb8",
    concept: "#3a9ea5", place: "#8c6d31", other: "#7a8699"
  };

  function draw(container) {
    var elements = JSON.parse(document.getElementById(container.dataset.graph).textContent);
    var nodes = elements.filter(function (e) { return !e.data.source; });
    var many = nodes.length > 25;
    // Neighbours come ranked (most relations first): rings of at most RING of them, the best-linked innermost.
    var RING = 18;
    nodes.forEach(function (e, index) { e.data.ring = e.data.center ? 0 : 1 + Math.floor((index - 1) / RING); });
    var cy = cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": many ? 9 : 11, "text-wrap": "wrap", "text-max-width": 110,
          "text-valign": "bottom", "text-margin-y": 4, "width": 18, "height": 18, "color": "#1d2430",
          "background-color": function (node) { return COLOURS[node.data("family")] || COLOURS.other; }
        } },
        { selector: "node[?center]", style: { "width": 34, "height": 34, "font-size": 13, "font-weight": "bold",
          "border-width": 3, "border-color": "#1d2430" } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": many ? 7 : 9, "color": "#5b6473", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1,
          "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.8, "width": 1.2,
          "line-color": "#b8c0cc", "target-arrow-color": "#b8c0cc"
        } },
        { selector: "node:active, node:selected", style: { "overlay-opacity": 0.15 } }
      ],
      layout: {
        name: "concentric", animate: false, minNodeSpacing: many ? 34 : 64, avoidOverlap: true,
        startAngle: 3 / 2 * Math.PI + 0.3,
        concentric: function (node) { return 100 - node.data("ring"); },
        levelWidth: function () { return 1; }
      }
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) window.location.assign(href);
    });
    cy.on("mouseover", "node", function () { container.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function () { container.style.cursor = ""; });
    window.allianceKgGraphs = window.allianceKgGraphs || {};
    window.allianceKgGraphs[container.id] = cy;
  }

  document.querySelectorAll("[data-graph]").forEach(draw);
})();
