/** Media worker: ffmpeg.wasm (composite, mux) and container probing, exposed over comlink. */
import { expose } from 'comlink';
import { createMediaApi } from '../src/workers/media/mediaApi';

expose(createMediaApi());
