// AVX2 kernels declared in CKernels.h. Block layouts: ggml-common.h. Each kernel decodes a weight
// block once and multiplies it with up to four activation rows (the token tile), so prefill
// reuses every decoded block four times; `nt` is a compile-time constant inside each tile
// function so the per-token accumulators stay in registers. Where the compiler targets AVX-512
// with VNNI, prompt tiles of 2-8 tokens take 512-bit versions holding two tokens per register
// (HAVE_ZMM_TILES), lane for lane the same arithmetic, so both paths give identical results.
#include "CKernels.h"
#include <stdint.h>
#include <math.h>
#include <string.h>

#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>

#define INLINE static inline __attribute__((always_inline))
#define MAX_TILE 4

int ck_available(void) { return 1; }

// Half floats are read with a 32-bit `vmovd` load, which zeroes the rest of the register. Left to
// itself clang narrows such loads to `vpinsrw` into whatever register is free, often an
// accumulator, which chained every block behind the previous block's FMA (measured 4 ns instead
// of 2 ns per Q4_1 block); the asm keeps the load whole. Every field read this way has 2 more
// bytes of its block after it.

// The halves at p and p + 2 (a block's d and m, d and s, or d and dmin) as lanes 0 and 1.
INLINE __m128 half_pair_at(const uint8_t *p) {
    __m128i bits;
    __asm__("vmovd %1, %0" : "=x"(bits) : "m"(*(const uint32_t *)p));
    return _mm_cvtph_ps(bits);
}

INLINE float half_at(const uint8_t *p) { return _mm_cvtss_f32(half_pair_at(p)); }

INLINE float second_half(__m128 pair) { return _mm_cvtss_f32(_mm_movehdup_ps(pair)); }

INLINE float hsum8(__m256 x) {
    __m128 r = _mm_add_ps(_mm256_extractf128_ps(x, 1), _mm256_castps256_ps128(x));
    r = _mm_add_ps(r, _mm_movehl_ps(r, r));
    r = _mm_add_ss(r, _mm_movehdup_ps(r));
    return _mm_cvtss_f32(r);
}

INLINE int hsum_i32(__m256i x) {
    __m128i r = _mm_add_epi32(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
    r = _mm_add_epi32(r, _mm_unpackhi_epi64(r, r));
    r = _mm_add_epi32(r, _mm_shuffle_epi32(r, 1));
    return _mm_cvtsi128_si32(r);
}

// 16 nibble bytes -> 32 bytes in 0..15: weight j from the low nibble of byte j, weight j+16 from the high.
INLINE __m256i nibbles32(const uint8_t *q) {
    const __m128i t = _mm_loadu_si128((const __m128i *)q);
    const __m256i both = _mm256_inserti128_si256(_mm256_castsi128_si256(t), _mm_srli_epi16(t, 4), 1);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

// 32 bits -> 32 bytes, 0xFF where bit j of `bits` is set.
INLINE __m256i bit_bytes(const uint8_t *bits) {
    uint32_t x;
    memcpy(&x, bits, 4);
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int)x),
        _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0));
    const __m256i select = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    return _mm256_cmpeq_epi8(_mm256_and_si256(spread, select), select);
}

// unsigned x (0..255) times signed y, summed in fours -> 8 x int32. Pair sums stay below the
// int16 saturation of maddubs for every format here (at most 2 * 128 * 127), so VNNI's one-step
// `vpdpbusd` (no 16-bit stage) gives the same sums in one instruction instead of two.
INLINE __m256i dot_u8s8(__m256i x, __m256i y) {
#if defined(__AVXVNNI__)
    return _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), x, y);
#elif defined(__AVX512VNNI__) && defined(__AVX512VL__)
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), x, y);
#else
    return _mm256_madd_epi16(_mm256_maddubs_epi16(x, y), _mm256_set1_epi16(1));
#endif
}

INLINE __m256i load32(const uint8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }

// MARK: 32-weight formats with Q8_0 activations (34-byte blocks: d, 32 x int8)

// ggml's order (`ggml_vec_dot_q8_0_q8_0`, `ggml_vec_dot_q5_0_q8_0` and llamafile's tinyBLAS_Q0_AVX for
// prompts): per output one 8-lane accumulator over all blocks in order, acc = fma(d_w * d_a,
// float(lane sums), acc), then hsum8. Every output keeps that one chain; prompt tiles run several
// tokens' chains side by side. A single token takes one row at a time: interleaving 2 or 4 rows'
// chains was faster from cache but 3-5x slower from DRAM (their streams defeat the prefetchers;
// software prefetch recovered only part), and decode reads its weights from DRAM.

// kind: 0 = Q4_0 (18 B), 1 = Q5_0 (22 B), 2 = Q8_0 (34 B); all signed after decoding.
INLINE __m256i signed32_weights(const int kind, const uint8_t *wb) {
    if (kind == 0) return _mm256_sub_epi8(nibbles32(wb + 2), _mm256_set1_epi8(8));
    if (kind == 1) {
        // nibble | 0xF0 when the fifth bit is clear is nibble - 16 as int8; set bit gives nibble + 16 - 16.
        const __m256i clear = _mm256_andnot_si256(bit_bytes(wb + 2), _mm256_set1_epi8((char)0xF0));
        return _mm256_or_si256(nibbles32(wb + 6), clear);
    }
    return load32(wb + 2);
}

INLINE int signed32_bytes(const int kind) { return kind == 0 ? 18 : (kind == 1 ? 22 : 34); }

INLINE void signed32_block(const int kind, const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                           int b, __m256 *acc) {
    const uint8_t *wb = w + (size_t)b * signed32_bytes(kind);
    const float dw = half_at(wb);
    const __m256i qx = signed32_weights(kind, wb);
    const __m256i ax = _mm256_sign_epi8(qx, qx);   // |x| for maddubs; x's sign moves onto y
    for (int t = 0; t < nt; t++) {
        const uint8_t *ab = a + t * as + (size_t)b * 34;
        const __m256i p = dot_u8s8(ax, _mm256_sign_epi8(load32(ab + 2), qx));
        acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(dw * half_at(ab)), _mm256_cvtepi32_ps(p), acc[t]);
    }
}

INLINE void tile_signed32(const int kind, const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                          int blocks, float *out, size_t os) {
    __m256 acc[MAX_TILE];
    for (int t = 0; t < nt; t++) acc[t] = _mm256_setzero_ps();
    for (int b = 0; b < blocks; b++) signed32_block(kind, w, a, as, nt, b, acc);
    for (int t = 0; t < nt; t++) out[t * os] = hsum8(acc[t]);
}

// MARK: 32-weight formats with a min, Q8_1 activations (36-byte blocks: d, s = d * sum(q), 32 x int8)

// kind: 0 = Q4_1 (20 B), 1 = Q5_1 (24 B); unsigned after decoding.
INLINE __m256i min32_weights(const int kind, const uint8_t *wb) {
    if (kind == 0) return nibbles32(wb + 4);
    const __m256i high = _mm256_and_si256(bit_bytes(wb + 4), _mm256_set1_epi8(0x10));
    return _mm256_or_si256(nibbles32(wb + 8), high);
}

// ggml's order (`ggml_vec_dot_q4_1_q8_1`; llama.cpp has no other x86 path for these): one 8-lane
// accumulator per output over all blocks, and the min term summs = fma(m_w, s_a, summs) in scalar,
// result hsum8(acc) + summs.
INLINE void min32_block(const int kind, const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                        int b, __m256 *acc, float *mins) {
    const int wbytes = kind == 0 ? 20 : 24;
    const uint8_t *wb = w + (size_t)b * wbytes;
    const __m128 dmw = half_pair_at(wb);
    const float dw = _mm_cvtss_f32(dmw), mw = second_half(dmw);
    const __m256i qx = min32_weights(kind, wb);
    for (int t = 0; t < nt; t++) {
        const uint8_t *ab = a + t * as + (size_t)b * 36;
        const __m256i p = dot_u8s8(qx, load32(ab + 4));
        const __m128 ds = half_pair_at(ab);
        acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(dw * _mm_cvtss_f32(ds)), _mm256_cvtepi32_ps(p), acc[t]);
        mins[t] = fmaf(mw, second_half(ds), mins[t]);
    }
}

INLINE void tile_min32(const int kind, const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                       int blocks, float *out, size_t os) {
    __m256 acc[MAX_TILE];
    float mins[MAX_TILE];
    for (int t = 0; t < nt; t++) { acc[t] = _mm256_setzero_ps(); mins[t] = 0; }
    for (int b = 0; b < blocks; b++) min32_block(kind, w, a, as, nt, b, acc, mins);
    for (int t = 0; t < nt; t++) out[t * os] = hsum8(acc[t]) + mins[t];
}

#if defined(__AVX512F__) && defined(__AVX512VNNI__)
// AVX-512 token tiles of the min32 formats: a 512-bit register holds two tokens (lanes 0-7 the
// first, 8-15 the second) against the same weight block, so the integer dot, the conversion and
// the scaled accumulation each cover two tokens per instruction. Every lane computes what the
// 256-bit code computes for that token, in the same order (one chain per token over the blocks, same
// fused multiply-adds), so the results are bit-identical; only the instruction count halves.
#define HAVE_ZMM_TILES 1

// Up to ZMM_TILE tokens share each decoded weight block: 4 token pairs, 8 accumulators.
#define ZMM_TILE 8
// Rows of up to 8192 weights: the rearranged tile (up to 136 KB on the stack) stays cache-sized.
#define ZMM_MAX_BLOCKS 256

// MARK: 512-bit tiles of the signed formats (Q4_0, Q5_0, Q8_0 with Q8_0 activations)

// AVX-512 has no byte sign instruction for the |x| trick of the 256-bit code, so weights are made
// unsigned by a bias (Q4_0: nibble = q + 8, Q5_0: q + 16, Q8_0: q + 128 as a flipped sign bit)
// and each 32-bit lane starts from -bias * (its four activations' sum), prepared once per tile:
// the integer lane sums equal the 256-bit kernel's exactly, so everything after them is the
// same arithmetic and the outputs are bit-identical.
INLINE void q8_0_tile_prepare(const int kind, const uint8_t *a, size_t as, int nt, int tile, int blocks,
                              uint8_t *y, int32_t *neg_bias, float *d) {
    const __m512i bias = _mm512_set1_epi8((char)(kind == 0 ? 8 : (kind == 1 ? 16 : 128)));
    for (int b = 0; b < blocks; b++) {
        for (int t = 0; t < tile; t++) {
            const uint8_t *ab = a + (size_t)(t < nt ? t : nt - 1) * as + (size_t)b * 34;
            d[tile * b + t] = half_at(ab);
            memcpy(y + ((size_t)b * tile + t) * 32, ab + 2, 32);
        }
        for (int p = 0; p < tile / 2; p++) {
            const size_t at = (size_t)b * tile + 2 * p;
            const __m512i sums = _mm512_dpbusd_epi32(_mm512_setzero_si512(), bias, _mm512_loadu_si512((const void *)(y + at * 32)));
            _mm512_storeu_si512((void *)(neg_bias + at * 8), _mm512_sub_epi32(_mm512_setzero_si512(), sums));
        }
    }
}

INLINE __m256i signed32_unsigned_weights(const int kind, const uint8_t *wb) {
    if (kind == 0) return nibbles32(wb + 2);
    if (kind == 1) {
        const __m256i high = _mm256_and_si256(bit_bytes(wb + 2), _mm256_set1_epi8(0x10));
        return _mm256_or_si256(nibbles32(wb + 6), high);
    }
    return _mm256_xor_si256(load32(wb + 2), _mm256_set1_epi8((char)0x80));
}

INLINE void signed32_zmm_block(const int kind, const uint8_t *w, const int np, int b, const uint8_t *y,
                               const int32_t *neg_bias, const float *d, __m512 *acc) {
    const int wbytes = kind == 0 ? 18 : (kind == 1 ? 22 : 34);
    const int tile = 2 * np;
    const uint8_t *wb = w + (size_t)b * wbytes;
    const __m256i ux = signed32_unsigned_weights(kind, wb);
    const __m512i uz = _mm512_inserti64x4(_mm512_castsi256_si512(ux), ux, 1);
    const __m512 dw = _mm512_set1_ps(half_at(wb));
    const __m512 dt = np == 4 ? _mm512_castps256_ps512(_mm256_loadu_ps(d + tile * b))
                              : _mm512_castps128_ps512(_mm_loadu_ps(d + tile * b));
    for (int p = 0; p < np; p++) {
        const size_t at = (size_t)b * tile + 2 * p;
        const __m512 da = _mm512_permutexvar_ps(_mm512_setr_epi32(2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p,
            2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1), dt);
        const __m512i start = _mm512_loadu_si512((const void *)(neg_bias + at * 8));
        const __m512i yz = _mm512_loadu_si512((const void *)(y + at * 32));
        const __m512 prod = _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(start, uz, yz));
        acc[p] = _mm512_fmadd_ps(_mm512_mul_ps(dw, da), prod, acc[p]);
    }
}

INLINE void tile_signed32_zmm(const int kind, const uint8_t *w, const int np, int nt, int blocks,
                              const uint8_t *y, const int32_t *neg_bias, const float *d, float *out, size_t os) {
    __m512 acc[ZMM_TILE / 2];
    for (int p = 0; p < np; p++) acc[p] = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) signed32_zmm_block(kind, w, np, b, y, neg_bias, d, acc);
    for (int t = 0; t < nt; t++) {
        const __m512 sum = acc[t / 2];
        out[t * os] = hsum8((t & 1) ? _mm512_extractf32x8_ps(sum, 1) : _mm512_castps512_ps256(sum));
    }
}

// MARK: 512-bit tiles of the min formats (Q4_1, Q5_1 with Q8_1 activations)

// A tile's activations rearranged once per row range: for block b and token pair p, the two
// tokens' 32 quants side by side (one 64-byte load), and their scales d and s as floats
// (x[tile * b + t]). Tokens past `nt` repeat the last one; their results are not stored.
INLINE void q8_1_tile_prepare(const uint8_t *a, size_t as, int nt, int tile, int blocks,
                              uint8_t *y, float *d, float *s) {
    for (int b = 0; b < blocks; b++) {
        for (int t = 0; t < tile; t++) {
            const uint8_t *ab = a + (size_t)(t < nt ? t : nt - 1) * as + (size_t)b * 36;
            const __m128 ds = half_pair_at(ab);
            d[tile * b + t] = _mm_cvtss_f32(ds);
            s[tile * b + t] = second_half(ds);
            memcpy(y + ((size_t)b * tile + t) * 32, ab + 4, 32);
        }
    }
}

// One weight block against `np` token pairs (np = tile / 2).
INLINE void min32_zmm_block(const int kind, const uint8_t *w, const int np, int b, const uint8_t *y,
                            const float *d, const float *s, __m512 *acc, __m256 *mins) {
    const int wbytes = kind == 0 ? 20 : 24;
    const int tile = 2 * np;
    const uint8_t *wb = w + (size_t)b * wbytes;
    const __m128 dmw = half_pair_at(wb);
    const __m256i qx = min32_weights(kind, wb);
    const __m512i qz = _mm512_inserti64x4(_mm512_castsi256_si512(qx), qx, 1);
    const __m512 dw = _mm512_broadcastss_ps(dmw);
    const __m512 dt = np == 4 ? _mm512_castps256_ps512(_mm256_loadu_ps(d + tile * b))
                              : _mm512_castps128_ps512(_mm_loadu_ps(d + tile * b));
    for (int p = 0; p < np; p++) {
        const __m512 da = _mm512_permutexvar_ps(_mm512_setr_epi32(2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p,
            2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1), dt);
        const __m512i yz = _mm512_loadu_si512((const void *)(y + ((size_t)b * tile + 2 * p) * 32));
        const __m512 prod = _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(_mm512_setzero_si512(), qz, yz));
        acc[p] = _mm512_fmadd_ps(_mm512_mul_ps(dw, da), prod, acc[p]);
    }
    // m x each token's s, token t in lane t
    const __m256 mw = _mm256_broadcastss_ps(_mm_movehdup_ps(dmw));
    const __m256 st = np == 4 ? _mm256_loadu_ps(s + tile * b) : _mm256_castps128_ps256(_mm_loadu_ps(s + tile * b));
    *mins = _mm256_fmadd_ps(mw, st, *mins);
}

// Up to 2 * np tokens of one row, from a tile prepared by q8_1_tile_prepare.
INLINE void tile_min32_zmm(const int kind, const uint8_t *w, const int np, int nt, int blocks,
                           const uint8_t *y, const float *d, const float *s, float *out, size_t os) {
    __m512 acc[ZMM_TILE / 2];
    for (int p = 0; p < np; p++) acc[p] = _mm512_setzero_ps();
    __m256 mins = _mm256_setzero_ps();
    for (int b = 0; b < blocks; b++) min32_zmm_block(kind, w, np, b, y, d, s, acc, &mins);
    float m[ZMM_TILE];
    _mm256_storeu_ps(m, mins);
    for (int t = 0; t < nt; t++) {
        const __m512 sum = acc[t / 2];
        const __m256 half = (t & 1) ? _mm512_extractf32x8_ps(sum, 1) : _mm512_castps512_ps256(sum);
        out[t * os] = hsum8(half) + m[t];
    }
}
#endif

// MARK: K-quants with Q8_K activations (292-byte blocks: d (f32), 256 x int8, 16 x int16 sums)

// The 8 six-bit scales and mins of a Q4_K/Q5_K block, each as int16.
INLINE void k4_scales(const uint8_t *q, int16_t sc[8], int16_t mn[8]) {
    for (int j = 0; j < 4; j++) {
        sc[j] = q[j] & 63;
        mn[j] = q[j + 4] & 63;
        sc[j + 4] = (q[j + 8] & 0x0F) | ((q[j] >> 6) << 4);
        mn[j + 4] = (q[j + 8] >> 4) | ((q[j + 4] >> 6) << 4);
    }
}

// is_q5: Q5_K (176 B, qh[32] before qs) instead of Q4_K (144 B). Q4_K follows the order of
// llama.cpp's x86 path for it (weights repacked 8 rows at a time): per output two scalar chains,
// acc = fma(integer total of sc * dot, d_w * d_a, acc) and mins = fma(integer total of min * bsum,
// dmin_w * d_a, mins), result acc - mins. The totals cover one super-block for tokens that
// llama.cpp runs through `ggml_gemv_q4_K_8x8_q8_K` (the last batch % 4 tokens, so every decoded
// token) and one pair of sub-blocks (64 weights) for the others, which go through
// `ggml_gemm_q4_K_8x8_q8_K` in groups of 4. Q5_K (no model here uses it) keeps 8 float lanes.
// `grouped`: the tile's tokens are inside llama.cpp's gemm groups of 4.
INLINE void tile_q45K(const int is_q5, const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                      int blocks, float *out, size_t os, const int grouped) {
    const int wbytes = is_q5 ? 176 : 144;
    const int pairs = !is_q5 && grouped;
    __m256 acc[MAX_TILE];
    float mins[MAX_TILE], kacc[MAX_TILE], da[MAX_TILE];
    for (int t = 0; t < nt; t++) { acc[t] = _mm256_setzero_ps(); mins[t] = 0; kacc[t] = 0; }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *wb = w + (size_t)b * wbytes;
        const __m128 dpair = half_pair_at(wb);
        const float dw = _mm_cvtss_f32(dpair), dminw = second_half(dpair);
        for (int t = 0; t < nt; t++) memcpy(&da[t], a + t * as + (size_t)b * 292, 4);
        int16_t sc[8], mn[8];
        k4_scales(wb + 4, sc, mn);
        // Each min applies to 32 activations = two 16-wide bsums: pair the mins with the bsums.
        const __m256i mins16 = _mm256_setr_epi16(mn[0], mn[0], mn[1], mn[1], mn[2], mn[2], mn[3], mn[3],
                                                 mn[4], mn[4], mn[5], mn[5], mn[6], mn[6], mn[7], mn[7]);
        const uint8_t *qs = wb + (is_q5 ? 48 : 16);
        const __m256i qh = is_q5 ? load32(wb + 16) : _mm256_setzero_si256();
        __m256i isum[MAX_TILE];
        for (int t = 0; t < nt; t++) isum[t] = _mm256_setzero_si256();
        for (int c = 0; c < 4; c++) {
            const __m256i bytes = load32(qs + 32 * c);
            __m256i lo = _mm256_and_si256(bytes, low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4);
            if (is_q5) {
                const __m256i one = _mm256_set1_epi8(1);
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * c), one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * c + 1), one), 4));
            }
            const __m256i s0 = _mm256_set1_epi16(sc[2 * c]), s1 = _mm256_set1_epi16(sc[2 * c + 1]);
            for (int t = 0; t < nt; t++) {
                const uint8_t *y = a + t * as + (size_t)b * 292 + 4 + 64 * c;
                const __m256i p0 = _mm256_madd_epi16(_mm256_maddubs_epi16(lo, load32(y)), s0);
                const __m256i p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(hi, load32(y + 32)), s1);
                if (pairs) kacc[t] = fmaf((float)hsum_i32(_mm256_add_epi32(p0, p1)), dw * da[t], kacc[t]);
                else isum[t] = _mm256_add_epi32(isum[t], _mm256_add_epi32(p0, p1));
            }
        }
        for (int t = 0; t < nt; t++) {
            const uint8_t *ab = a + t * as + (size_t)b * 292;
            const __m256i msum = _mm256_madd_epi16(load32(ab + 260), mins16);
            if (is_q5) {
                acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(da[t] * dw), _mm256_cvtepi32_ps(isum[t]), acc[t]);
                mins[t] -= da[t] * dminw * (float)hsum_i32(msum);
            } else if (pairs) {
                int32_t m[8];
                _mm256_storeu_si256((__m256i *)m, msum);
                for (int c = 0; c < 4; c++) mins[t] = fmaf((float)(m[2 * c] + m[2 * c + 1]), dminw * da[t], mins[t]);
            } else {
                kacc[t] = fmaf((float)hsum_i32(isum[t]), dw * da[t], kacc[t]);
                mins[t] = fmaf((float)hsum_i32(msum), dminw * da[t], mins[t]);
            }
        }
    }
    for (int t = 0; t < nt; t++) out[t * os] = is_q5 ? hsum8(acc[t]) + mins[t] : kacc[t] - mins[t];
}

// Q6_K (210 B): ql[128], qh[64], scales[16] (int8), d. Weights are q - 32 with q in 0..63;
// maddubs takes q unsigned and the 32 * sum(a) part comes back through the bsums.
// Two orders, as llama.cpp's x86 build (Q6_K is not repacked there): batches under 8 tokens go
// through `ggml_vec_dot_q6_K_q8_K`, 8 lanes acc = fma(d_a * d_w, float(lane), acc) and hsum8;
// batches of 8 or more through ggml-cpu's tiled K-quant matmul (tiled/tiled-kernel.cpp, AVX-512
// VNNI), one chain per output of the super-blocks' integer totals S:
// acc = fma(float(S) * d_w, d_a, acc) (GCC contracts its mul + add there into this fma).
INLINE void tile_q6K(const uint8_t *w, const uint8_t *a, size_t as, const int nt,
                     int blocks, float *out, size_t os, const int tiled) {
    __m256 acc[MAX_TILE];
    float kacc[MAX_TILE];
    for (int t = 0; t < nt; t++) { acc[t] = _mm256_setzero_ps(); kacc[t] = 0; }
    const __m256i low4 = _mm256_set1_epi8(0x0F), three = _mm256_set1_epi8(3);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *wb = w + (size_t)b * 210;
        const float dw = second_half(half_pair_at(wb + 206));   // d is the block's last 2 bytes
        const __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(wb + 192)));
        __m256i isum[MAX_TILE];
        for (int t = 0; t < nt; t++) isum[t] = _mm256_setzero_si256();
        for (int half = 0; half < 2; half++) {
            const __m256i ql0 = load32(wb + 64 * half), ql1 = load32(wb + 64 * half + 32);
            const __m256i qh = load32(wb + 128 + 32 * half);
            for (int part = 0; part < 4; part++) {
                const __m256i lowbits = part == 0 ? _mm256_and_si256(ql0, low4)
                                      : part == 1 ? _mm256_and_si256(ql1, low4)
                                      : part == 2 ? _mm256_and_si256(_mm256_srli_epi16(ql0, 4), low4)
                                                  : _mm256_and_si256(_mm256_srli_epi16(ql1, 4), low4);
                const __m256i highbits = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * part), three), 4);
                const __m256i q = _mm256_or_si256(lowbits, highbits);
                const int sub = 8 * half + 2 * part;   // two 16-weight sub-blocks per 32 weights
                const __m256i sc = _mm256_setr_m128i(_mm_set1_epi16((short)((const int8_t *)wb)[192 + sub]),
                                                     _mm_set1_epi16((short)((const int8_t *)wb)[192 + sub + 1]));
                for (int t = 0; t < nt; t++) {
                    const uint8_t *y = a + t * as + (size_t)b * 292 + 4 + 128 * half + 32 * part;
                    isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(y)), sc));
                }
            }
        }
        for (int t = 0; t < nt; t++) {
            const uint8_t *ab = a + t * as + (size_t)b * 292;
            float da;
            memcpy(&da, ab, 4);
            const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(load32(ab + 260), scales16), 5);
            const __m256i lanes = _mm256_sub_epi32(isum[t], offset);
            if (tiled) {
                const float scaled = (float)hsum_i32(lanes) * dw;
                kacc[t] = fmaf(scaled, da, kacc[t]);
            } else {
                acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(da * dw), _mm256_cvtepi32_ps(lanes), acc[t]);
            }
        }
    }
    for (int t = 0; t < nt; t++) out[t * os] = tiled ? kacc[t] : hsum8(acc[t]);
}

#ifdef HAVE_ZMM_TILES
// MARK: 512-bit token tiles of the K-quants (Q4_K, Q5_K, Q6_K with Q8_K activations)

// Two tokens per register as above. The integer part (maddubs, then madd with the sub-block
// scales) is the 256-bit code's per lane; the per-token min correction is computed with the
// 256-bit code's very expressions; so the outputs are bit-identical.

// Rows of up to 8192 weights (32 super-blocks): the rearranged tile is 73 KB.
#define ZMM_MAX_SUPER_BLOCKS 32

// For super-block b, token pair p and 32-byte chunk k (0..7) of the quants: the two tokens' chunks
// side by side at y[((b * np + p) * 8 + k) * 64]; their bsums side by side at
// bsums[(b * np + p) * 32] (int16); their d as floats at d[2 * np * b + t]. Tokens past `nt`
// repeat the last one.
// Also, for Q4_K's gemm order, the activation sums of each 32-weight sub-block as int16 pairs
// (sub-blocks 2c and 2c + 1) per token: pair_sums[((b * 4 + c) * 8 + t) * 2 + {0, 1}].
INLINE void q8_K_tile_prepare(const uint8_t *a, size_t as, int nt, int np, int blocks,
                              uint8_t *y, int16_t *bsums, float *d, int16_t *pair_sums) {
    for (int b = 0; b < blocks; b++) {
        for (int t = 0; t < 8; t++) {
            const uint8_t *ab = a + (size_t)(t < nt ? t : nt - 1) * as + (size_t)b * 292;
            int16_t bs[16];
            memcpy(bs, ab + 260, 32);
            for (int j = 0; j < 8; j++) pair_sums[((b * 4 + j / 2) * 8 + t) * 2 + (j & 1)] = (int16_t)(bs[2 * j] + bs[2 * j + 1]);
            if (t >= 2 * np) continue;
            const int p = t / 2, side = t & 1;
            memcpy(&d[2 * np * b + t], ab, 4);
            for (int k = 0; k < 8; k++) memcpy(y + (((size_t)b * np + p) * 8 + k) * 64 + 32 * side, ab + 4 + 32 * k, 32);
            memcpy(bsums + ((size_t)b * np + p) * 32 + 16 * side, ab + 260, 32);
        }
    }
}

// The integer total of each token's 8 lanes: part[p] holds token 2p in its low 256 bits and token
// 2p + 1 in its high 256 bits; lane t of the result is token t (np = 2: lanes 4-7 undefined).
INLINE __m256i token_totals(const __m512i *part, const int np) {
    const __m512i u = _mm512_add_epi32(_mm512_shuffle_i32x4(part[0], part[1], _MM_SHUFFLE(2, 0, 2, 0)),
                                       _mm512_shuffle_i32x4(part[0], part[1], _MM_SHUFFLE(3, 1, 3, 1)));
    __m512i v = u;
    if (np == 4) v = _mm512_add_epi32(_mm512_shuffle_i32x4(part[2], part[3], _MM_SHUFFLE(2, 0, 2, 0)),
                                      _mm512_shuffle_i32x4(part[2], part[3], _MM_SHUFFLE(3, 1, 3, 1)));
    // Each 128-bit chunk now holds one token's 4 partial sums: fold them into every lane of the chunk.
    __m512i uf = _mm512_add_epi32(u, _mm512_shuffle_epi32(u, (_MM_PERM_ENUM)0xB1));
    uf = _mm512_add_epi32(uf, _mm512_shuffle_epi32(uf, (_MM_PERM_ENUM)0x4E));
    __m512i vf = _mm512_add_epi32(v, _mm512_shuffle_epi32(v, (_MM_PERM_ENUM)0xB1));
    vf = _mm512_add_epi32(vf, _mm512_shuffle_epi32(vf, (_MM_PERM_ENUM)0x4E));
    const __m512i pick = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
    return _mm512_castsi512_si256(_mm512_permutex2var_epi32(uf, pick, vf));
}

INLINE __m512i twice(__m256i x) { return _mm512_inserti64x4(_mm512_castsi256_si512(x), x, 1); }

INLINE __m512 pair_scale(const float *d, int tile, int b, int p, float dw) {
    const float *dp = d + tile * b + 2 * p;
    return _mm512_mul_ps(_mm512_insertf32x8(_mm512_set1_ps(dp[0]), _mm256_set1_ps(dp[1]), 1), _mm512_set1_ps(dw));
}

// is_q5 as tile_q45K; np token pairs of one row; writes tokens 0..<nt.
INLINE void tile_q45K_zmm(const int is_q5, const uint8_t *w, const int np, int nt, int blocks,
                          const uint8_t *y, const int16_t *bsums, const float *d, float *out, size_t os) {
    const int wbytes = is_q5 ? 176 : 144;
    const int tile = 2 * np;
    __m512 acc[ZMM_TILE / 2];
    float mins[ZMM_TILE], kacc[ZMM_TILE];
    for (int p = 0; p < np; p++) acc[p] = _mm512_setzero_ps();
    for (int t = 0; t < tile; t++) { mins[t] = 0; kacc[t] = 0; }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *wb = w + (size_t)b * wbytes;
        const __m128 dpair = half_pair_at(wb);
        const float dw = _mm_cvtss_f32(dpair), dminw = second_half(dpair);
        int16_t sc[8], mn[8];
        k4_scales(wb + 4, sc, mn);
        const __m256i mins16 = _mm256_setr_epi16(mn[0], mn[0], mn[1], mn[1], mn[2], mn[2], mn[3], mn[3],
                                                 mn[4], mn[4], mn[5], mn[5], mn[6], mn[6], mn[7], mn[7]);
        const uint8_t *qs = wb + (is_q5 ? 48 : 16);
        const __m256i qh = is_q5 ? load32(wb + 16) : _mm256_setzero_si256();
        __m512i isum[ZMM_TILE / 2];
        for (int p = 0; p < np; p++) isum[p] = _mm512_setzero_si512();
        for (int c = 0; c < 4; c++) {
            const __m256i bytes = load32(qs + 32 * c);
            __m256i lo = _mm256_and_si256(bytes, low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4);
            if (is_q5) {
                const __m256i one = _mm256_set1_epi8(1);
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * c), one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * c + 1), one), 4));
            }
            const __m512i loz = twice(lo), hiz = twice(hi);
            const __m512i s0 = _mm512_set1_epi16(sc[2 * c]), s1 = _mm512_set1_epi16(sc[2 * c + 1]);
            for (int p = 0; p < np; p++) {
                const uint8_t *yc = y + (((size_t)b * np + p) * 8 + 2 * c) * 64;
                const __m512i p0 = _mm512_madd_epi16(_mm512_maddubs_epi16(loz, _mm512_loadu_si512((const void *)yc)), s0);
                const __m512i p1 = _mm512_madd_epi16(_mm512_maddubs_epi16(hiz, _mm512_loadu_si512((const void *)(yc + 64))), s1);
                isum[p] = _mm512_add_epi32(isum[p], _mm512_add_epi32(p0, p1));
            }
        }
        const __m512i mins16z = twice(mins16);
        for (int p = 0; p < np; p++) {
            if (is_q5) acc[p] = _mm512_fmadd_ps(pair_scale(d, tile, b, p, dw), _mm512_cvtepi32_ps(isum[p]), acc[p]);
            const __m512i msum = _mm512_madd_epi16(_mm512_loadu_si512((const void *)(bsums + ((size_t)b * np + p) * 32)), mins16z);
            for (int side = 0; side < 2; side++) {
                const int t = 2 * p + side;
                const float da = d[tile * b + t];
                const __m256i m = side ? _mm512_extracti64x4_epi64(msum, 1) : _mm512_castsi512_si256(msum);
                if (is_q5) {
                    mins[t] -= da * dminw * (float)hsum_i32(m);
                } else {
                    const __m256i is = side ? _mm512_extracti64x4_epi64(isum[p], 1) : _mm512_castsi512_si256(isum[p]);
                    kacc[t] = fmaf((float)hsum_i32(is), dw * da, kacc[t]);
                    mins[t] = fmaf((float)hsum_i32(m), dminw * da, mins[t]);
                }
            }
        }
    }
    for (int t = 0; t < nt; t++) {
        const __m512 a2 = acc[t / 2];
        out[t * os] = is_q5 ? hsum8((t & 1) ? _mm512_extractf32x8_ps(a2, 1) : _mm512_castps512_ps256(a2)) + mins[t]
                            : kacc[t] - mins[t];
    }
}

// Q4_K tokens inside llama.cpp's gemm groups (tile_q45K): per output one fused multiply-add per
// 64 weights. The per-token chains run as lanes of one vector (lane t: token t), the same fma per lane.
INLINE void tile_q4K_zmm_pairs(const uint8_t *w, const int np, int nt, int blocks, const uint8_t *y,
                               const int16_t *pair_sums, const float *d, float *out, size_t os) {
    const int tile = 2 * np;
    __m256 acc = _mm256_setzero_ps(), mins = _mm256_setzero_ps();
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *wb = w + (size_t)b * 144;
        const __m128 dpair = half_pair_at(wb);
        const __m256 da = np == 4 ? _mm256_loadu_ps(d + tile * b) : _mm256_castps128_ps256(_mm_loadu_ps(d + tile * b));
        const __m256 scale = _mm256_mul_ps(_mm256_broadcastss_ps(dpair), da);
        const __m256 mscale = _mm256_mul_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(dpair)), da);
        int16_t sc[8], mn[8];
        k4_scales(wb + 4, sc, mn);
        for (int c = 0; c < 4; c++) {
            const __m256i bytes = load32(wb + 16 + 32 * c);
            const __m512i loz = twice(_mm256_and_si256(bytes, low4));
            const __m512i hiz = twice(_mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4));
            const __m512i s0 = _mm512_set1_epi16(sc[2 * c]), s1 = _mm512_set1_epi16(sc[2 * c + 1]);
            __m512i part[ZMM_TILE / 2];
            for (int p = 0; p < np; p++) {
                const uint8_t *yc = y + (((size_t)b * np + p) * 8 + 2 * c) * 64;
                const __m512i p0 = _mm512_madd_epi16(_mm512_maddubs_epi16(loz, _mm512_loadu_si512((const void *)yc)), s0);
                const __m512i p1 = _mm512_madd_epi16(_mm512_maddubs_epi16(hiz, _mm512_loadu_si512((const void *)(yc + 64))), s1);
                part[p] = _mm512_add_epi32(p0, p1);
            }
            acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(token_totals(part, np)), scale, acc);
            const __m256i mpair = _mm256_set1_epi32((int)((uint32_t)(uint16_t)mn[2 * c] | ((uint32_t)(uint16_t)mn[2 * c + 1] << 16)));
            const __m256i imins = _mm256_madd_epi16(load32((const uint8_t *)(pair_sums + ((size_t)b * 4 + c) * 16)), mpair);
            mins = _mm256_fmadd_ps(_mm256_cvtepi32_ps(imins), mscale, mins);
        }
    }
    float a[8], m[8];
    _mm256_storeu_ps(a, acc);
    _mm256_storeu_ps(m, mins);
    for (int t = 0; t < nt; t++) out[t * os] = a[t] - m[t];
}

// `tiled`: the order of batches of 8 or more tokens (tile_q6K), token chains as lanes of `kacc`.
INLINE void tile_q6K_zmm(const uint8_t *w, const int np, int nt, int blocks,
                         const uint8_t *y, const int16_t *bsums, const float *d, float *out, size_t os,
                         const int tiled) {
    const int tile = 2 * np;
    __m512 acc[ZMM_TILE / 2];
    __m256 kacc = _mm256_setzero_ps();
    for (int p = 0; p < np; p++) acc[p] = _mm512_setzero_ps();
    const __m256i low4 = _mm256_set1_epi8(0x0F), three = _mm256_set1_epi8(3);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *wb = w + (size_t)b * 210;
        const float dw = second_half(half_pair_at(wb + 206));
        const __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(wb + 192)));
        __m512i isum[ZMM_TILE / 2];
        for (int p = 0; p < np; p++) isum[p] = _mm512_setzero_si512();
        for (int half = 0; half < 2; half++) {
            const __m256i ql0 = load32(wb + 64 * half), ql1 = load32(wb + 64 * half + 32);
            const __m256i qh = load32(wb + 128 + 32 * half);
            for (int part = 0; part < 4; part++) {
                const __m256i lowbits = part == 0 ? _mm256_and_si256(ql0, low4)
                                      : part == 1 ? _mm256_and_si256(ql1, low4)
                                      : part == 2 ? _mm256_and_si256(_mm256_srli_epi16(ql0, 4), low4)
                                                  : _mm256_and_si256(_mm256_srli_epi16(ql1, 4), low4);
                const __m256i highbits = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * part), three), 4);
                const __m512i q = twice(_mm256_or_si256(lowbits, highbits));
                const int sub = 8 * half + 2 * part;
                const __m512i sc = twice(_mm256_setr_m128i(_mm_set1_epi16((short)((const int8_t *)wb)[192 + sub]),
                                                           _mm_set1_epi16((short)((const int8_t *)wb)[192 + sub + 1])));
                for (int p = 0; p < np; p++) {
                    const uint8_t *yc = y + (((size_t)b * np + p) * 8 + 4 * half + part) * 64;
                    isum[p] = _mm512_add_epi32(isum[p], _mm512_madd_epi16(_mm512_maddubs_epi16(q, _mm512_loadu_si512((const void *)yc)), sc));
                }
            }
        }
        const __m512i scales16z = twice(scales16);
        for (int p = 0; p < np; p++) {
            const __m512i offset = _mm512_slli_epi32(_mm512_madd_epi16(_mm512_loadu_si512((const void *)(bsums + ((size_t)b * np + p) * 32)), scales16z), 5);
            isum[p] = _mm512_sub_epi32(isum[p], offset);
            if (!tiled) acc[p] = _mm512_fmadd_ps(pair_scale(d, tile, b, p, dw), _mm512_cvtepi32_ps(isum[p]), acc[p]);
        }
        if (tiled) {
            const __m256 da = np == 4 ? _mm256_loadu_ps(d + tile * b) : _mm256_castps128_ps256(_mm_loadu_ps(d + tile * b));
            const __m256 scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(token_totals(isum, np)), _mm256_set1_ps(dw));
            kacc = _mm256_fmadd_ps(scaled, da, kacc);
        }
    }
    float k[8];
    _mm256_storeu_ps(k, kacc);
    for (int t = 0; t < nt; t++) {
        const __m512 a2 = acc[t / 2];
        out[t * os] = tiled ? k[t] : hsum8((t & 1) ? _mm512_extractf32x8_ps(a2, 1) : _mm512_castps512_ps256(a2));
    }
}
#endif

// MARK: entry points: rows x token tiles, the tile size dispatched to a constant

// For each tile of up to MAX_TILE tokens, every row: the order MatMul used when it called one row
// at a time, so the outputs are bit-identical; one call per row range saves the per-row call and
// dispatch, which cost about as much as the work on short rows (576 weights = 18 blocks).
#define DEFINE_MATMUL(name, tile_call) \
void name(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, \
          float *out, size_t os) { \
    for (int t0 = 0; t0 < tokens; t0 += MAX_TILE) { \
        const int nt = tokens - t0 < MAX_TILE ? tokens - t0 : MAX_TILE; \
        const uint8_t *at = (const uint8_t *)a + (size_t)t0 * as; \
        float *ot = out + (size_t)t0 * os; \
        const int grouped = t0 + nt <= tokens - tokens % 4; (void)grouped; \
        for (int r = 0; r < rows; r++) { \
            const uint8_t *wr = (const uint8_t *)w + (size_t)r * ws; \
            switch (nt) { \
            case 1: tile_call(wr, at, as, 1, blocks, ot + r, os, grouped, tokens); break; \
            case 2: tile_call(wr, at, as, 2, blocks, ot + r, os, grouped, tokens); break; \
            case 3: tile_call(wr, at, as, 3, blocks, ot + r, os, grouped, tokens); break; \
            default: tile_call(wr, at, as, 4, blocks, ot + r, os, grouped, tokens); break; \
            } \
        } \
    } \
}

// (..., grouped: the tile lies in the batch's first tokens - tokens % 4, batch: the batch's tokens)
#define Q4_0_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_signed32(0, w, a, as, n, blocks, out, os)
#define Q5_0_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_signed32(1, w, a, as, n, blocks, out, os)
#define Q8_0_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_signed32(2, w, a, as, n, blocks, out, os)
#define Q4_1_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_min32(0, w, a, as, n, blocks, out, os)
#define Q5_1_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_min32(1, w, a, as, n, blocks, out, os)
#define Q4_K_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_q45K(0, w, a, as, n, blocks, out, os, grouped)
#define Q5_K_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_q45K(1, w, a, as, n, blocks, out, os, 0)
#define Q6_K_TILE(w, a, as, n, blocks, out, os, grouped, batch) tile_q6K(w, a, as, n, blocks, out, os, (batch) >= 8)

#ifdef HAVE_ZMM_TILES
#define DEFINE_SIGNED32_MATMUL(name, kind) \
void name(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, \
          float *out, size_t os) { \
    if (blocks > ZMM_MAX_BLOCKS) { \
        for (int t0 = 0; t0 < tokens; t0 += MAX_TILE) { \
            const int nt = tokens - t0 < MAX_TILE ? tokens - t0 : MAX_TILE; \
            for (int r = 0; r < rows; r++) \
                tile_signed32(kind, (const uint8_t *)w + (size_t)r * ws, (const uint8_t *)a + (size_t)t0 * as, as, \
                              nt, blocks, out + (size_t)t0 * os + r, os); \
        } \
        return; \
    } \
    uint8_t y[ZMM_MAX_BLOCKS * ZMM_TILE * 32] __attribute__((aligned(64))); \
    int32_t neg_bias[ZMM_MAX_BLOCKS * ZMM_TILE * 8] __attribute__((aligned(64))); \
    float d[ZMM_MAX_BLOCKS * ZMM_TILE]; \
    for (int t0 = 0; t0 < tokens; t0 += ZMM_TILE) { \
        const int nt = tokens - t0 < ZMM_TILE ? tokens - t0 : ZMM_TILE; \
        const uint8_t *at = (const uint8_t *)a + (size_t)t0 * as; \
        float *ot = out + (size_t)t0 * os; \
        if (nt == 1) { \
            for (int r = 0; r < rows; r++) tile_signed32(kind, (const uint8_t *)w + (size_t)r * ws, at, as, 1, blocks, ot + r, os); \
        } else if (nt <= 4) { \
            q8_0_tile_prepare(kind, at, as, nt, 4, blocks, y, neg_bias, d); \
            for (int r = 0; r < rows; r++) tile_signed32_zmm(kind, (const uint8_t *)w + (size_t)r * ws, 2, nt, blocks, y, neg_bias, d, ot + r, os); \
        } else { \
            q8_0_tile_prepare(kind, at, as, nt, 8, blocks, y, neg_bias, d); \
            for (int r = 0; r < rows; r++) tile_signed32_zmm(kind, (const uint8_t *)w + (size_t)r * ws, 4, nt, blocks, y, neg_bias, d, ot + r, os); \
        } \
    } \
}
DEFINE_SIGNED32_MATMUL(ck_dot_q4_0, 0)
DEFINE_SIGNED32_MATMUL(ck_dot_q5_0, 1)
DEFINE_SIGNED32_MATMUL(ck_dot_q8_0, 2)
#else
DEFINE_MATMUL(ck_dot_q4_0, Q4_0_TILE)
DEFINE_MATMUL(ck_dot_q5_0, Q5_0_TILE)
DEFINE_MATMUL(ck_dot_q8_0, Q8_0_TILE)
#endif
#ifdef HAVE_ZMM_TILES
// Single tokens keep the 256-bit kernel (two blocks in flight); tiles of 2-4 and 5-8 tokens take
// the 512-bit one with 2 or 4 token pairs, the tile rearranged once for all rows.
#define DEFINE_MIN32_MATMUL(name, kind) \
void name(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, \
          float *out, size_t os) { \
    if (blocks > ZMM_MAX_BLOCKS) { \
        for (int t0 = 0; t0 < tokens; t0 += MAX_TILE) { \
            const int nt = tokens - t0 < MAX_TILE ? tokens - t0 : MAX_TILE; \
            for (int r = 0; r < rows; r++) \
                tile_min32(kind, (const uint8_t *)w + (size_t)r * ws, (const uint8_t *)a + (size_t)t0 * as, as, \
                           nt, blocks, out + (size_t)t0 * os + r, os); \
        } \
        return; \
    } \
    uint8_t y[ZMM_MAX_BLOCKS * ZMM_TILE * 32] __attribute__((aligned(64))); \
    float d[ZMM_MAX_BLOCKS * ZMM_TILE], s[ZMM_MAX_BLOCKS * ZMM_TILE]; \
    for (int t0 = 0; t0 < tokens; t0 += ZMM_TILE) { \
        const int nt = tokens - t0 < ZMM_TILE ? tokens - t0 : ZMM_TILE; \
        const uint8_t *at = (const uint8_t *)a + (size_t)t0 * as; \
        float *ot = out + (size_t)t0 * os; \
        if (nt == 1) { \
            for (int r = 0; r < rows; r++) tile_min32(kind, (const uint8_t *)w + (size_t)r * ws, at, as, 1, blocks, ot + r, os); \
        } else if (nt <= 4) { \
            q8_1_tile_prepare(at, as, nt, 4, blocks, y, d, s); \
            for (int r = 0; r < rows; r++) tile_min32_zmm(kind, (const uint8_t *)w + (size_t)r * ws, 2, nt, blocks, y, d, s, ot + r, os); \
        } else { \
            q8_1_tile_prepare(at, as, nt, 8, blocks, y, d, s); \
            for (int r = 0; r < rows; r++) tile_min32_zmm(kind, (const uint8_t *)w + (size_t)r * ws, 4, nt, blocks, y, d, s, ot + r, os); \
        } \
    } \
}
DEFINE_MIN32_MATMUL(ck_dot_q4_1, 0)
DEFINE_MIN32_MATMUL(ck_dot_q5_1, 1)
#else
DEFINE_MATMUL(ck_dot_q4_1, Q4_1_TILE)
DEFINE_MATMUL(ck_dot_q5_1, Q5_1_TILE)
#endif
#ifdef HAVE_ZMM_TILES
// tile_call(w, np, nt, blocks, y, bsums, d, out, os); single tokens and very long rows keep the
// 256-bit kernels.
// Tokens [0, g) with g = tokens - tokens % 4 are the ones llama.cpp multiplies in gemm groups of 4
// for repacked Q4_K; they go in tiles of 8 or 4 through `pairs_call`, the tail through `zmm_call` /
// tile256. For the other types the split only changes tiling, not results.
#define DEFINE_K_MATMUL(name, tile256, zmm_call, pairs_call) \
void name(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, \
          float *out, size_t os) { \
    uint8_t y[ZMM_MAX_SUPER_BLOCKS * ZMM_TILE * 256] __attribute__((aligned(64))); \
    int16_t bsums[ZMM_MAX_SUPER_BLOCKS * ZMM_TILE * 16] __attribute__((aligned(64))); \
    int16_t pair_sums[ZMM_MAX_SUPER_BLOCKS * 4 * ZMM_TILE * 2] __attribute__((aligned(64))); \
    float d[ZMM_MAX_SUPER_BLOCKS * ZMM_TILE]; \
    const int step = blocks > ZMM_MAX_SUPER_BLOCKS ? MAX_TILE : ZMM_TILE; \
    const int grouped = tokens - tokens % 4; \
    for (int t0 = 0; t0 < tokens;) { \
        const int limit = t0 < grouped ? grouped : tokens; \
        const int nt = limit - t0 < step ? limit - t0 : step; \
        const uint8_t *at = (const uint8_t *)a + (size_t)t0 * as; \
        float *ot = out + (size_t)t0 * os; \
        if (nt == 1 || step == MAX_TILE) { \
            for (int r = 0; r < rows; r++) { \
                const uint8_t *wr = (const uint8_t *)w + (size_t)r * ws; \
                switch (nt) { \
                case 1: tile256(wr, at, as, 1, blocks, ot + r, os, t0 < grouped, tokens); break; \
                case 2: tile256(wr, at, as, 2, blocks, ot + r, os, t0 < grouped, tokens); break; \
                case 3: tile256(wr, at, as, 3, blocks, ot + r, os, t0 < grouped, tokens); break; \
                default: tile256(wr, at, as, 4, blocks, ot + r, os, t0 < grouped, tokens); break; \
                } \
            } \
        } else { \
            const int np = nt <= 4 ? 2 : 4; \
            q8_K_tile_prepare(at, as, nt, np, blocks, y, bsums, d, pair_sums); \
            for (int r = 0; r < rows; r++) { \
                const uint8_t *wr = (const uint8_t *)w + (size_t)r * ws; \
                if (t0 < grouped) pairs_call(wr, np, nt, blocks, y, bsums, pair_sums, d, ot + r, os, tokens); \
                else zmm_call(wr, np, nt, blocks, y, bsums, d, ot + r, os, tokens); \
            } \
        } \
        t0 += nt; \
    } \
}
#define Q4_K_ZMM(w, np, nt, blocks, y, bs, d, out, os, batch) tile_q45K_zmm(0, w, np, nt, blocks, y, bs, d, out, os)
#define Q5_K_ZMM(w, np, nt, blocks, y, bs, d, out, os, batch) tile_q45K_zmm(1, w, np, nt, blocks, y, bs, d, out, os)
#define Q6_K_ZMM(w, np, nt, blocks, y, bs, d, out, os, batch) tile_q6K_zmm(w, np, nt, blocks, y, bs, d, out, os, (batch) >= 8)
#define Q4_K_PAIRS(w, np, nt, blocks, y, bs, ps, d, out, os, batch) tile_q4K_zmm_pairs(w, np, nt, blocks, y, ps, d, out, os)
#define Q5_K_PAIRS(w, np, nt, blocks, y, bs, ps, d, out, os, batch) tile_q45K_zmm(1, w, np, nt, blocks, y, bs, d, out, os)
#define Q6_K_PAIRS(w, np, nt, blocks, y, bs, ps, d, out, os, batch) tile_q6K_zmm(w, np, nt, blocks, y, bs, d, out, os, (batch) >= 8)
DEFINE_K_MATMUL(ck_dot_q4_K, Q4_K_TILE, Q4_K_ZMM, Q4_K_PAIRS)
DEFINE_K_MATMUL(ck_dot_q5_K, Q5_K_TILE, Q5_K_ZMM, Q5_K_PAIRS)
DEFINE_K_MATMUL(ck_dot_q6_K, Q6_K_TILE, Q6_K_ZMM, Q6_K_PAIRS)
#else
DEFINE_MATMUL(ck_dot_q4_K, Q4_K_TILE)
DEFINE_MATMUL(ck_dot_q5_K, Q5_K_TILE)
DEFINE_MATMUL(ck_dot_q6_K, Q6_K_TILE)
#endif

#else
// Without AVX2 the Swift kernels do the work; these stubs only keep the symbols defined.
int ck_available(void) { return 0; }
void ck_dot_q4_0(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q4_1(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q5_0(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q5_1(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q8_0(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q4_K(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q5_K(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
void ck_dot_q6_K(const void *w, size_t ws, int rows, const void *a, size_t as, int tokens, int blocks, float *out, size_t os) {}
#endif
