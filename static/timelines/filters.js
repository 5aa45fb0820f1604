/* Filters apply without a full reload where scripts run: the form's GET is fetched
   with X-Partial: 1, the server answers with the results fragment only, and the
   address bar gets the same URL a plain submit would have produced, so every view
   stays shareable. Without scripts the form is an ordinary GET form. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live]");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.history.pushState) return;
  var controller = null;

  function urlFromForm() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value === "" || (name === "mode" && value === "stacked")) return;
      params.append(name, value);
    });
    var query = params.toString();
    return form.getAttribute("action").split("?")[0] + (query ? "?" + query : "");
  }

  function afterSwap() {
    var feed = results.querySelector("[data-feed-url]");
    var link = document.querySelector("link[data-feed-link]");
    if (feed && link && feed.getAttribute("data-feed-url")) link.href = feed.getAttribute("data-feed-url");
    // The language switch returns to the page as it is now, filters included (the
    // path alone past the bound the server keeps too: templatetags MAX_RETURN).
    var next = document.querySelector('form.lang input[name="next"]');
    var here = window.location.pathname + window.location.search;
    if (next) next.value = here.length <= 1000 ? here : window.location.pathname;
  }

  function load(url, push) {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { "X-Partial": "1" }, credentials: "same-origin", signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        if (push) window.history.pushState({ partial: true }, "", url);
        afterSwap();
        document.dispatchEvent(new CustomEvent("results:updated", { detail: { url: url } }));
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.assign(url); // a full load still works
      })
      .finally(function () { results.removeAttribute("aria-busy"); });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name !== "q") load(urlFromForm(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFromForm(), true);
  });
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-partial]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    load(link.href, true).then(function () { results.scrollIntoView({ block: "start" }); });
  });
  // Back and forward: reload, so the form shows the filters of that address too.
  window.addEventListener("popstate", function () { window.location.reload(); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.data-table").forEach(function (d) { d.open = true; });
  });
})();
