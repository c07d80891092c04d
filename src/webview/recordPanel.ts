/**
 * The side panel: the picked record's raw fields, its embedding and its nearest neighbours.
 * Every value from the file goes in with `textContent`, so a field holding markup stays text.
 */
import type { ToWebview } from '../shared/protocol';
import { formatNumber } from './legend';

type RecordMessage = Extract<ToWebview, { type: 'record' }>;

/** What the panel asks of the rest of the view. */
export interface RecordPanelActions {
  openInEditor(view: number, index: number): void;
  selectNeighbour(view: number, index: number): void;
}

export class RecordPanel {
  private readonly heading = document.createElement('h2');
  private readonly openButton = document.createElement('button');
  private readonly fields = document.createElement('table');
  private readonly embedding = document.createElement('p');
  private readonly neighbours = document.createElement('ol');
  private shown?: RecordMessage;

  constructor(
    private readonly element: HTMLElement,
    actions: RecordPanelActions,
  ) {
    this.heading.textContent = 'Click a point to see its record';
    this.openButton.textContent = 'Open in editor';
    this.openButton.hidden = true;
    this.openButton.addEventListener('click', () => {
      if (this.shown) actions.openInEditor(this.shown.view, this.shown.index);
    });
    this.fields.className = 'record-fields';
    this.embedding.className = 'embedding';
    this.neighbours.className = 'neighbours';
    this.neighbours.addEventListener('click', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (item && this.shown) actions.selectNeighbour(this.shown.view, Number(item.dataset.index));
    });

    const neighboursHeading = document.createElement('h3');
    neighboursHeading.textContent = 'Nearest neighbours';
    element.append(
      this.heading,
      this.openButton,
      this.fields,
      this.embedding,
      neighboursHeading,
      this.neighbours,
    );
  }

  /** Shows a record the host sent. */
  show(message: RecordMessage): void {
    this.shown = message;
    this.heading.textContent = `Record ${message.record + 1}, line ${message.line}`;
    this.openButton.hidden = false;

    this.fields.replaceChildren(
      ...message.header.map((column, at) => row(column, message.fields[at] ?? '')),
    );
    const extra = message.fields.slice(message.header.length);
    extra.forEach((value, at) =>
      this.fields.appendChild(row(`(${message.header.length + at + 1})`, value)),
    );

    const values = Array.from(message.embedding, (value) => formatNumber(value));
    this.embedding.textContent = `Embedding: [${values.join(', ')}]`;

    this.neighbours.replaceChildren(
      ...message.neighbours.map((neighbour) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.dataset.index = String(neighbour.index);
        button.textContent =
          `record ${neighbour.record + 1}: ${neighbour.label || 'no label'}, ` +
          `distance ${formatNumber(neighbour.distance)}`;
        item.appendChild(button);
        return item;
      }),
    );
    this.element.dataset.record = String(message.record);
    window.dispatchEvent(new CustomEvent('siameseLens:record', { detail: message.record }));
  }

  /** Empties the panel, e.g. when new data replaces the shown points. */
  clear(): void {
    this.shown = undefined;
    this.heading.textContent = 'Click a point to see its record';
    this.openButton.hidden = true;
    this.fields.replaceChildren();
    this.embedding.textContent = '';
    this.neighbours.replaceChildren();
    delete this.element.dataset.record;
  }
}

function row(column: string, value: string): HTMLTableRowElement {
  const tableRow = document.createElement('tr');
  const name = document.createElement('th');
  name.textContent = column;
  const cell = document.createElement('td');
  cell.textContent = value;
  tableRow.append(name, cell);
  return tableRow;
}
