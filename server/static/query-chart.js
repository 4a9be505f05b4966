// A YASR plugin that charts SELECT results with Chart.js, served from this server (YASGUI's own chart plugin loads
// Google Charts from Google: not used). One column gives the labels, one or more numeric columns the values, and an
// optional column splits them into series (stacked bars, lines or a pie). Without a numeric column, it counts rows.
// Dates stay at their precision: "1960", "2023-01" and "2023-01-11" are labels, sorted in time order.
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMBERS = ["integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"].map(function (name) { return XSD + name; });
  var DATES = ["date", "dateTime", "gYear", "gYearMonth"].map(function (name) { return XSD + name; });
  var PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#b5446e", "#7a5cb8", "#3a9ea5", "#8c6d31", "#d0342c", "#5b6473", "#9c5fb5"];
  var COUNT = "(number of rows)";

  function isNumber(binding) { return binding && binding.type !== "uri" && NUMBERS.indexOf(binding.datatype) >= 0; }
  function isDate(binding) { return binding && DATES.indexOf(binding.datatype) >= 0; }

  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.label = "Chart";
    this.priority = 5;
    this.settings = {};
  }

  ChartPlugin.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!(results && results.getVariables && results.getVariables().length && results.getBindings && results.getBindings());
  };

  ChartPlugin.prototype.getIcon = function () {
    var icon = document.createElement("div");
    icon.innerHTML = '<svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true"><rect x="1" y="8" width="3" height="7"/><rect x="6" y="4" width="3" height="11"/><rect x="11" y="1" width="3" height="14"/></svg>';
    return icon.firstChild;
  };

  ChartPlugin.prototype.shorten = function (binding) {
    if (!binding) return "";
    if (binding.type === "uri") {
      var prefixes = this.yasr.config.prefixes || {};
      var best = null;
      Object.keys(prefixes).forEach(function (name) {
        var ns = prefixes[name];
        if (binding.value.indexOf(ns) === 0 && (!best || ns.length > prefixes[best].length)) best = name;
      });
      return best ? best + ":" + binding.value.slice(prefixes[best].length) : binding.value;
    }
    return binding.value;
  };

  // The columns' kinds, and the columns to chart when the reader has not chosen: labels from the first column that
  // is not a number, values from the first numeric column, series from a second non-numeric column if any.
  ChartPlugin.prototype.defaults = function (variables, bindings) {
    var numeric = variables.filter(function (v) {
      var seen = bindings.filter(function (b) { return b[v]; });
      return seen.length && seen.every(function (b) { return isNumber(b[v]); });
    });
    var others = variables.filter(function (v) { return numeric.indexOf(v) < 0; });
    return {
      numeric: numeric,
      x: others[0] || variables[0],
      y: numeric[0] || COUNT,
      series: others.length > 1 && numeric.length <= 1 ? others[1] : "",
      type: "bar"
    };
  };

  ChartPlugin.prototype.data = function (bindings, settings) {
    var self = this;
    var labels = [], seriesNames = [], values = {}, dated = false;
    bindings.forEach(function (b) {
      var label = self.shorten(b[settings.x]);
      if (isDate(b[settings.x])) dated = true;
      var series = settings.series ? self.shorten(b[settings.series]) : settings.y;
      if (labels.indexOf(label) < 0) labels.push(label);
      if (seriesNames.indexOf(series) < 0) seriesNames.push(series);
      var value = settings.y === COUNT ? 1 : Number(b[settings.y] ? b[settings.y].value : NaN);
      if (isNaN(value)) return;
      var key = series + "\u0000" + label;
      values[key] = (values[key] || 0) + value;
    });
    if (dated) labels.sort();  // ISO dates of any precision sort in time order as text
    var pie = settings.type === "pie";
    return {
      labels: labels,
      datasets: seriesNames.map(function (series, index) {
        return {
          label: series,
          data: labels.map(function (label) { return values[series + "\u0000" + label] || 0; }),
          backgroundColor: pie ? labels.map(function (_, i) { return PALETTE[i % PALETTE.length]; }) : PALETTE[index % PALETTE.length],
          borderColor: pie ? "#ffffff" : PALETTE[index % PALETTE.length],
          fill: false
        };
      })
    };
  };

  ChartPlugin.prototype.control = function (name, label, options, selected) {
    var wrapper = document.createElement("label");
    wrapper.appendChild(document.createTextNode(label + " "));
    var select = document.createElement("select");
    select.name = name;
    options.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option[0];
      element.textContent = option[1];
      if (option[0] === selected) element.selected = true;
      select.appendChild(element);
    });
    wrapper.appendChild(select);
    return wrapper;
  };

  ChartPlugin.prototype.draw = function () {
    var self = this;
    var variables = this.yasr.results.getVariables();
    var bindings = this.yasr.results.getBindings();
    var defaults = this.defaults(variables, bindings);
    var settings = {};
    ["x", "y", "series", "type"].forEach(function (key) {
      var kept = self.settings[key];
      var valid = kept !== undefined && (key === "type" || kept === "" || kept === COUNT || variables.indexOf(kept) >= 0);
      settings[key] = valid ? kept : defaults[key];
    });

    var root = document.createElement("div");
    root.className = "akg-chart";
    var controls = document.createElement("form");
    controls.className = "akg-chart-controls";
    var columns = variables.map(function (v) { return [v, "?" + v]; });
    controls.appendChild(this.control("type", "Chart", [["bar", "bars"], ["line", "lines"], ["pie", "pie"]], settings.type));
    controls.appendChild(this.control("x", "labels from", columns, settings.x));
    controls.appendChild(this.control("y", "values from", [[COUNT, COUNT]].concat(defaults.numeric.map(function (v) { return [v, "?" + v]; })), settings.y));
    controls.appendChild(this.control("series", "series from", [["", "(one series)"]].concat(columns), settings.series));
    controls.addEventListener("change", function (event) {
      self.settings[event.target.name] = event.target.value;
      self.yasr.resultsEl.innerHTML = "";
      self.draw();
    });
    root.appendChild(controls);
    var box = document.createElement("div");
    box.className = "akg-chart-canvas";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "chart of the results");
    box.appendChild(canvas);
    root.appendChild(box);
    this.yasr.resultsEl.appendChild(root);
    if (this.chart) this.chart.destroy();
    var stacked = settings.type === "bar" && !!settings.series;
    this.chart = new Chart(canvas, {
      type: settings.type,
      data: this.data(bindings, settings),
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: settings.type === "pie" || !!settings.series } },
        scales: settings.type === "pie" ? {} : {
          x: { stacked: stacked, title: { display: true, text: "?" + settings.x } },
          y: { stacked: stacked, beginAtZero: true, title: { display: true, text: settings.y === COUNT ? COUNT : "?" + settings.y } }
        }
      }
    });
    canvas.dataset.settings = JSON.stringify(settings);
  };

  ChartPlugin.prototype.destroy = function () {
    if (this.chart) { this.chart.destroy(); this.chart = null; }
  };

  window.AllianceKgChartPlugin = ChartPlugin;
})();
