/**
 * L2-regularised logistic regression with an offset, fitted by Newton's method (iteratively reweighted
 * least squares). TensorFlow.js (wasm backend) does the heavy part, Xᵀ·W·X over every training row; the
 * small system (one row and column per feature) is solved here by Cholesky. Newton converges in a handful
 * of steps to the exact optimum, so a fit is reproducible to the last digit, unlike a stochastic optimiser.
 *
 * The offset carries the prior's log-odds: with no data the model is the prior, and each weight is a
 * correction the data has to pay for against the penalty.
 */
import { loadTf, type Tf } from './tf.js';

export interface LogisticFit {
  /** Per column: mean and standard deviation used to standardise it. */
  means: number[];
  scales: number[];
  /** Weights on the standardised columns. */
  weights: number[];
  intercept: number;
  iterations: number;
}

export interface FitInput {
  /** Row-major, `rows x columns`. */
  x: Float64Array;
  rows: number;
  columns: number;
  y: Float64Array;
  offset: Float64Array;
  /** Penalty on the weights (not the intercept), in units of rows: the sum of squares times lambda / 2. */
  lambda: number;
  /** Start from these standardised weights (a previous fit on the same columns). */
  start?: { weights: number[]; intercept: number };
  maxIterations?: number;
}

export function standardisation(x: Float64Array, rows: number, columns: number) {
  const means = new Array<number>(columns).fill(0);
  const scales = new Array<number>(columns).fill(0);
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++) means[column]! += x[row * columns + column]!;
  for (let column = 0; column < columns; column++) means[column]! /= Math.max(1, rows);
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++) {
      const d = x[row * columns + column]! - means[column]!;
      scales[column]! += d * d;
    }
  for (let column = 0; column < columns; column++) {
    const sd = Math.sqrt(scales[column]! / Math.max(1, rows));
    // A column that never varies gets scale 1 and, with its penalty, a weight of zero.
    scales[column] = sd > 1e-9 ? sd : 1;
  }
  return { means, scales };
}

/** Solves A·x = b for a symmetric positive definite A (n x n, row-major). */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * z[k]!;
    z[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Fits the model; `standard` gives the column scaling (computed once and shared across penalties). */
export async function fitLogistic(
  input: FitInput,
  standard: { means: number[]; scales: number[] },
): Promise<LogisticFit> {
  const tf = await loadTf();
  const { rows, columns } = input;
  const width = columns + 1;
  // Standardised design with a leading column of ones for the intercept.
  const design = new Float32Array(rows * width);
  for (let row = 0; row < rows; row++) {
    design[row * width] = 1;
    for (let column = 0; column < columns; column++)
      design[row * width + column + 1] =
        (input.x[row * columns + column]! - standard.means[column]!) / standard.scales[column]!;
  }
  const beta = new Float64Array(width);
  if (input.start) {
    beta[0] = input.start.intercept;
    input.start.weights.forEach((weight, column) => (beta[column + 1] = weight));
  }
  const x = tf.tensor2d(design, [rows, width]);
  // Xᵀ kept as its own tensor: the backend multiplies a row-major Xᵀ·(W·X) about eight times faster
  // than it multiplies with a transposed operand.
  const xt = tf.transpose(x);
  const y = tf.tensor2d(Float32Array.from(input.y), [rows, 1]);
  const offset = tf.tensor2d(Float32Array.from(input.offset), [rows, 1]);
  let iterations = 0;
  try {
    const maxIterations = input.maxIterations ?? 15;
    while (iterations < maxIterations) {
      iterations += 1;
      const { gradient, hessian } = newtonTerms(tf, x, xt, y, offset, beta);
      for (let column = 1; column < width; column++) {
        gradient[column]! -= input.lambda * beta[column]!;
        hessian[column * width + column]! += input.lambda;
      }
      hessian[0]! += 1e-6;
      const step = choleskySolve(hessian, gradient, width);
      let largest = 0;
      for (let column = 0; column < width; column++) largest = Math.max(largest, Math.abs(step[column]!));
      // Damped: a step of more than one log-odds per standard deviation is shortened, so data that
      // (nearly) separates the outcomes cannot throw the weights to infinity.
      const scale = largest > 1 ? 1 / largest : 1;
      for (let column = 0; column < width; column++) beta[column]! += scale * step[column]!;
      // A thousandth of a log-odds per standard deviation: below what float32 products resolve, and
      // far below anything a score would show.
      if (largest < 1e-3) break;
    }
  } finally {
    tf.dispose([x, xt, y, offset]);
  }
  return {
    means: standard.means,
    scales: standard.scales,
    intercept: beta[0]!,
    weights: Array.from(beta.subarray(1)),
    iterations,
  };
}

/** The log-likelihood's gradient and negative Hessian at `beta`, computed in TensorFlow. */
function newtonTerms(
  tf: Tf,
  x: ReturnType<Tf['tensor2d']>,
  xt: ReturnType<Tf['tensor2d']>,
  y: ReturnType<Tf['tensor2d']>,
  offset: ReturnType<Tf['tensor2d']>,
  beta: Float64Array,
): { gradient: Float64Array; hessian: Float64Array } {
  const terms: { gradient: Float64Array; hessian: Float64Array } = {
    gradient: new Float64Array(0),
    hessian: new Float64Array(0),
  };
  const tensors = tf.tidy(() => {
    const b = tf.tensor2d(Float32Array.from(beta), [beta.length, 1]);
    const p = tf.sigmoid(tf.add(tf.matMul(x, b), offset));
    const w = tf.reshape(tf.mul(p, tf.sub(1, p)), [1, -1]);
    return {
      gradient: tf.matMul(xt, tf.sub(y, p)),
      hessian: tf.matMul(tf.mul(xt, w), x),
    };
  });
  try {
    terms.gradient = Float64Array.from(tensors.gradient.dataSync());
    terms.hessian = Float64Array.from(tensors.hessian.dataSync());
    return terms;
  } finally {
    tf.dispose([tensors.gradient, tensors.hessian]);
  }
}

/** The fitted log-odds of one row of raw columns, with its offset. */
export function linear(fit: LogisticFit, row: ArrayLike<number>, offset: number): number {
  let z = fit.intercept + offset;
  for (let column = 0; column < fit.weights.length; column++)
    z += (fit.weights[column]! * (row[column]! - fit.means[column]!)) / fit.scales[column]!;
  return z;
}
