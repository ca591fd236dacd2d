/** Public names of runtime/framing: the frame codec, chunking, reassembly and their errors. */
export * from './errors.ts';
export { type ChunkInfo, type DecodeOptions, type Frame, type FrameHeader, bytesPerNumber, decodeFrame, encodeFrame, frameArray, rawArray } from './frame.ts';
export { type ChunkOptions, DEFAULT_CHUNK_BYTES, chunkFrames, encodeChunks } from './chunk.ts';
export { Reassembler, type ReassemblerOptions } from './Reassembler.ts';
export { tryDecodeFrame } from './decode.ts';
