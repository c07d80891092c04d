import * as assert from 'assert';

import {
  isFromWebview,
  isSavedViewState,
  isToWebview,
  MAX_TEXT_LENGTH,
  MAX_VIEWS,
} from '../../src/shared/protocol';

describe('cluster view protocol', () => {
  describe('isFromWebview', () => {
    it('accepts each well-formed message', () => {
      const messages = [
        { type: 'ready' },
        { type: 'pickRecord', view: 0, index: 12 },
        { type: 'openRecord', view: MAX_VIEWS - 1, index: 0 },
        { type: 'requestColumn', view: 1, name: 'src_bytes' },
        { type: 'filter', view: 0, query: 'service=http dos' },
        { type: 'filter', view: 0, query: '' },
        { type: 'exportSelection', view: 2, indices: new Uint32Array([1, 5, 9]) },
      ];
      for (const message of messages) assert.ok(isFromWebview(message), JSON.stringify(message));
    });

    it('rejects values that are not messages', () => {
      for (const value of [null, undefined, 7, 'ready', [], {}, { type: 'show' }]) {
        assert.strictEqual(isFromWebview(value), false, String(value));
      }
    });

    it('rejects indexes that are negative, fractional, not numbers, or views past the last', () => {
      const bad = [
        { type: 'pickRecord', view: 0, index: -1 },
        { type: 'pickRecord', view: 0, index: 1.5 },
        { type: 'pickRecord', view: 0, index: '3' },
        { type: 'pickRecord', view: 0, index: NaN },
        { type: 'openRecord', view: MAX_VIEWS, index: 0 },
        { type: 'openRecord', index: 0 },
      ];
      for (const message of bad) assert.strictEqual(isFromWebview(message), false);
    });

    it('rejects texts that are too long or empty column names', () => {
      const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
      assert.strictEqual(isFromWebview({ type: 'filter', view: 0, query: long }), false);
      assert.strictEqual(isFromWebview({ type: 'requestColumn', view: 0, name: '' }), false);
      assert.strictEqual(isFromWebview({ type: 'requestColumn', view: 0, name: 5 }), false);
    });

    it('requires a selection as a Uint32Array, not a JSON array or another typed array', () => {
      for (const indices of [[1, 2], new Int32Array([1, 2]), new Float32Array([1])]) {
        assert.strictEqual(isFromWebview({ type: 'exportSelection', view: 0, indices }), false);
      }
    });
  });

  describe('isToWebview', () => {
    it('accepts host message types and rejects others', () => {
      assert.ok(isToWebview({ type: 'show', views: [] }));
      assert.ok(isToWebview({ type: 'notice', view: 0, message: 'x' }));
      assert.strictEqual(isToWebview({ type: 'pickRecord', view: 0, index: 0 }), false);
      assert.strictEqual(isToWebview('show'), false);
    });
  });

  describe('isSavedViewState', () => {
    const camera = { position: [2, 1, 2], target: [0.5, 0.5, 0.5], up: [0, 1, 0], zoom: 1 };

    it('accepts an empty state and a full one', () => {
      assert.ok(isSavedViewState({}));
      assert.ok(
        isSavedViewState({
          restore: { modelDir: '/m', csv: ['/a.csv', '/b.csv'], views: 2, live: false },
          camera,
          colourBy: { kind: 'column', name: 'src_bytes' },
        }),
      );
    });

    it('rejects a camera with missing or non-finite numbers', () => {
      assert.strictEqual(isSavedViewState({ camera: { ...camera, zoom: 0 } }), false);
      assert.strictEqual(isSavedViewState({ camera: { ...camera, up: [0, 1] } }), false);
      assert.strictEqual(
        isSavedViewState({ camera: { ...camera, position: [Infinity, 0, 0] } }),
        false,
      );
    });

    it('rejects unknown colourings and restore values that are objects', () => {
      assert.strictEqual(isSavedViewState({ colourBy: { kind: 'rainbow' } }), false);
      assert.strictEqual(isSavedViewState({ restore: { nested: { a: 1 } } }), false);
      assert.strictEqual(isSavedViewState(null), false);
    });
  });
});
