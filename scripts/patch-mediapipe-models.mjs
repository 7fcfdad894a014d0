#!/usr/bin/env node
// Attach TFLite model metadata to MediaPipe's segmentation models so that
// @mediapipe/tasks-vision's ImageSegmenter accepts them.
//
// The npm package @mediapipe/selfie_segmentation (Apache-2.0) ships
// selfie_segmentation.tflite (input 1x256x256x3 float32) and
// selfie_segmentation_landscape.tflite (input 1x144x256x3 float32), both with
// no metadata. The Tasks ImageSegmenter refuses a float32 image input without
// NormalizationOptions metadata. This script builds a ModelMetadata flatbuffer
// (file identifier "M001") describing the input as an RGB image normalised by
// (x - 0) / 255, i.e. fed as 0..1 floats like the legacy solution does, and
// attaches it to the model as a new buffer plus a Metadata entry named
// "TFLITE_METADATA".
//
// The npm package @mediapipe/pose (Apache-2.0) ships pose_landmark_lite.tflite
// (input 1x256x256x3 float32, five outputs: landmarks, pose flag, a 1x256x256x1
// segmentation as logits, heatmap, world landmarks). For it the same rewrite also
// replaces the subgraph with a copy whose outputs are the pose flag (tensor
// "Identity_1", 1x1: how sure the model is that a person fills the crop) and
// then the segmentation (tensor "Identity_2"). The ImageSegmenter reads a
// model with two outputs as [quality score, mask]: the mask comes back as its
// one confidence mask and the pose flag as its quality score. The unused
// landmark heads simply are not read.
//
// How the model is rewritten: flatbuffer uoffsets may only point forward, so
// the new root Model table, the new `buffers` vector and the new `metadata`
// vector are written BEFORE an unchanged copy of the old model bytes. The old
// bytes are embedded at a 16-byte aligned position of the output (as the
// payload of a ubyte vector, which the flatbuffers Builder lays out at the end
// of the buffer) so every offset and alignment inside them stays valid. The
// new root table points into the old blob for every field it does not replace
// (version, operator_codes, subgraphs, description, metadata_buffer,
// signature_defs).
//
// Field slots (declaration order, from the schemas):
//   tensorflow/compiler/mlir/lite/schema/schema.fbs (same as tensorflow/lite/schema):
//     Model: 0 version:uint, 1 operator_codes, 2 subgraphs, 3 description,
//            4 buffers:[Buffer], 5 metadata_buffer:[int], 6 metadata:[Metadata],
//            7 signature_defs
//     Buffer: 0 data:[ubyte] (force_align: 16), 1 offset:ulong, 2 size:ulong
//     Metadata: 0 name:string, 1 buffer:uint
//     SubGraph: 0 tensors, 1 inputs:[int], 2 outputs:[int], 3 operators, 4 name,
//               5 debug_metadata_index:int
//     Tensor: 0 shape, 1 type, 2 buffer, 3 name:string, ...
//   tensorflow_lite_support/metadata/metadata_schema.fbs (file_identifier "M001"):
//     ModelMetadata: 0 name, 1 description, 2 version, 3 subgraph_metadata,
//                    4 author, 5 license, 6 associated_files, 7 min_parser_version
//     SubGraphMetadata: 0 name, 1 description, 2 input_tensor_metadata,
//                       3 output_tensor_metadata, ...
//     TensorMetadata: 0 name, 1 description, 2 dimension_names, 3 content,
//                     4 process_units, 5 stats, 6 associated_files
//     Content: 0 content_properties_type (union type byte), 1 content_properties,
//              2 range
//     union ContentProperties: 1 FeatureProperties, 2 ImageProperties,
//                              3 BoundingBoxProperties
//     ImageProperties: 0 color_space:ColorSpaceType(byte; RGB = 1, GRAYSCALE = 2),
//                      1 default_size:ImageSize
//     ImageSize: 0 width:uint, 1 height:uint
//     ProcessUnit: 0 options_type (union type byte), 1 options
//     union ProcessUnitOptions: 1 NormalizationOptions
//     NormalizationOptions: 0 mean:[float], 1 std:[float]
//
// Usage: node scripts/patch-mediapipe-models.mjs <outDir>
//   writes <outDir>/selfie_square.tflite, <outDir>/selfie_landscape.tflite,
//   <outDir>/pose_segmenter_lite.tflite and a LICENSE file beside each package's models

import { Builder, ByteBuffer } from 'flatbuffers';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
const METADATA_NAME = 'TFLITE_METADATA';

// tflite::Model field slots.
const MODEL = {
  version: 0,
  operator_codes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadata_buffer: 5,
  metadata: 6,
  signature_defs: 7,
};
const MODEL_FIELD_COUNT = 8;

// tflite::SubGraph field slots; all but debug_metadata_index are offsets.
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4, debug_metadata_index: 5 };
const SUBGRAPH_FIELD_COUNT = 6;
const TENSOR_NAME = 3;

// Metadata schema enum values.
const CONTENT_PROPERTIES_IMAGE = 2; // ContentProperties.ImageProperties
const COLOR_SPACE_RGB = 1; // ColorSpaceType.RGB
const COLOR_SPACE_GRAYSCALE = 2; // ColorSpaceType.GRAYSCALE
const PROCESS_UNIT_NORMALIZATION = 1; // ProcessUnitOptions.NormalizationOptions

/** Byte offset of field `slot` inside the table at `tablePos`, or 0 if absent. */
function fieldOffset(bb, tablePos, slot) {
  return bb.__offset(tablePos, 4 + 2 * slot);
}

/** Number of field slots in the vtable of the table at `tablePos`. */
function vtableFieldCount(bb, tablePos) {
  const vtablePos = tablePos - bb.readInt32(tablePos);
  return (bb.readUint16(vtablePos) - 4) / 2;
}

/** Absolute position of the object an offset field points to. */
function derefField(bb, tablePos, slot) {
  const o = fieldOffset(bb, tablePos, slot);
  return o ? bb.__indirect(tablePos + o) : 0;
}

/** Absolute positions of the tables in a vector of tables (vector at vecPos). */
function tableVector(bb, vecPos) {
  if (!vecPos) return [];
  const n = bb.readUint32(vecPos);
  const out = [];
  for (let i = 0; i < n; i++) {
    const elem = vecPos + 4 + 4 * i;
    out.push(elem + bb.readUint32(elem));
  }
  return out;
}

function readString(bb, pos) {
  if (!pos) return null;
  const len = bb.readUint32(pos);
  return new TextDecoder().decode(bb.bytes().subarray(pos + 4, pos + 4 + len));
}

/** A vector of `values`, each written by `add` (flatbuffers vectors are built back to front). */
function addVector(builder, values, elementSize, alignment, add) {
  builder.startVector(elementSize, values.length, alignment);
  for (let i = values.length - 1; i >= 0; i--) add(values[i]);
  return builder.endVector();
}

const addOffsetVector = (builder, offsets) => addVector(builder, offsets, 4, 4, (o) => builder.addOffset(o));
const addIntVector = (builder, values) => addVector(builder, values, 4, 4, (v) => builder.addInt32(v));
const addFloatVector = (builder, values) => addVector(builder, values, 4, 4, (v) => builder.addFloat32(v));
/** A ubyte vector whose payload starts 16-byte aligned in the finished buffer. */
const addAlignedByteVector = (builder, bytes) => addVector(builder, bytes, 1, 16, (b) => builder.addInt8(b));

const SELFIE_DESCRIPTION =
  'MediaPipe selfie segmentation (from @mediapipe/selfie_segmentation), metadata added for the Tasks ImageSegmenter.';

/**
 * Build the ModelMetadata flatbuffer ("M001") for a single-input RGB image
 * model normalised by (x - mean) / std, with one 1-channel output mask.
 */
export function buildSelfieMetadata({
  name,
  width,
  height,
  mean = 0,
  std = 255,
  description = SELFIE_DESCRIPTION,
  outputDescription = 'Person confidence, 0..1, one channel.',
  scoreDescription,
}) {
  const b = new Builder(1024);

  // Input tensor: RGB image, NormalizationOptions.
  const meanVec = addFloatVector(b, [mean]);
  const stdVec = addFloatVector(b, [std]);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, meanVec, 0);
  b.addFieldOffset(1, stdVec, 0);
  const norm = b.endObject();

  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, norm, 0);
  const processUnit = b.endObject();
  const processUnits = addOffsetVector(b, [processUnit]);

  const imageProps = (colorSpace, w, h) => {
    b.startObject(2); // ImageSize
    b.addFieldInt32(0, w, 0);
    b.addFieldInt32(1, h, 0);
    const size = b.endObject();
    b.startObject(2); // ImageProperties
    b.addFieldInt8(0, colorSpace, 0);
    b.addFieldOffset(1, size, 0);
    const props = b.endObject();
    b.startObject(3); // Content
    b.addFieldInt8(0, CONTENT_PROPERTIES_IMAGE, 0);
    b.addFieldOffset(1, props, 0);
    return b.endObject();
  };

  const inContent = imageProps(COLOR_SPACE_RGB, width, height);
  const inName = b.createString('image');
  const inDesc = b.createString(`RGB image, values fed as (x - ${mean}) / ${std}.`);
  b.startObject(7); // TensorMetadata
  b.addFieldOffset(0, inName, 0);
  b.addFieldOffset(1, inDesc, 0);
  b.addFieldOffset(3, inContent, 0);
  b.addFieldOffset(4, processUnits, 0);
  const inputMeta = b.endObject();

  // Output tensor: one channel, a probability for the selfie models, logits for the pose model.
  const outContent = imageProps(COLOR_SPACE_GRAYSCALE, width, height);
  const outName = b.createString('segmentation');
  const outDesc = b.createString(outputDescription);
  b.startObject(7); // TensorMetadata
  b.addFieldOffset(0, outName, 0);
  b.addFieldOffset(1, outDesc, 0);
  b.addFieldOffset(3, outContent, 0);
  const outputMeta = b.endObject();

  // A score before the mask (the pose flag): a plain feature tensor, described.
  let scoreMeta = 0;
  if (scoreDescription) {
    const scoreName = b.createString('score');
    const scoreDesc = b.createString(scoreDescription);
    b.startObject(7); // TensorMetadata
    b.addFieldOffset(0, scoreName, 0);
    b.addFieldOffset(1, scoreDesc, 0);
    scoreMeta = b.endObject();
  }

  const inputs = addOffsetVector(b, [inputMeta]);
  const outputs = addOffsetVector(b, scoreMeta ? [scoreMeta, outputMeta] : [outputMeta]);
  b.startObject(7); // SubGraphMetadata
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraph = b.endObject();
  const subgraphs = addOffsetVector(b, [subgraph]);

  const modelName = b.createString(name);
  const modelDesc = b.createString(description);
  const license = b.createString('Apache License. Version 2.0 http://www.apache.org/licenses/LICENSE-2.0.');
  const minParser = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, modelName, 0);
  b.addFieldOffset(1, modelDesc, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(5, license, 0);
  b.addFieldOffset(7, minParser, 0);
  const root = b.endObject();
  b.finish(root, METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

/**
 * A new `subgraphs` vector whose single subgraph is the old one with `outputs`
 * replaced by the tensors named `tensorNames`, in that order. Every other field
 * points into the old model bytes (`at` maps an old position to a builder offset).
 */
function subgraphsKeepingOutputs(builder, bb, root, tensorNames, at) {
  const subgraphs = tableVector(bb, derefField(bb, root, MODEL.subgraphs));
  if (subgraphs.length !== 1) throw new Error(`expected one subgraph, found ${subgraphs.length}`);
  const sg = subgraphs[0];
  const count = vtableFieldCount(bb, sg);
  for (let slot = SUBGRAPH_FIELD_COUNT; slot < count; slot++) {
    if (fieldOffset(bb, sg, slot)) throw new Error(`unknown tflite::SubGraph field slot ${slot} is set`);
  }
  const tensors = tableVector(bb, derefField(bb, sg, SUBGRAPH.tensors));
  const outputsPos = derefField(bb, sg, SUBGRAPH.outputs);
  const outputs = Array.from({ length: bb.readUint32(outputsPos) }, (_, i) => bb.readInt32(outputsPos + 4 + 4 * i));
  const keep = tensorNames.map((name) => {
    const t = outputs.find((o) => readString(bb, derefField(bb, tensors[o], TENSOR_NAME)) === name);
    if (t === undefined) throw new Error(`the model has no output tensor named ${name}`);
    return t;
  });

  const outputsVec = addIntVector(builder, keep);
  builder.startObject(SUBGRAPH_FIELD_COUNT); // SubGraph
  for (const slot of [SUBGRAPH.tensors, SUBGRAPH.inputs, SUBGRAPH.operators, SUBGRAPH.name]) {
    const pos = derefField(bb, sg, slot);
    if (pos) builder.addFieldOffset(slot, at(pos), 0);
  }
  builder.addFieldOffset(SUBGRAPH.outputs, outputsVec, 0);
  const debugOffset = fieldOffset(bb, sg, SUBGRAPH.debug_metadata_index);
  if (debugOffset) builder.addFieldInt32(SUBGRAPH.debug_metadata_index, bb.readInt32(sg + debugOffset), 0);
  const newSubgraph = builder.endObject();
  return addOffsetVector(builder, [newSubgraph]);
}

/**
 * Return a copy of the TFLite model `inputBytes` with TFLite metadata
 * (ModelMetadata "M001" under the Metadata name "TFLITE_METADATA") attached.
 *
 * @param {Uint8Array} inputBytes
 * @param {{name: string, width: number, height: number, mean?: number, std?: number,
 *   description?: string, outputDescription?: string, scoreDescription?: string,
 *   keepOutputs?: string[]}} options
 *   width/height: the model's input size; mean/std: input normalisation
 *   (x - mean) / std applied to 0..255 pixel values, default 0 / 255;
 *   keepOutputs: the names of the output tensors to keep, in order (the others are dropped);
 *   scoreDescription: with two outputs, what the first (a score) is.
 * @returns {Uint8Array}
 */
export function patchSegmentationModel(inputBytes, options) {
  const { keepOutputs } = options;
  if (!(inputBytes instanceof Uint8Array)) throw new TypeError('inputBytes must be a Uint8Array');
  // Own, 0-based copy (a Node Buffer may be a view into a shared pool).
  const old = new Uint8Array(inputBytes);
  const bb = new ByteBuffer(old);
  if (old.length < 8 || !bb.__has_identifier(TFLITE_IDENTIFIER)) {
    throw new Error('not a TFLite model (file identifier TFL3 missing)');
  }
  const root = bb.readUint32(0);
  const fieldCount = vtableFieldCount(bb, root);
  if (fieldCount > MODEL_FIELD_COUNT) {
    // A newer schema added Model fields this script does not know how to copy.
    for (let slot = MODEL_FIELD_COUNT; slot < fieldCount; slot++) {
      if (fieldOffset(bb, root, slot)) throw new Error(`unknown tflite::Model field slot ${slot} is set`);
    }
  }

  const oldBuffers = tableVector(bb, derefField(bb, root, MODEL.buffers));
  if (oldBuffers.length === 0) throw new Error('model has no buffers vector');
  const oldMetadata = tableVector(bb, derefField(bb, root, MODEL.metadata)).filter(
    (pos) => readString(bb, derefField(bb, pos, 0)) !== METADATA_NAME,
  );

  const metadataBytes = buildSelfieMetadata(options);

  const builder = new Builder(old.length + metadataBytes.length + 4096);
  // 1. The old model, 16-byte aligned, at the very end of the output.
  const oldVec = addAlignedByteVector(builder, old);
  const oldStart = oldVec - 4; // builder offset (distance from the end) of old byte 0
  const at = (pos) => oldStart - pos; // builder offset of an old absolute position

  // 2. New objects, all placed before the old bytes (so offsets point forward).
  const metaData = addAlignedByteVector(builder, metadataBytes);
  builder.startObject(3); // Buffer
  builder.addFieldOffset(0, metaData, 0);
  const metaBuffer = builder.endObject();
  const metaBufferIndex = oldBuffers.length;

  const metaName = builder.createString(METADATA_NAME);
  builder.startObject(2); // Metadata
  builder.addFieldOffset(0, metaName, 0);
  builder.addFieldInt32(1, metaBufferIndex, 0);
  const metaEntry = builder.endObject();

  const buffersVec = addOffsetVector(builder, [...oldBuffers.map(at), metaBuffer]);
  const metadataVec = addOffsetVector(builder, [...oldMetadata.map(at), metaEntry]);

  const subgraphsVec = keepOutputs ? subgraphsKeepingOutputs(builder, bb, root, keepOutputs, at) : 0;

  builder.startObject(MODEL_FIELD_COUNT); // Model
  const versionOffset = fieldOffset(bb, root, MODEL.version);
  if (versionOffset) builder.addFieldInt32(MODEL.version, bb.readUint32(root + versionOffset), -1);
  for (const slot of [MODEL.operator_codes, MODEL.subgraphs, MODEL.description, MODEL.metadata_buffer, MODEL.signature_defs]) {
    if (slot === MODEL.subgraphs && subgraphsVec) {
      builder.addFieldOffset(slot, subgraphsVec, 0);
      continue;
    }
    const pos = derefField(bb, root, slot);
    if (pos) builder.addFieldOffset(slot, at(pos), 0);
  }
  builder.addFieldOffset(MODEL.buffers, buffersVec, 0);
  builder.addFieldOffset(MODEL.metadata, metadataVec, 0);
  const newRoot = builder.endObject();
  builder.finish(newRoot, TFLITE_IDENTIFIER);
  const out = builder.asUint8Array().slice();

  // Sanity: the old blob must sit 16-byte aligned in the output.
  const oldPos = out.length - oldStart;
  if (oldPos % 16 !== 0) throw new Error(`internal: old model placed at unaligned position ${oldPos}`);
  return out;
}

export const SELFIE_MODELS = [
  { source: 'selfie_segmentation.tflite', out: 'selfie_square.tflite', name: 'selfie_segmentation', width: 256, height: 256 },
  {
    source: 'selfie_segmentation_landscape.tflite',
    out: 'selfie_landscape.tflite',
    name: 'selfie_segmentation_landscape',
    width: 256,
    height: 144,
  },
];

// The pose landmark model's segmentation head, fed a square crop around the person. Its mask
// is logits (about -1500..+350), not a probability: the caller applies the sigmoid.
export const POSE_MODELS = [
  {
    source: 'pose_landmark_lite.tflite',
    out: 'pose_segmenter_lite.tflite',
    name: 'pose_landmark_lite_segmentation',
    width: 256,
    height: 256,
    keepOutputs: ['Identity_1', 'Identity_2'],
    description:
      'MediaPipe pose landmark (lite) from @mediapipe/pose, reduced to its pose flag and segmentation outputs, metadata added for the Tasks ImageSegmenter.',
    scoreDescription: 'Pose flag: how sure the model is that a person is in the crop, 0..1.',
    outputDescription: 'Person segmentation of the input crop as logits (apply a sigmoid), one channel.',
  },
];

export const MODEL_PACKAGES = [
  { pkg: '@mediapipe/selfie_segmentation', models: SELFIE_MODELS, licence: 'LICENSE-selfie-segmentation.txt' },
  { pkg: '@mediapipe/pose', models: POSE_MODELS, licence: 'LICENSE-pose.txt' },
];

function licenseNote(pkg, models) {
  // The build serves each as <name>-<content hash>.tflite.
  const pairs = models.map((m) => `${m.out.replace(/[.]tflite$/, '-<hash>.tflite')} (from ${m.source})`).join(', ');
  return [
    `The files ${pairs} are models from the npm package`,
    `${pkg.name}@${pkg.version} (${pkg.homepage ?? 'MediaPipe'}),`,
    `with TFLite model metadata (input normalisation, image properties) added by`,
    `scripts/patch-mediapipe-models.mjs${models.some((m) => m.keepOutputs) ? ', which also makes the pose flag and the segmentation\nthe only outputs the model declares' : ''}. The weights and operators are unchanged.`,
    ``,
    `Licence of the package (package.json "license"): ${pkg.license}`,
    ``,
    `Copyright The MediaPipe Authors.`,
    ``,
    `Licensed under the Apache License, Version 2.0 (the "License");`,
    `you may not use these files except in compliance with the License.`,
    `You may obtain a copy of the License at`,
    ``,
    `    http://www.apache.org/licenses/LICENSE-2.0`,
    ``,
    `Unless required by applicable law or agreed to in writing, software`,
    `distributed under the License is distributed on an "AS IS" BASIS,`,
    `WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.`,
    `See the License for the specific language governing permissions and`,
    `limitations under the License.`,
    ``,
  ].join('\n');
}

/** Locate an installed npm package's directory. */
export function packageDir(name) {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${name}/package.json`));
}

export function writePatchedModels(outDir) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const { pkg: name, models, licence } of MODEL_PACKAGES) {
    const dir = packageDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (pkg.license !== 'Apache-2.0') throw new Error(`unexpected licence ${pkg.license} for ${pkg.name}`);
    for (const m of models) {
      const out = patchSegmentationModel(new Uint8Array(readFileSync(join(dir, m.source))), m);
      writeFileSync(join(outDir, m.out), out);
      written.push(join(outDir, m.out));
    }
    writeFileSync(join(outDir, licence), licenseNote(pkg, models));
    written.push(join(outDir, licence));
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node scripts/patch-mediapipe-models.mjs <outDir>');
    process.exit(2);
  }
  for (const f of writePatchedModels(resolve(outDir))) console.log(`wrote ${f}`);
}
