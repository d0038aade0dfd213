// Reference stage outputs for checking a converted trunk: runs the original TensorFlow.js model (npm
// @tensorflow/tfjs, CPU) on a float32 NHWC input in [0, 1] and writes each named layer's output (NHWC float32).
// Usage: NODE_PATH=<dir with node_modules> node tfjs-stages.js EXTRACTED_DIR INPUT.f32 SIZE LAYER[,LAYER...] OUT_PREFIX
// EXTRACTED_DIR holds model.json and weights.bin from extract-tfjs.js. Development check only (see README).
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [dir, inputFile, sizeText, layers, outPrefix] = process.argv.slice(2);
  if (!outPrefix) {
    console.error('usage: node tfjs-stages.js EXTRACTED_DIR INPUT.f32 SIZE LAYERS OUT_PREFIX');
    process.exit(2);
  }
  await tf.setBackend('cpu');
  const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [].concat(...model.weightsManifest.map(g => g.weights));
  const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const full = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs, weightData }));
  const names = layers.split(',');
  const sub = tf.model({ inputs: full.inputs, outputs: names.map(n => full.getLayer(n).output) });
  const size = Number(sizeText);
  const raw = fs.readFileSync(inputFile);
  const input = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const x = tf.tensor4d(input, [input.length / (size * size * 3), size, size, 3]);
  let outs = sub.predict(x);
  if (!Array.isArray(outs)) outs = [outs];
  for (let i = 0; i < names.length; i++) {
    const data = await outs[i].data();
    fs.writeFileSync(outPrefix + names[i] + '.f32', Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    console.log(names[i] + ' ' + outs[i].shape.join('x'));
  }
}
main().catch(e => { console.error(e); process.exit(1); });
