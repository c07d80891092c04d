/** Small alpha textures that give square GL points a round shape. */
import * as THREE from 'three';

const SIZE = 32;

/**
 * A white sprite whose alpha is 1 between `inner` and `outer` (radii as shares of the half
 * size) and 0 elsewhere; with `alphaTest` the zero part is not drawn.
 */
function ringTexture(inner: number, outer: number): THREE.DataTexture {
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  const half = SIZE / 2;

  for (let row = 0; row < SIZE; row++) {
    for (let column = 0; column < SIZE; column++) {
      const radius = Math.hypot(column + 0.5 - half, row + 0.5 - half) / half;
      const at = (row * SIZE + column) * 4;
      pixels.fill(255, at, at + 3);
      pixels[at + 3] = radius >= inner && radius <= outer ? 255 : 0;
    }
  }

  const texture = new THREE.DataTexture(pixels, SIZE, SIZE, THREE.RGBAFormat);
  texture.magFilter = THREE.LinearFilter;
  texture.needsUpdate = true;
  return texture;
}

/** A filled disc. */
export function discTexture(): THREE.DataTexture {
  return ringTexture(0, 1);
}

/** A ring, to mark the picked point without covering its colour. */
export function ringMarkerTexture(): THREE.DataTexture {
  return ringTexture(0.6, 1);
}
