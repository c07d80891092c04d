// Draws loss curves on a canvas, one panel per model: each loss has its own scale, so the panels
// share the epoch axis only. The report calls `window.drawLossPanels(panels)` and photographs it.
(function () {
  const PANEL = { width: 360, height: 260 };
  const LEGEND_HEIGHT = 24;
  const MARGIN = { left: 58, right: 14, top: 34, bottom: 42 };
  const SERIES = [
    { key: 'training', colour: '#1f77b4', dash: [] },
    { key: 'validation', colour: '#d62728', dash: [6, 4] },
  ];

  function niceRange(values) {
    const finite = values.filter(Number.isFinite);
    let low = Math.min(...finite);
    let high = Math.max(...finite);
    if (!(high > low)) {
      low -= 0.5;
      high += 0.5;
    }
    const pad = (high - low) * 0.08;
    // A loss that cannot go below 0 gets no negative axis.
    return { low: low >= 0 ? Math.max(0, low - pad) : low - pad, high: high + pad };
  }

  function drawAxes(context, area, range, epochs) {
    context.strokeStyle = '#888888';
    context.fillStyle = '#333333';
    context.lineWidth = 1;
    context.strokeRect(area.x, area.y, area.width, area.height);
    context.font = '12px sans-serif';

    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (let tick = 0; tick <= 4; tick++) {
      const value = range.low + ((range.high - range.low) * tick) / 4;
      const y = area.y + area.height - (area.height * tick) / 4;
      context.fillText(value.toPrecision(3), area.x - 6, y);
    }

    context.textAlign = 'center';
    context.textBaseline = 'top';
    const step = Math.max(1, Math.ceil(epochs / 10));
    for (let epoch = 1; epoch <= epochs; epoch += step) {
      const x =
        area.x + (epochs === 1 ? area.width / 2 : ((epoch - 1) * area.width) / (epochs - 1));
      context.fillText(String(epoch), x, area.y + area.height + 6);
    }
    context.fillText('epoch', area.x + area.width / 2, area.y + area.height + 22);
  }

  function drawSeries(context, area, range, values, style) {
    const epochs = values.length;
    context.strokeStyle = style.colour;
    context.setLineDash(style.dash);
    context.lineWidth = 2;
    context.beginPath();
    values.forEach((value, at) => {
      if (!Number.isFinite(value)) return;
      const x = area.x + (epochs === 1 ? area.width / 2 : (at * area.width) / (epochs - 1));
      const y = area.y + area.height * (1 - (value - range.low) / (range.high - range.low));
      if (at === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
    context.setLineDash([]);
  }

  function drawPanel(context, panel, left) {
    const area = {
      x: left + MARGIN.left,
      y: MARGIN.top,
      width: PANEL.width - MARGIN.left - MARGIN.right,
      height: PANEL.height - MARGIN.top - MARGIN.bottom,
    };
    const range = niceRange([...panel.training, ...panel.validation]);
    context.fillStyle = '#111111';
    context.font = 'bold 14px sans-serif';
    context.textAlign = 'left';
    context.textBaseline = 'alphabetic';
    context.fillText(panel.title, area.x, MARGIN.top - 12);

    drawAxes(context, area, range, panel.training.length);
    SERIES.forEach((style) => drawSeries(context, area, range, panel[style.key], style));
  }

  function drawLegend(context, width, y) {
    context.font = '12px sans-serif';
    context.textBaseline = 'middle';
    context.textAlign = 'left';
    let x = width - 250;
    for (const style of SERIES) {
      context.strokeStyle = style.colour;
      context.setLineDash(style.dash);
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + 28, y);
      context.stroke();
      context.setLineDash([]);
      context.fillStyle = '#333333';
      context.fillText(`${style.key} loss`, x + 34, y);
      x += 125;
    }
  }

  window.drawLossPanels = (panels) => {
    const canvas = document.getElementById('plot');
    canvas.width = PANEL.width * panels.length;
    canvas.height = PANEL.height + LEGEND_HEIGHT;
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    panels.forEach((panel, at) => drawPanel(context, panel, at * PANEL.width));
    drawLegend(context, canvas.width, PANEL.height + LEGEND_HEIGHT / 2);
  };
})();
