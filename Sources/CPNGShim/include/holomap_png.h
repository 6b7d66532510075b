#ifndef HOLOMAP_PNG_H
#define HOLOMAP_PNG_H
#include <stddef.h>
#include <stdint.h>

/// Writes an 8-bit PNG. `channels` is 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA);
/// `pixels` holds height rows of width*channels bytes. Returns 0 on success; otherwise
/// a non-zero code and a NUL-terminated message in `error_message`.
/// Every libpng error is caught here with setjmp, so it never aborts the process.
int holomap_png_write(const char *path, uint32_t width, uint32_t height, int channels,
                      const uint8_t *pixels, int compression_level,
                      char *error_message, size_t error_message_size);

/// Writes an 8-bit palette PNG: `indices` holds height rows of width bytes; `palette_rgb` holds
/// `palette_size` RGB triples and `palette_alpha` their alpha (a tRNS chunk). Rows are written
/// unfiltered, as libpng recommends for palette images. Same return convention as above.
int holomap_png_write_palette(const char *path, uint32_t width, uint32_t height, const uint8_t *indices,
                              const uint8_t *palette_rgb, const uint8_t *palette_alpha, int palette_size,
                              int compression_level, char *error_message, size_t error_message_size);

/// The libpng version string this shim was linked against.
const char *holomap_png_version(void);
#endif
