/* global URLSearchParams */
// Stands in for the extension host: hands the cluster view synthetic points (?points=N) and
// answers its requests at once, so that the benchmark measures the view alone.
(function () {
  const params = new URLSearchParams(window.location.search);
  const count = Number(params.get('points') || 100000);
  const classNames = ['normal', 'dos', 'probe', 'r2l', 'u2r'];
  const header = ['duration', 'protocol_type', 'service', 'src_bytes', 'attack'];
  const timings = { showPosted: 0 };
  window.__benchTimings = timings;

  // A small linear congruential generator: the same points on every run.
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

  function syntheticView() {
    const positions = new Float32Array(count * 3);
    const labels = new Int32Array(count);
    const records = new Int32Array(count);
    const centres = classNames.map(() => [
      0.2 + 0.6 * random(),
      0.2 + 0.6 * random(),
      0.2 + 0.6 * random(),
    ]);
    for (let i = 0; i < count; i++) {
      const label = i % classNames.length;
      labels[i] = label;
      records[i] = i;
      for (let axis = 0; axis < 3; axis++) {
        const value = centres[label][axis] + 0.06 * gaussian();
        positions[i * 3 + axis] = Math.min(1, Math.max(0, value));
      }
    }
    return {
      title: `Synthetic ${count.toLocaleString()} points`,
      count,
      positions,
      axisNames: ['e1', 'e2', 'e3'],
      labels,
      labelNames: classNames,
      records,
      columns: header,
      loss: [],
      validationLoss: [],
      metrics: {},
    };
  }

  function answer(message) {
    window.postMessage(message, '*');
  }

  function handle(message) {
    if (message.type === 'ready') {
      const view = syntheticView();
      timings.showPosted = performance.now();
      answer({ type: 'show', views: [view] });
    } else if (message.type === 'pickRecord') {
      const record = message.index;
      answer({
        type: 'record',
        view: message.view,
        index: message.index,
        record,
        line: record + 2,
        header,
        fields: ['0', 'tcp', 'http', String(record * 7), classNames[record % classNames.length]],
        embedding: new Float32Array([0.1, 0.2, 0.3]),
        neighbours: [],
      });
    }
  }

  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => setTimeout(() => handle(message), 0),
    getState: () => state,
    setState: (next) => {
      state = next;
    },
  });
})();
