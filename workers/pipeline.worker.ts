/** Pipeline worker: the streaming WebCodecs path (demux, decode, composite, encode, mux), over comlink. */
import { expose } from 'comlink';
import { createFastApi } from '../src/media/fast/fastApi';

expose(createFastApi());
