import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { packageDir, patchSegmentationModel, POSE_MODELS, SELFIE_MODELS } from '../../scripts/patch-mediapipe-models.mjs';

// A small reader over the flatbuffers ByteBuffer API. Field slots follow the
// declaration order in the TFLite schema (tflite::Model etc.) and in the
// TFLite metadata schema (tflite::ModelMetadata etc.).
class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  static root(bb: ByteBuffer): Table {
    return new Table(bb, bb.readUint32(bb.position()) + bb.position());
  }

  has(slot: number): boolean {
    return this.bb.__offset(this.pos, 4 + 2 * slot) !== 0;
  }

  private field(slot: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * slot);
  }

  uint32(slot: number, dflt = 0): number {
    const o = this.field(slot);
    return o ? this.bb.readUint32(this.pos + o) : dflt;
  }

  int8(slot: number, dflt = 0): number {
    const o = this.field(slot);
    return o ? this.bb.readInt8(this.pos + o) : dflt;
  }

  /** Absolute position of the object an offset field points to (0 if absent). */
  ref(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.__indirect(this.pos + o) : 0;
  }

  table(slot: number): Table | null {
    const p = this.ref(slot);
    return p ? new Table(this.bb, p) : null;
  }

  string(slot: number): string | null {
    const p = this.ref(slot);
    if (!p) return null;
    const len = this.bb.readUint32(p);
    return new TextDecoder().decode(this.bb.bytes().subarray(p + 4, p + 4 + len));
  }

  tables(slot: number): Table[] {
    const v = this.ref(slot);
    if (!v) return [];
    const out: Table[] = [];
    const n = this.bb.readUint32(v);
    for (let i = 0; i < n; i++) {
      const e = v + 4 + 4 * i;
      out.push(new Table(this.bb, e + this.bb.readUint32(e)));
    }
    return out;
  }

  /** Position of the first element and the length of a scalar vector. */
  vector(slot: number): { start: number; length: number } | null {
    const v = this.ref(slot);
    return v ? { start: v + 4, length: this.bb.readUint32(v) } : null;
  }

  bytes(slot: number): Uint8Array | null {
    const v = this.vector(slot);
    return v ? this.bb.bytes().subarray(v.start, v.start + v.length) : null;
  }

  floats(slot: number): number[] {
    const v = this.vector(slot);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.bb.readFloat32(v.start + 4 * i));
  }

  ints(slot: number): number[] {
    const v = this.vector(slot);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.bb.readInt32(v.start + 4 * i));
  }
}

// tflite::Model
const M_VERSION = 0;
const M_OPERATOR_CODES = 1;
const M_SUBGRAPHS = 2;
const M_DESCRIPTION = 3;
const M_BUFFERS = 4;
const M_METADATA = 6;
// tflite::OperatorCode
const OC_DEPRECATED_BUILTIN = 0;
const OC_CUSTOM = 1;
const OC_BUILTIN = 3;
// tflite::SubGraph
const SG_TENSORS = 0;
const SG_INPUTS = 1;
const SG_OUTPUTS = 2;
const SG_OPERATORS = 3;
// tflite::Tensor
const T_SHAPE = 0;
const T_TYPE = 1;
const T_NAME = 3;
// tflite::Buffer / tflite::Metadata
const B_DATA = 0;
const MD_NAME = 0;
const MD_BUFFER = 1;
// tflite::ModelMetadata and friends (metadata_schema.fbs)
const MM_NAME = 0;
const MM_SUBGRAPH_METADATA = 3;
const MM_MIN_PARSER_VERSION = 7;
const SGM_INPUT = 2;
const SGM_OUTPUT = 3;
const TM_CONTENT = 3;
const TM_PROCESS_UNITS = 4;
const C_PROPS_TYPE = 0;
const C_PROPS = 1;
const IP_COLOR_SPACE = 0;
const IP_DEFAULT_SIZE = 1;
const PU_OPTIONS_TYPE = 0;
const PU_OPTIONS = 1;
const NO_MEAN = 0;
const NO_STD = 1;

function parseModel(bytes: Uint8Array): { bb: ByteBuffer; model: Table } {
  const bb = new ByteBuffer(bytes);
  return { bb, model: Table.root(bb) };
}

function opcodes(model: Table): Array<[number, number, string | null]> {
  return model.tables(M_OPERATOR_CODES).map((oc) => [oc.int8(OC_DEPRECATED_BUILTIN), oc.uint32(OC_BUILTIN), oc.string(OC_CUSTOM)]);
}

const pkgDir = packageDir('@mediapipe/selfie_segmentation');

describe.each(SELFIE_MODELS.map((m) => [m.source, m] as const))('patchSegmentationModel(%s)', (_source, spec) => {
  const original = new Uint8Array(readFileSync(join(pkgDir, spec.source)));
  const patched = patchSegmentationModel(original, spec);
  const before = parseModel(original);
  const after = parseModel(patched);

  it('keeps the TFL3 file identifier and grows the file only a little', () => {
    expect(before.bb.__has_identifier('TFL3')).toBe(true);
    expect(after.bb.__has_identifier('TFL3')).toBe(true);
    expect(patched.length).toBeGreaterThan(original.length);
    expect(patched.length - original.length).toBeLessThan(4096);
    expect(patched.length % 16).toBe(0);
  });

  it('embeds the original model unchanged at a 16-byte aligned position', () => {
    const at = patched.length - original.length;
    expect(at % 16).toBe(0);
    expect(Buffer.from(patched.subarray(at)).equals(Buffer.from(original))).toBe(true);
  });

  it('preserves version, description, operator codes and subgraphs', () => {
    expect(after.model.uint32(M_VERSION)).toBe(before.model.uint32(M_VERSION));
    expect(after.model.uint32(M_VERSION)).toBe(3);
    expect(after.model.string(M_DESCRIPTION)).toBe(before.model.string(M_DESCRIPTION));
    expect(opcodes(after.model)).toEqual(opcodes(before.model));
    expect(opcodes(after.model).some(([, , custom]) => custom === 'Convolution2DTransposeBias')).toBe(true);

    const sgBefore = before.model.tables(M_SUBGRAPHS);
    const sgAfter = after.model.tables(M_SUBGRAPHS);
    expect(sgAfter.length).toBe(sgBefore.length);
    expect(sgAfter.length).toBe(1);
    const [b, a] = [sgBefore[0]!, sgAfter[0]!];
    expect(a.tables(SG_TENSORS).length).toBe(b.tables(SG_TENSORS).length);
    expect(a.tables(SG_OPERATORS).length).toBe(b.tables(SG_OPERATORS).length);
    expect(a.ints(SG_INPUTS)).toEqual(b.ints(SG_INPUTS));
    expect(a.ints(SG_OUTPUTS)).toEqual(b.ints(SG_OUTPUTS));

    const tensors = a.tables(SG_TENSORS);
    const input = tensors[a.ints(SG_INPUTS)[0]!]!;
    const output = tensors[a.ints(SG_OUTPUTS)[0]!]!;
    expect(input.ints(T_SHAPE)).toEqual([1, spec.height, spec.width, 3]);
    expect(input.int8(T_TYPE)).toBe(0); // FLOAT32
    expect(output.ints(T_SHAPE)).toEqual([1, spec.height, spec.width, 1]);
  });

  it('keeps every original buffer (same bytes, 16-byte aligned) and adds one', () => {
    const bufBefore = before.model.tables(M_BUFFERS);
    const bufAfter = after.model.tables(M_BUFFERS);
    expect(bufAfter.length).toBe(bufBefore.length + 1);
    bufBefore.forEach((buf, i) => {
      const x = buf.bytes(B_DATA);
      const y = bufAfter[i]!.bytes(B_DATA);
      expect(y?.length ?? 0).toBe(x?.length ?? 0);
      if (x && y) {
        expect(Buffer.from(y).equals(Buffer.from(x))).toBe(true);
        if (y.length > 0) expect(y.byteOffset % 16).toBe(0);
      }
    });
  });

  it('adds a TFLITE_METADATA entry pointing at an M001 ModelMetadata buffer', () => {
    const entries = after.model.tables(M_METADATA);
    const names = entries.map((e) => e.string(MD_NAME));
    expect(names.filter((n) => n === 'TFLITE_METADATA')).toHaveLength(1);
    const entry = entries.find((e) => e.string(MD_NAME) === 'TFLITE_METADATA')!;
    const index = entry.uint32(MD_BUFFER);
    const buffers = after.model.tables(M_BUFFERS);
    expect(index).toBe(buffers.length - 1);
    const data = buffers[index]!.bytes(B_DATA)!;
    expect(data.byteOffset % 16).toBe(0);

    const mbb = new ByteBuffer(data.slice());
    expect(mbb.__has_identifier('M001')).toBe(true);
    const meta = Table.root(mbb);
    expect(meta.string(MM_NAME)).toBe(spec.name);
    expect(meta.string(MM_MIN_PARSER_VERSION)).toBe('1.0.0');
    const subgraphs = meta.tables(MM_SUBGRAPH_METADATA);
    expect(subgraphs).toHaveLength(1);
    const inputs = subgraphs[0]!.tables(SGM_INPUT);
    const outputs = subgraphs[0]!.tables(SGM_OUTPUT);
    expect(inputs).toHaveLength(1);
    expect(outputs).toHaveLength(1);

    const content = inputs[0]!.table(TM_CONTENT)!;
    expect(content.int8(C_PROPS_TYPE)).toBe(2); // ContentProperties.ImageProperties
    const image = content.table(C_PROPS)!;
    expect(image.int8(IP_COLOR_SPACE)).toBe(1); // ColorSpaceType.RGB
    const size = image.table(IP_DEFAULT_SIZE)!;
    expect([size.uint32(0), size.uint32(1)]).toEqual([spec.width, spec.height]);

    const units = inputs[0]!.tables(TM_PROCESS_UNITS);
    expect(units).toHaveLength(1);
    expect(units[0]!.int8(PU_OPTIONS_TYPE)).toBe(1); // ProcessUnitOptions.NormalizationOptions
    const norm = units[0]!.table(PU_OPTIONS)!;
    expect(norm.floats(NO_MEAN)).toEqual([0]);
    expect(norm.floats(NO_STD)).toEqual([255]);
  });

  it('replaces rather than duplicates metadata when patched twice', () => {
    const twice = patchSegmentationModel(patched, spec);
    const { model } = parseModel(twice);
    const names = model.tables(M_METADATA).map((e) => e.string(MD_NAME));
    expect(names).toEqual(['TFLITE_METADATA']);
    expect(opcodes(model)).toEqual(opcodes(before.model));
  });
});

describe('patchSegmentationModel input checks', () => {
  it('rejects bytes that are not a TFLite model', () => {
    expect(() => patchSegmentationModel(new Uint8Array(64), { name: 'x', width: 1, height: 1 })).toThrow(/TFL3/);
  });
});

describe.each(POSE_MODELS.map((m) => [m.source, m] as const))('patchSegmentationModel(%s) keeping only the pose flag and the segmentation', (_source, spec) => {
  const original = new Uint8Array(readFileSync(join(packageDir('@mediapipe/pose'), spec.source)));
  const patched = patchSegmentationModel(original, spec);
  const before = parseModel(original).model.tables(M_SUBGRAPHS)[0]!;
  const after = parseModel(patched).model.tables(M_SUBGRAPHS)[0]!;
  const names = (sg: Table, slot: number) => sg.ints(slot).map((t) => sg.tables(SG_TENSORS)[t]!.string(T_NAME));

  it('declares the pose flag (1x1) and then Identity_2, the 256x256 float mask, as its only outputs', () => {
    expect(names(before, SG_OUTPUTS)).toHaveLength(5);
    expect(names(before, SG_OUTPUTS)).toContain('Identity_2');
    // The segmenter reads two outputs as [quality score, mask].
    expect(names(after, SG_OUTPUTS)).toEqual(['Identity_1', 'Identity_2']);
    const [flag, mask] = after.ints(SG_OUTPUTS).map((t) => after.tables(SG_TENSORS)[t]!);
    expect(flag!.ints(T_SHAPE)).toEqual([1, 1]);
    expect(mask!.ints(T_SHAPE)).toEqual([1, 256, 256, 1]);
    expect(mask!.int8(T_TYPE)).toBe(0); // FLOAT32
  });

  it('keeps the graph itself: inputs, tensors, operators and the original bytes', () => {
    expect(after.ints(SG_INPUTS)).toEqual(before.ints(SG_INPUTS));
    expect(after.tables(SG_TENSORS).length).toBe(before.tables(SG_TENSORS).length);
    expect(after.tables(SG_OPERATORS).length).toBe(before.tables(SG_OPERATORS).length);
    const input = after.tables(SG_TENSORS)[after.ints(SG_INPUTS)[0]!]!;
    expect(input.ints(T_SHAPE)).toEqual([1, 256, 256, 3]);
    const at = patched.length - original.length;
    expect(at % 16).toBe(0);
    expect(Buffer.from(patched.subarray(at)).equals(Buffer.from(original))).toBe(true);
  });

  it('refuses an output name the model does not have', () => {
    expect(() => patchSegmentationModel(original, { ...spec, keepOutputs: ['Identity_1', 'Identity_9'] })).toThrow(/no output tensor named Identity_9/);
  });
});
