#include "holomap_png.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

struct error_state {
    char *message;
    size_t size;
};

static void on_error(png_structp png, png_const_charp msg) {
    struct error_state *state = (struct error_state *)png_get_error_ptr(png);
    if (state && state->message && state->size > 0) {
        snprintf(state->message, state->size, "%s", msg);
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) {
    (void)png; (void)msg; /* warnings are not errors; libpng keeps going */
}

/* What each image kind adds between creating the write structs and png_write_end. */
struct image {
    uint32_t width, height;
    int color_type;
    size_t stride;
    const uint8_t *rows;
    const png_color *palette; /* palette images only */
    const uint8_t *alpha;
    int palette_size;
    int unfiltered;
};

/* Opens the file, sets up libpng with errors caught by setjmp, writes, and cleans up. */
static int write_image(const char *path, const struct image *image, int compression_level,
                       char *error_message, size_t error_message_size) {
    struct error_state state = { error_message, error_message_size };
    if (error_message && error_message_size) error_message[0] = '\0';
    FILE *file = fopen(path, "wb");
    if (!file) {
        snprintf(error_message, error_message_size, "cannot open for writing: %s", strerror(errno));
        return 2;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (!png) { fclose(file); snprintf(error_message, error_message_size, "png_create_write_struct failed"); return 3; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL); fclose(file);
        snprintf(error_message, error_message_size, "png_create_info_struct failed");
        return 3;
    }
    /* volatile: modified between setjmp and longjmp. */
    volatile int result = 0;
    if (setjmp(png_jmpbuf(png))) {
        result = 4;
    } else {
        png_init_io(png, file);
        png_set_compression_level(png, compression_level);
        if (image->unfiltered) png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
        png_set_IHDR(png, info, image->width, image->height, 8, image->color_type, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        if (image->palette) {
            png_set_PLTE(png, info, image->palette, image->palette_size);
            png_set_tRNS(png, info, (png_bytep)image->alpha, image->palette_size, NULL);
        }
        png_write_info(png, info);
        for (uint32_t row = 0; row < image->height; row++) {
            png_write_row(png, (png_const_bytep)(image->rows + image->stride * row));
        }
        png_write_end(png, info);
    }
    png_destroy_write_struct(&png, &info);
    if (fclose(file) != 0 && result == 0) {
        snprintf(error_message, error_message_size, "close failed: %s", strerror(errno));
        result = 5;
    }
    return result;
}

int holomap_png_write(const char *path, uint32_t width, uint32_t height, int channels,
                      const uint8_t *pixels, int compression_level,
                      char *error_message, size_t error_message_size) {
    static const int types[] = { 0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGBA };
    if (channels < 1 || channels > 4) {
        snprintf(error_message, error_message_size, "unsupported channel count %d", channels);
        return 1;
    }
    struct image image = { width, height, types[channels], (size_t)width * (size_t)channels, pixels, NULL, NULL, 0, 0 };
    return write_image(path, &image, compression_level, error_message, error_message_size);
}

int holomap_png_write_palette(const char *path, uint32_t width, uint32_t height, const uint8_t *indices,
                              const uint8_t *palette_rgb, const uint8_t *palette_alpha, int palette_size,
                              int compression_level, char *error_message, size_t error_message_size) {
    if (palette_size < 1 || palette_size > 256) {
        snprintf(error_message, error_message_size, "palette size %d not in 1...256", palette_size);
        return 1;
    }
    png_color colors[256];
    for (int i = 0; i < palette_size; i++) {
        colors[i].red = palette_rgb[3 * i]; colors[i].green = palette_rgb[3 * i + 1]; colors[i].blue = palette_rgb[3 * i + 2];
    }
    /* Palette rows are written unfiltered, as libpng recommends. */
    struct image image = { width, height, PNG_COLOR_TYPE_PALETTE, width, indices, colors, palette_alpha, palette_size, 1 };
    return write_image(path, &image, compression_level, error_message, error_message_size);
}

const char *holomap_png_version(void) { return png_get_libpng_ver(NULL); }
