/** Matte worker: MediaPipe person segmentation, exposed over comlink. */
import { expose } from 'comlink';
import { createMatteApi } from '../src/workers/matte/matteApi';

expose(createMatteApi());
