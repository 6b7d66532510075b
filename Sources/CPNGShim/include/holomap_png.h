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

/// The libpng version string this shim was linked against.
const char *holomap_png_version(void);
#endif
