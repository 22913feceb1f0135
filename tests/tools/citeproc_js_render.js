// Render a CSL-JSON file with citeproc-js using the same apa.csl and locales-en-US.xml as citeproc-py.
// The team's script (from ../shared/bench/), kept here so the oracle tests run from a clone.
// usage: node render.js items.json out.json [--formats text,html] [--cite]
const fs = require('fs');
const CSL = require('citeproc');
const path = require('path');
const t0 = process.hrtime.bigint();
const [,, itemsPath, outPath, ...rest] = process.argv;
const formats = (rest.includes('--formats') ? rest[rest.indexOf('--formats') + 1] : 'text,html').split(',');
const doCite = rest.includes('--cite');
const style = fs.readFileSync(process.env.CSL_STYLE || path.join(__dirname, "..", "corpus", "csl-styles", "apa.csl"), 'utf8');
const locale = fs.readFileSync(path.join(__dirname, '..', 'corpus', 'csl-styles', 'locales-en-US.xml'), 'utf8');
const items = JSON.parse(fs.readFileSync(itemsPath, 'utf8'));
const byId = {};
for (const it of items) byId[it.id] = it;
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId[id],
};
const ids = items.map(i => i.id);
const out = {processor: 'citeproc-js ' + CSL.PROCESSOR_VERSION, timings: {}, bib: {}};
const tLoad = process.hrtime.bigint();
out.timings.load_ms = Number(tLoad - t0) / 1e6;
for (const fmt of formats) {
  const ta = process.hrtime.bigint();
  const engine = new CSL.Engine(sys, style, 'en-US');
  engine.setOutputFormat(fmt);
  const tb = process.hrtime.bigint();
  engine.updateItems(ids);
  const tc = process.hrtime.bigint();
  const [params, entries] = engine.makeBibliography();
  const td = process.hrtime.bigint();
  out.bib[fmt] = {order: params.entry_ids.map(x => x[0]), entries: entries, bibstart: params.bibstart, bibend: params.bibend};
  out.timings[fmt] = {engine_ms: Number(tb - ta) / 1e6, update_ms: Number(tc - tb) / 1e6, makebib_ms: Number(td - tc) / 1e6, total_ms: Number(td - ta) / 1e6};
  if (doCite && fmt === 'text') {
    // in-text citations: each item alone, then some multi-item clusters
    const cites = {};
    for (const id of ids) {
      cites[id] = engine.makeCitationCluster([{id}]);
    }
    cites['__lee_all'] = engine.makeCitationCluster([{id: 'lee2020x'}, {id: 'lee2020y'}, {id: 'lee2018'}]);
    cites['__smith_p'] = engine.makeCitationCluster([{id: 'smith2019', locator: '12', label: 'page'}]);
    cites['__multi'] = engine.makeCitationCluster([{id: 'nguyen2018'}, {id: 'kahneman2011'}, {id: 'apa2020'}]);
    out.cites = cites;
  }
}
out.timings.process_ms = Number(process.hrtime.bigint() - t0) / 1e6;
out.timings.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
