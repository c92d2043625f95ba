// AVX2 dot-product kernels for the inference core's matrix product (see MatMul.swift).
//
// They exist because `vpmaddubsw`/`vpmaddwd` (8-bit multiply-add into 16/32-bit sums) cannot be
// reached from Swift's SIMD types: on this AVX2 machine the Swift SIMD kernels measured 2.5-3x
// slower per Q4_1 block and 2-4x slower per K-quant block in a throwaway harness. The Swift
// kernels stay as the portable path, and both are tested against the scalar reference.
//
// Every kernel takes `rows` weight rows of `blocks` blocks spaced `w_stride` bytes apart and
// `tokens` activation rows spaced `a_stride` bytes apart, already quantized to the activation
// format llama.cpp pairs with the weight type (Q8_0, Q8_1 or Q8_K), and writes
// out[t * out_stride + r] = dot(weight row r, activation row t). Tokens go in tiles of up to 4
// that share each decoded weight block.
// Each output is summed in the float order of the x86 kernel llama.cpp picks for its type and
// batch size (Sources/Inference/Tensors/GGMLOrderDot.swift), so results equal llama.cpp's bit for bit.
#ifndef CKERNELS_H
#define CKERNELS_H
#include <stddef.h>

/// 1 when this library was compiled with AVX2+FMA+F16C and the kernels below compute; 0 when
/// they are empty stubs and the caller must use the Swift kernels.
int ck_available(void);

void ck_dot_q4_0(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q4_1(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q5_0(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q5_1(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q8_0(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q4_K(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q5_K(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);
void ck_dot_q6_K(const void *w, size_t w_stride, int rows, const void *a, size_t a_stride, int tokens, int blocks,
                 float *out, size_t out_stride);

#endif
