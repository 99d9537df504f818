// Reference fields (core/forms.py PickerInput): <input data-picker-url="/pickers/<key>/">
// becomes a Tom Select that asks the server for the user's records matching the typed
// name, code or pinyin initials (core/pickers.py), in the page and in HTML htmx swaps in.
// Without this script the input stays a text box and the code is typed.
(function () {
  "use strict";

  // An ID number never travels in a URL (issue 12; the server refuses one): such a
  // text is not sent as a search.
  var ID_NUMBER = /^\d{6}(\d{8}|\d{9}[\dXx]?)$/;

  // Tom Select renders from HTML text; it hands each render function its escaper.
  function message(text) {
    return function (data, escape) {
      return '<div class="no-results">' + escape(text) + "</div>";
    };
  }

  function loader(url) {
    return function (query, callback) {
      var picker = this;
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (options) {
          // The server has matched (pinyin initials included): keep only its answer
          // besides the chosen items, each marked with the text it answers (see score).
          picker.clearOptions();
          options.forEach(function (option) {
            option.query = query;
            if (picker.options[option.value]) {
              picker.options[option.value].query = query; // a chosen item, kept
            }
          });
          callback(options);
        })
        .catch(function () {
          callback();
        });
    };
  }

  function setUp(input) {
    if (input.tomselect || !window.TomSelect) {
      return;
    }
    var multiple = input.getAttribute("data-picker-multiple") === "true";
    var current = JSON.parse(input.getAttribute("data-picker-options") || "[]");
    new window.TomSelect(input, {
      options: current,
      items: current.map(function (option) {
        return option.value;
      }),
      maxItems: multiple ? null : 1,
      delimiter: ",",
      create: false,
      preload: "focus",
      loadThrottle: 250,
      maxOptions: 50,
      // The server matches (names, codes, pinyin initials): an option is shown for the
      // text it was found by, never filtered again here, and the previous text's options
      // are not offered (nor chosen by Enter) while the new answer is on its way.
      score: function (query) {
        return function (option) {
          return option.query === query || (query === "" && option.query === undefined) ? 1 : 0;
        };
      },
      shouldLoad: function (query) {
        return !ID_NUMBER.test(query.trim());
      },
      load: loader(input.getAttribute("data-picker-url")),
      plugins: multiple ? { remove_button: { title: "移除" } } : {},
      render: {
        no_results: message("未找到匹配的记录"),
        loading: message("正在查找…"),
      },
    });
  }

  function setUpAll(root) {
    var inputs = root.querySelectorAll ? root.querySelectorAll("input[data-picker-url]") : [];
    Array.prototype.forEach.call(inputs, setUp);
  }

  if (window.htmx) {
    window.htmx.onLoad(setUpAll); // the page, then every swapped fragment
  } else {
    setUpAll(document);
  }
})();
