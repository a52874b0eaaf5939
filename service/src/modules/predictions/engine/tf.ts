/**
 * TensorFlow.js on its WebAssembly backend, loaded once per process on first use. The backend's .wasm
 * files ship inside the npm package and are read from node_modules: nothing is downloaded (tfjs-node
 * would fetch a native library at install time, which fails offline). The CPU backend stands in if the
 * wasm one cannot start.
 */
import type * as TfModule from '@tensorflow/tfjs';

export type Tf = typeof TfModule;

let loading: Promise<Tf> | null = null;

export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    try {
      if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
    } catch {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return tf;
  })();
  return loading;
}
