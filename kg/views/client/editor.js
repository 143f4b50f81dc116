// editor.js: YASGUI on this server's /sparql (see kg/views/editor.py). Our prefixes are known to the
// editor and to the results table, the example questions are one click away, and our instances' IRIs
// link to the graph view focused on them. window.kgEditor for tests; body[data-ready] once drawn.
(function () {
"use strict";
const config = JSON.parse(document.getElementById("kg-editor-config").textContent);
const Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;

// The editor's own parser marks an undeclared prefix as an error: start it with ours declared, as the
// server's parser does (a PREFIX line in the text still wins).
const sparql11 = Yasqe.modes.sparql11;
Yasqe.defineMode("sparql11", function (options, modeOptions) {
  const mode = sparql11(options, modeOptions), start = mode.startState;
  mode.startState = () => Object.assign(start(), { prefixes: Object.assign({}, config.prefixes) });
  return mode;
});
// Completing class and property names asks a server on the web (LOV): complete prefixes and variables only.
const completers = Yasqe.defaults.autocompleters;
completers.splice(0, completers.length, ...completers.filter((name) => name !== "class" && name !== "property"));

// An IRI of ours opens the graph view on that node instead of w3id.org.
const table = Yasr.plugins.table.prototype, uriLink = table.getUriLinkFromBinding;
function viewHref(iri) {
  const id = encodeURIComponent(iri.slice(config.instances.length)).replace(/%2F/g, "/")
    .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return config.view + "?focus=" + id;
}
table.getUriLinkFromBinding = function (binding, prefixes) {
  const html = uriLink.call(this, binding, prefixes);
  return binding.value.startsWith(config.instances) ? html.replace(/href=("|')[^"']*\1/, `href="${viewHref(binding.value)}"`) : html;
};

const yasgui = new Yasgui(document.getElementById("kg-yasgui"), {
  requestConfig: { endpoint: config.endpoint },
  endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }], keys: [] },
  // /sparql?query=… opens a tab with the query and runs it; a link never sends it to another endpoint
  populateFromUrl: (tab) => Object.assign(tab, { requestConfig: Object.assign(tab.requestConfig, { endpoint: config.endpoint }) }),
  yasqe: { value: config.examples[0].query },
  yasr: { prefixes: config.prefixes },
});
// tabs kept in the browser's storage from a server on another port ask this one
yasgui.persistentConfig.getTabs().forEach((id) => yasgui.getTab(id).setEndpoint(config.endpoint));

function run(query) {
  const tab = yasgui.getTab();
  tab.setQuery(query);
  return tab.query();
}
const list = document.getElementById("kg-examples");
config.examples.forEach((example) => {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = example.title;
  button.title = example.query;
  button.addEventListener("click", () => run(example.query).catch(() => {}));
  list.appendChild(document.createElement("li")).appendChild(button);
});

window.kgEditor = { yasgui, run, viewHref };
document.body.dataset.ready = "1";
})();
