// AssemblyScript entry of the kernel module (scripts/build-kernels.js compiles this file): every export the
// JS side (../kernel.ts) calls.
export { heapBase, lstmForward, lstmBackward } from './lstm';
export { layerForward, layerBackward } from './layer';
export { convForward, convBackward } from './conv';
export { gemmAcc, transpose } from './gemm';
export { attentionForward, attentionBackward } from './attention';
export { sumSquares, adamStep } from './adam';
export { layerNormForward, layerNormBackward, biasRows, colSumsAcc, reluRun, reluBackRun, maskedAdd, maskMul } from './norm';
