/* Preloaded into the service by benchmarks (`node --expose-gc -r bench/gc-on-signal.js`): SIGWINCH runs a full GC, so memory figures show what is retained, not garbage V8 has not collected yet. */
process.on('SIGWINCH', () => global.gc?.());
