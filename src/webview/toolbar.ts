/** The bar above the scenes: colouring, the filter box, the selection and its export. */
import type { ColourBy } from '../shared/protocol';

export interface ToolbarActions {
  colourBy(colourBy: ColourBy): void;
  filter(query: string): void;
  exportSelection(): void;
  clearSelection(): void;
  /** Keeps the selection (or the picked point) as exemplars of a new fault class. */
  addClass(): void;
}

/** Value of the colour menu for each colouring; columns are `column:<name>`. */
function optionValue(colourBy: ColourBy): string {
  return colourBy.kind === 'column' ? `column:${colourBy.name}` : colourBy.kind;
}

function parseOption(value: string): ColourBy {
  if (value.startsWith('column:')) return { kind: 'column', name: value.slice('column:'.length) };
  if (value === 'predicted' || value === 'novelty') return { kind: value };
  return { kind: 'label' };
}

export class Toolbar {
  private readonly colourMenu = document.createElement('select');
  private readonly filterBox = document.createElement('input');
  private readonly status = document.createElement('span');
  private readonly selectionCount = document.createElement('span');
  private readonly exportButton = document.createElement('button');
  private readonly clearButton = document.createElement('button');
  private readonly addClassButton = document.createElement('button');
  private selectionSize = 0;
  private picked = false;

  constructor(element: HTMLElement, actions: ToolbarActions) {
    const colourLabel = document.createElement('label');
    colourLabel.textContent = 'Colour by ';
    colourLabel.appendChild(this.colourMenu);
    this.colourMenu.addEventListener('change', () =>
      actions.colourBy(parseOption(this.colourMenu.value)),
    );

    this.filterBox.type = 'search';
    this.filterBox.placeholder = 'Filter: dos, service=http, src_bytes>1000';
    this.filterBox.setAttribute('aria-label', 'Filter points');
    this.filterBox.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') actions.filter(this.filterBox.value.trim());
    });
    this.filterBox.addEventListener('search', () => actions.filter(this.filterBox.value.trim()));

    this.status.className = 'status';
    this.selectionCount.className = 'selection-count';
    this.exportButton.textContent = 'Export selection as CSV';
    this.exportButton.addEventListener('click', () => actions.exportSelection());
    this.clearButton.textContent = 'Clear selection';
    this.clearButton.addEventListener('click', () => actions.clearSelection());
    this.addClassButton.textContent = 'Add as new fault class';
    this.addClassButton.title = 'Keep these records as examples of a new state, without retraining';
    this.addClassButton.addEventListener('click', () => actions.addClass());
    this.setSelectionCount(0);

    element.append(
      colourLabel,
      this.filterBox,
      this.status,
      this.selectionCount,
      this.exportButton,
      this.clearButton,
      this.addClassButton,
    );
  }

  /** Offers the colourings the data has, and each column of the source file. */
  setChoices(
    columns: string[],
    hasPredicted: boolean,
    hasNovelty: boolean,
    current: ColourBy,
  ): void {
    const options: [string, string][] = [['label', 'label']];
    if (hasPredicted) options.push(['predicted', 'predicted class']);
    if (hasNovelty) options.push(['novelty', 'novelty']);
    for (const column of columns) options.push([`column:${column}`, `column ${column}`]);

    this.colourMenu.replaceChildren(
      ...options.map(([value, text]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = text;
        return option;
      }),
    );
    this.colourMenu.value = optionValue(current);
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  setSelectionCount(count: number): void {
    this.selectionCount.textContent = `${count.toLocaleString()} selected (shift-drag to select)`;
    this.exportButton.disabled = count === 0;
    this.clearButton.disabled = count === 0;
    this.selectionSize = count;
    this.updateAddClass();
  }

  /** Whether a point is picked: a single record can found a new fault class too. */
  setPicked(picked: boolean): void {
    this.picked = picked;
    this.updateAddClass();
  }

  private updateAddClass(): void {
    this.addClassButton.disabled = this.selectionSize === 0 && !this.picked;
  }
}
