// Reads a TensorFlow.js layers model shipped as CommonJS modules (nsfwjs: model.min.js exports the model JSON,
// each group1-shard*.min.js exports the base64 text of one weight shard) and writes, into OUT_DIR:
//   model.json   the model JSON (modelTopology + weightsManifest)
//   weights.bin  the shards decoded and concatenated in manifest order (the buffer the manifest describes)
// Usage: node extract-tfjs.js MODEL_DIR OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');

function fail(message) {
  console.error('extract-tfjs: ' + message);
  process.exit(2);
}

if (process.argv.length !== 4) fail('usage: node extract-tfjs.js MODEL_DIR OUT_DIR');
const modelDir = path.resolve(process.argv[2]);
const outDir = path.resolve(process.argv[3]);
const modelFile = path.join(modelDir, 'model.min.js');
if (!fs.existsSync(modelFile)) fail('no model.min.js in ' + modelDir);

let model = require(modelFile);
if (typeof model === 'string') model = JSON.parse(model);
if (!model.modelTopology || !Array.isArray(model.weightsManifest)) {
  fail(modelFile + ' is not a TensorFlow.js model (no modelTopology/weightsManifest)');
}
const buffers = [];
for (const group of model.weightsManifest) {
  for (const p of group.paths) {
    // The manifest names the shard as it was before packaging ("group1-shard1of2"); the package ships ".min.js".
    const shardFile = path.join(modelDir, path.basename(p).replace(/\.bin$/, '') + '.min.js');
    if (!fs.existsSync(shardFile)) fail('weight shard missing: ' + shardFile);
    const text = require(shardFile);
    if (typeof text !== 'string') fail(shardFile + ' does not export base64 text');
    buffers.push(Buffer.from(text, 'base64'));
  }
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(model));
const all = Buffer.concat(buffers);
fs.writeFileSync(path.join(outDir, 'weights.bin'), all);
console.log('extract-tfjs: ' + model.weightsManifest.reduce((n, g) => n + g.weights.length, 0) + ' weights, '
  + all.length + ' bytes -> ' + outDir);
