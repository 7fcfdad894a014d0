/** Pipeline worker: the streaming WebCodecs path (demux, decode, composite, encode, mux), over comlink. */
import { expose } from 'comlink';
import { createWebCodecsApi } from '../src/workers/webcodecs/webcodecsApi';

expose(createWebCodecsApi());
