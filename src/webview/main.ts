import * as THREE from 'three';

document.body.dataset.three = THREE.REVISION;
