#!/usr/bin/env node
// Runs a TensorFlow.js graph model exactly as TF.js itself runs it (pure-JS CPU backend, no native
// code), on raw input tensors, and writes the raw outputs: the reference that TfjsReferenceIT holds
// gradstream's ONNX conversion against.
//
// Usage: node reference.js MODEL_DIR IN.f32 OUT.f32 [IN.f32 OUT.f32 ...]
//   MODEL_DIR  folder holding model.json and its weight shards
//   IN.f32     one input tensor, float32 little-endian, in the model's own (NHWC) shape, batch 1
//   OUT.f32    where the model's single output goes, float32 little-endian
// Prints one JSON line per input: {"input", "output", "shape", "millis"}.
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function die(message) {
  process.stderr.write(`tfjs-reference: ${message}\n`);
  process.exit(2);
}

// The weight shards are one byte stream split into files; TF.js wants it whole.
function readModel(dir) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [];
  const shards = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return { modelJson, artifacts: { modelTopology: modelJson.modelTopology, weightSpecs, weightData } };
}

function inputShape(modelJson) {
  const inputs = Object.values(modelJson.signature.inputs);
  if (inputs.length !== 1) die(`expected one model input, found ${inputs.length}`);
  return inputs[0].tensorShape.dim.map((d) => Number(d.size));
}

async function main() {
  const [modelDir, ...pairs] = process.argv.slice(2);
  if (!modelDir || pairs.length === 0 || pairs.length % 2 !== 0) {
    die('usage: node reference.js MODEL_DIR IN.f32 OUT.f32 [IN.f32 OUT.f32 ...]');
  }
  // The CPU backend is plain JavaScript: the same numbers on every machine, nothing to compile.
  await tf.setBackend('cpu');
  const { modelJson, artifacts } = readModel(modelDir);
  const model = await tf.loadGraphModel({ load: async () => artifacts });
  const shape = inputShape(modelJson);
  const size = shape.reduce((a, b) => a * b, 1);

  for (let i = 0; i < pairs.length; i += 2) {
    const [inFile, outFile] = [pairs[i], pairs[i + 1]];
    const bytes = fs.readFileSync(inFile);
    if (bytes.length !== size * 4) {
      die(`${inFile}: ${bytes.length} bytes, expected ${size * 4} (float32 ${JSON.stringify(shape)})`);
    }
    // Copy into an aligned Float32Array: a Buffer's offset into its pool need not be a multiple of 4.
    const values = new Float32Array(size);
    Buffer.from(values.buffer).set(bytes);
    const started = Date.now();
    const output = tf.tidy(() => model.execute(tf.tensor(values, shape, 'float32')));
    const data = await output.data();
    const millis = Date.now() - started;
    fs.writeFileSync(outFile, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    process.stdout.write(JSON.stringify({ input: inFile, output: outFile, shape: output.shape, millis }) + '\n');
    output.dispose();
  }
}

main().catch((e) => die(e && e.stack ? e.stack : String(e)));
