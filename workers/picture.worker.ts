/** Picture worker: checks and decodes selfies, uploaded backgrounds and generated pictures (comlink). */
import { expose } from 'comlink';
import { createPictureApi } from '../src/workers/picture/pictureApi';

expose(createPictureApi());
