// The query page: YASGUI on this server's endpoint, the catalogue's examples as buttons, and links from result
// IRIs of the graph to this server's linked-data pages. Nothing is fetched from anywhere but this server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("query-config").textContent);
  var pageRoots = ["id/", "claim/", "doc/", "graph/", "ontology"];

  function prefixBlock() {
    return Object.keys(config.prefixes).map(function (name) {
      return "PREFIX " + name + ": <" + config.prefixes[name] + ">";
    }).join("\n");
  }

  function localHref(iri) {
    if (iri.indexOf(config.publicBase) !== 0) return null;
    var rest = iri.slice(config.publicBase.length);
    return pageRoots.some(function (root) { return rest.indexOf(root) === 0; }) ? config.root + "/" + rest : null;
  }

  // Autocompletion of prefixes and variables only: the class and property completers ask an outside service.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.value = prefixBlock() + "\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 20\n";

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    autofocus: false,
    copyEndpointOnNewTab: true,
    persistenceId: "alliance-kg-" + config.endpoint,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    populateFromUrl: true,
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" }
  });

  // A first visit opens on the flagship question; new tabs start from the prefixes (Yasqe.defaults.value).
  var first = yasgui.getTab();
  if (first && first.getQuery() === Yasgui.Yasqe.defaults.value) first.setQuery(config.query);

  function tabNamed(title) {
    var tabs = yasgui._tabs || {};
    for (var id in tabs) { if (tabs[id].getName() === title) return tabs[id]; }
    return null;
  }

  function openExample(button) {
    var title = button.dataset.title;
    var tab = tabNamed(title);
    if (tab) {
      yasgui.selectTabId(tab.getId());
      tab.setQuery(button.dataset.query);
    } else {
      tab = yasgui.addTab(true, { name: title, yasqe: { value: button.dataset.query } });
    }
    tab.setEndpoint(config.endpoint);
    tab.query();
    document.getElementById("yasgui").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  document.querySelectorAll(".examples button.example").forEach(function (button) {
    button.addEventListener("click", function () { openExample(button); });
  });

  // Result IRIs of the graph open their page on this server (YASR links them to the IRI itself).
  function relink(root) {
    root.querySelectorAll("a[href]").forEach(function (link) {
      var local = localHref(link.getAttribute("href"));
      if (local) {
        link.setAttribute("href", local);
        link.setAttribute("target", "_self");
        link.removeAttribute("rel");
      }
    });
  }
  var results = document.getElementById("yasgui");
  new MutationObserver(function () { relink(results); }).observe(results, { childList: true, subtree: true });
  window.allianceKgYasgui = yasgui;
})();
