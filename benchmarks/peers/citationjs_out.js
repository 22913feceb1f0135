#!/usr/bin/env node
// Peer: citation-js writing what the shared citationjs_convert.js does not: RIS, and the APA
// bibliography as HTML.  Reads a RIS file, writes to stdout.
// usage: NODE_PATH=$PEERS/node/node_modules node citationjs_out.js ris|apa-html FILE.ris
'use strict';
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const [kind, file] = process.argv.slice(2);
if (!['ris', 'apa-html'].includes(kind) || !file) {
  process.stderr.write('usage: citationjs_out.js ris|apa-html FILE.ris\n');
  process.exit(2);
}
const cite = new Cite(fs.readFileSync(file, 'utf8'), { forceType: '@ris/file' });
// 'apa' is the APA 7 style bundled with plugin-csl, as in the shared script's text output.
const out = kind === 'ris'
  ? cite.format('ris')
  : cite.format('bibliography', { format: 'html', template: 'apa', lang: 'en-US' });
process.stdout.write(out.endsWith('\n') ? out : out + '\n');
