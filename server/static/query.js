// The query page: YASGUI on this server's endpoint, the catalogue's examples as buttons, links from result IRIs of
// the graph to this server's linked-data pages, autocompletion from this server's vocabulary, and a chart of the
// results. Nothing is fetched from anywhere but this server.
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

  // Autocompletion from this server's own vocabulary (/api/completions): YASQE's class and property completers ask
  // an outside service (Linked Open Vocabularies) and its prefix completer knows prefix.cc's list, so each is
  // forked to ask this server instead — the ontology's classes and properties, those the graph uses, the
  // registry's entities by label, and the ontology's prefixes.
  function completions(kind, field) {
    return function (yasqe, token) {
      var text = token ? (token.autocompletionString || token.string || "") : "";
      if (!text.trim()) return Promise.resolve([]);
      var url = config.root + "/api/completions?" + new URLSearchParams({ q: text, kind: kind }).toString();
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { completions: [] }; })
        .then(function (answer) { return answer.completions.map(function (c) { return c[field]; }); })
        .catch(function () { return []; });
    };
  }
  var ENTITY_PREFIXES = ["id:", "domain:", "doc:", "claim:", "graph:"];
  Yasgui.Yasqe.forkAutocompleter("prefixes", { name: "akg-prefixes", get: completions("prefix", "text"), bulk: false, persistenceId: null }, false);
  // Shown as one types (autoShow): the answers come from this server, not from a service across the internet. A
  // completion starts once the token is an IRI or a prefixed name begun (`<…`, `akg:…`): started on a bare word
  // (the keyword `a`), it would keep offering the wrong kind of term as the word grows into `akg:cov`.
  function onceBegun(completer) {
    var valid = Yasgui.Yasqe.Autocompleters[completer].isValidCompletionPosition;
    return function (yasqe) { return /^(<|[A-Za-z][\w.-]*:)/.test(yasqe.getCompleteToken().string) && valid(yasqe); };
  }
  Yasgui.Yasqe.forkAutocompleter("property", {
    name: "akg-property", get: completions("property", "iri"), autoShow: true, isValidCompletionPosition: onceBegun("property")
  }, false);
  Yasgui.Yasqe.forkAutocompleter("class", {
    name: "akg-class", get: completions("class", "iri"), autoShow: true, isValidCompletionPosition: onceBegun("class")
  }, false);
  Yasgui.Yasqe.forkAutocompleter("property", {
    name: "akg-entity",
    autoShow: true,
    get: completions("entity", "text"),  // prefixed names, escaped as SPARQL needs (id:event\/scc-2023-01)
    isValidCompletionPosition: function (yasqe) {
      var token = yasqe.getCompleteToken();
      return ENTITY_PREFIXES.some(function (prefix) { return token.string.indexOf(prefix) === 0 && token.string.length > prefix.length; });
    },
    preProcessToken: function (yasqe, token) { token.autocompletionString = token.string; return token; },
    postProcessSuggestion: function (yasqe, token, suggestion) { return suggestion; }
  }, false);
  Yasgui.Yasqe.defaults.autocompleters = ["akg-prefixes", "variables", "akg-entity", "akg-property", "akg-class"];
  // Charts of SELECT results with Chart.js from this server (server/static/query-chart.js).
  Yasgui.Yasr.registerPlugin("chart", window.AllianceKgChartPlugin);
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
