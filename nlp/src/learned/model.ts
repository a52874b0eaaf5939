/**
 * A multinomial logistic regression over hashed n-gram features: small, fast (a few microseconds a
 * clause), deterministic, trained in-process in about a second a pass. It ranks intents where the rules
 * are unsure or silent; see `intents.ts` for how the two are combined.
 */
import { DIMENSIONS, featuresOf } from './features.js';

// Read once: a global looked up in a hot loop is slow where code runs in a vm context (jest).
const { exp, max, sqrt } = Math;

export interface Example {
  masked: string;
  label: string;
}

export interface Ranked {
  label: string;
  probability: number;
}

export class IntentModel {
  private constructor(
    readonly labels: string[],
    private readonly weights: Float32Array,
  ) {}

  /**
   * Trains by AdaGrad on the softmax loss with an L2 pull, the examples visited in a fixed shuffled
   * order: the same examples give the same model. With several `seeds`, one pass per seed (each its own
   * order), their weights averaged: a single order moved held-out accuracy by up to three points when one
   * training line changed, four averaged by under half a point.
   */
  static train(
    examples: Example[],
    options: { epochs?: number; rate?: number; l2?: number; seeds?: number[] } = {},
  ): IntentModel {
    const labels = [...new Set(examples.map((example) => example.label))].sort();
    const seeds = options.seeds ?? [12345];
    const sum = new Float32Array(DIMENSIONS * labels.length);
    for (const seed of seeds) {
      const one = IntentModel.trainOnce(examples, labels, seed, options);
      for (let cell = 0; cell < sum.length; cell++) sum[cell] = sum[cell]! + one[cell]! / seeds.length;
    }
    return new IntentModel(labels, sum);
  }

  private static trainOnce(
    examples: Example[],
    labels: string[],
    start: number,
    options: { epochs?: number; rate?: number; l2?: number },
  ): Float32Array {
    const k = labels.length;
    const weights = new Float32Array(DIMENSIONS * k);
    const squares = new Float32Array(DIMENSIONS * k).fill(1e-6);
    const rows = examples.map((example) => ({
      slots: featuresOf(example.masked),
      label: labels.indexOf(example.label),
    }));
    const order = rows.map((_, index) => index);
    let seed = start;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const { epochs = 30, rate = 0.5, l2 = 2e-3 } = options;
    const scores = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let index = order.length - 1; index > 0; index--) {
        const swap = Math.floor(random() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      for (const at of order) {
        const row = rows[at]!;
        softmax(weights, row.slots, k, scores);
        for (const slot of row.slots)
          for (let c = 0; c < k; c++) {
            const cell = slot * k + c;
            const gradient = scores[c]! - (c === row.label ? 1 : 0) + l2 * weights[cell]!;
            squares[cell] = squares[cell]! + gradient * gradient;
            weights[cell] = weights[cell]! - (rate * gradient) / sqrt(squares[cell]);
          }
      }
    }
    return weights;
  }

  /** The model as bytes: a little-endian length, a JSON header (labels, dimensions), the weights. */
  toBytes(): Uint8Array {
    const header = new TextEncoder().encode(JSON.stringify({ labels: this.labels, dimensions: DIMENSIONS }));
    const start = 4 + Math.ceil(header.length / 4) * 4;
    const out = new Uint8Array(start + this.weights.byteLength);
    new DataView(out.buffer).setUint32(0, header.length, true);
    out.set(header, 4);
    out.set(new Uint8Array(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength), start);
    return out;
  }

  /** A model from `toBytes()`; throws on bytes that are not one of this feature space. */
  static fromBytes(bytes: Uint8Array): IntentModel {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as {
      labels: string[];
      dimensions: number;
    };
    const start = 4 + Math.ceil(length / 4) * 4;
    const size = header.dimensions * header.labels.length * 4;
    if (header.dimensions !== DIMENSIONS || bytes.byteLength !== start + size)
      throw new Error('not a model of this feature space');
    // A copy: the file's bytes need not sit at a 4-byte boundary for a Float32Array to view them (and a
    // Buffer's slice is a view, not a copy).
    const copy = new Uint8Array(size);
    copy.set(bytes.subarray(start, start + size));
    const weights = new Float32Array(copy.buffer);
    return new IntentModel(header.labels, weights);
  }

  /** Every label with its probability for a masked clause, most likely first. */
  rank(masked: string): Ranked[] {
    const k = this.labels.length;
    const scores = new Float64Array(k);
    softmax(this.weights, featuresOf(masked), k, scores);
    return this.labels
      .map((label, index) => ({ label, probability: scores[index]! }))
      .sort((a, b) => b.probability - a.probability);
  }
}

function softmax(weights: Float32Array, slots: number[], k: number, out: Float64Array): void {
  out.fill(0);
  for (const slot of slots) for (let c = 0; c < k; c++) out[c] = out[c]! + weights[slot * k + c]!;
  let largest = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) largest = max(largest, out[c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = exp(out[c]! - largest);
    sum += out[c]!;
  }
  for (let c = 0; c < k; c++) out[c] = out[c]! / sum;
}
