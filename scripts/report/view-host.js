/* global fetch */
// Stands in for the extension host while the report photographs the cluster view: when the view
// says it is ready, it fetches the scenes the report prepared and shows them.
(function () {
  const typed = {
    positions: Float32Array,
    labels: Int32Array,
    predicted: Int32Array,
    novel: Uint8Array,
    records: Int32Array,
  };

  async function showScenes() {
    const response = await fetch('/report/views.json');
    const views = await response.json();
    for (const view of views) {
      for (const [key, Type] of Object.entries(typed)) {
        if (view[key] !== undefined) view[key] = Type.from(view[key]);
      }
    }
    window.postMessage({ type: 'show', views }, '*');
  }

  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      if (message.type === 'ready') setTimeout(showScenes, 0);
    },
    getState: () => state,
    setState: (next) => {
      state = next;
    },
  });
})();
