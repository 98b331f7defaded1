/* lowrank-bokeh — a whole decode of PNG, JPEG, TIFF, PNM and WebP files
 * with libpng, libjpeg, libtiff and libwebp, to refuse what GEGL would
 * half-load.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-image-check.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <tiffio.h>
#include <webp/decode.h>

#define WHY_SIZE 256

/* What a decoder found wrong, filled by the libraries' callbacks. */
typedef struct
{
  jmp_buf jump;
  gchar   why[WHY_SIZE];
} Failure;

static void
png_failed (png_structp png, png_const_charp message)
{
  Failure *failure = png_get_error_ptr (png);

  g_strlcpy (failure->why, message, WHY_SIZE);
  longjmp (failure->jump, 1);
}

/* Warnings (an ancillary chunk's CRC, an odd sRGB profile) leave the
 * pixels whole: GEGL reads those files correctly. */
static void
png_warned (png_structp png, png_const_charp message)
{
}

/* Every row of every pass, and the chunks after them to IEND. */
static gboolean
check_png (FILE *file, gchar *why)
{
  Failure          failure = { 0 };
  png_structp      png;
  png_infop        info;
  png_bytep volatile row = NULL;
  volatile gboolean whole = FALSE;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &failure, png_failed, png_warned);
  info = png ? png_create_info_struct (png) : NULL;
  if (!info)
    {
      g_strlcpy (why, "out of memory", WHY_SIZE);
      png_destroy_read_struct (&png, NULL, NULL);
      return FALSE;
    }
  if (setjmp (failure.jump) == 0)
    {
      gint passes, height;

      png_init_io (png, file);
      png_read_info (png, info);
      passes = png_set_interlace_handling (png);
      png_read_update_info (png, info);
      height = png_get_image_height (png, info);
      row = g_malloc (png_get_rowbytes (png, info));
      for (gint pass = 0; pass < passes; pass++)
        for (gint y = 0; y < height; y++)
          png_read_row (png, row, NULL);
      png_read_end (png, NULL);
      whole = TRUE;
    }
  else if (strcmp (failure.why, "Read Error") == 0)
    g_strlcpy (why, "the file ends before the image does", WHY_SIZE); /* a short fread */
  else
    g_strlcpy (why, failure.why, WHY_SIZE);
  g_free (row);
  png_destroy_read_struct (&png, &info, NULL);
  return whole;
}

typedef struct
{
  struct jpeg_error_mgr manager; /* first: libjpeg hands back this pointer */
  Failure               failure;
} JpegFailure;

static void
jpeg_failed (j_common_ptr jpeg)
{
  JpegFailure *f = (JpegFailure *) jpeg->err;

  f->manager.format_message (jpeg, f->failure.why);
  longjmp (f->failure.jump, 1);
}

/* Level −1 is libjpeg's "corrupt data" warning: a truncated file, bytes
 * missing or extraneous.  The rest (levels ≥ 0) are trace messages. */
static void
jpeg_warned (j_common_ptr jpeg, int level)
{
  if (level < 0)
    jpeg_failed (jpeg);
}

/* Every scan's entropy-coded data; at 1/8 scale, since a corrupt or
 * missing byte shows in the decoding, not in the inverse DCT. */
static gboolean
check_jpeg (FILE *file, gchar *why)
{
  struct jpeg_decompress_struct jpeg;
  JpegFailure                   f = { 0 };
  JSAMPLE                      *volatile row = NULL;
  volatile gboolean             whole = FALSE;

  G_STATIC_ASSERT (JMSG_LENGTH_MAX <= WHY_SIZE);
  jpeg.err = jpeg_std_error (&f.manager);
  f.manager.error_exit = jpeg_failed;
  f.manager.emit_message = jpeg_warned;
  jpeg_create_decompress (&jpeg);
  if (setjmp (f.failure.jump) == 0)
    {
      jpeg_stdio_src (&jpeg, file);
      jpeg_read_header (&jpeg, TRUE);
      jpeg.scale_num = 1;
      jpeg.scale_denom = 8;
      jpeg.dct_method = JDCT_IFAST;
      jpeg_start_decompress (&jpeg);
      row = g_malloc ((gsize) jpeg.output_width * jpeg.output_components);
      while (jpeg.output_scanline < jpeg.output_height)
        {
          JSAMPLE *rows[1] = { row };

          jpeg_read_scanlines (&jpeg, rows, 1);
        }
      jpeg_finish_decompress (&jpeg);
      whole = TRUE;
    }
  else
    g_strlcpy (why, f.failure.why, WHY_SIZE);
  g_free (row);
  jpeg_destroy_decompress (&jpeg);
  return whole;
}

static int
tiff_failed (TIFF *tiff, void *data, const char *module, const char *format, va_list args)
{
  gchar *why = data;

  if (why[0] == '\0')
    g_vsnprintf (why, WHY_SIZE, format, args);
  return 1; /* handled: not printed by libtiff's global handler */
}

static int
tiff_warned (TIFF *tiff, void *data, const char *module, const char *format, va_list args)
{
  return 1; /* unknown tags and the like: the pixels are whole */
}

/* Every row of a strip image, as GEGL's loader reads it (a scanline at a
 * time: some broken deflate streams decode whole but not in rows). */
static gboolean
read_tiff_rows (TIFF *tiff, guint32 height)
{
  guint16  planar = PLANARCONFIG_CONTIG, samples = 1;
  tmsize_t size = TIFFScanlineSize (tiff);
  gpointer row_buffer = size > 0 ? g_try_malloc (size) : NULL;
  gboolean whole = row_buffer != NULL;

  TIFFGetFieldDefaulted (tiff, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted (tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  for (guint16 s = 0; whole && s < (planar == PLANARCONFIG_SEPARATE ? samples : 1); s++)
    for (guint32 row = 0; whole && row < height; row++)
      whole = TIFFReadScanline (tiff, row_buffer, row, s) >= 0;
  g_free (row_buffer);
  return whole;
}

static gboolean
read_tiff_tiles (TIFF *tiff)
{
  tmsize_t size = TIFFTileSize (tiff);
  gpointer tile_buffer = size > 0 ? g_try_malloc (size) : NULL;
  gboolean whole = tile_buffer != NULL;

  for (guint32 i = 0; whole && i < TIFFNumberOfTiles (tiff); i++)
    whole = TIFFReadEncodedTile (tiff, i, tile_buffer, size) >= 0;
  g_free (tile_buffer);
  return whole;
}

/* GEGL's loader takes the colour channels from the photometric
 * interpretation and an alpha from ExtraSamples, and copies that many
 * samples of each pixel out of every row it reads: a file that names more
 * than its pixels hold would be read past the end of its rows (GEGL 0.4.42
 * does; the kernel-image fuzzer found it). */
static gboolean
tiff_samples_agree (TIFF *tiff, guint16 photometric, gchar *why)
{
  guint16  samples = 1, extra = 0;
  guint16 *types = NULL;
  guint    colour = photometric == PHOTOMETRIC_RGB || photometric == PHOTOMETRIC_YCBCR ||
                    photometric == PHOTOMETRIC_CIELAB || photometric == PHOTOMETRIC_ICCLAB ||
                    photometric == PHOTOMETRIC_ITULAB ? 3
                    : photometric == PHOTOMETRIC_SEPARATED ? 4 : 1;

  TIFFGetFieldDefaulted (tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetField (tiff, TIFFTAG_EXTRASAMPLES, &extra, &types);
  if (colour + extra <= samples)
    return TRUE;
  g_snprintf (why, WHY_SIZE,
              "its tags name %u colour and %u extra samples per pixel, but a pixel holds %u",
              colour, extra, samples);
  return FALSE;
}

/* Every row or tile of the first directory, the image GEGL loads. */
static gboolean
check_tiff (const gchar *path, gchar *why)
{
  TIFFOpenOptions *options = TIFFOpenOptionsAlloc ();
  TIFF            *tiff;
  guint32          width, height;
  guint16          photometric;
  gboolean         whole;

  TIFFOpenOptionsSetErrorHandlerExtR (options, tiff_failed, why);
  TIFFOpenOptionsSetWarningHandlerExtR (options, tiff_warned, NULL);
  tiff = TIFFOpenExt (path, "r", options);
  TIFFOpenOptionsFree (options);
  if (!tiff)
    return FALSE;
  /* GEGL's loader warns and guesses without these; TIFF requires them. */
  if (!TIFFGetField (tiff, TIFFTAG_IMAGEWIDTH, &width) ||
      !TIFFGetField (tiff, TIFFTAG_IMAGELENGTH, &height) ||
      !TIFFGetField (tiff, TIFFTAG_PHOTOMETRIC, &photometric))
    {
      g_strlcpy (why, "its width, height or photometric interpretation tag is missing",
                 WHY_SIZE);
      TIFFClose (tiff);
      return FALSE;
    }
  /* GEGL's loader counts the directories first, and warns when the chain
   * of them is broken. */
  if (TIFFNumberOfDirectories (tiff) == 0 || why[0] != '\0')
    {
      if (why[0] == '\0')
        g_strlcpy (why, "its chain of directories is broken", WHY_SIZE);
      TIFFClose (tiff);
      return FALSE;
    }
  if (!tiff_samples_agree (tiff, photometric, why))
    {
      TIFFClose (tiff);
      return FALSE;
    }
  whole = TIFFIsTiled (tiff) ? read_tiff_tiles (tiff) : read_tiff_rows (tiff, height);
  if (!whole && why[0] == '\0')
    g_strlcpy (why, "no readable strips or tiles", WHY_SIZE);
  whole = whole && why[0] == '\0';
  TIFFClose (tiff);
  return whole;
}

/* The next header number of a PNM file, skipping blanks and comments. */
static gboolean
pnm_number (FILE *file, guint64 *value)
{
  gint c;

  while ((c = fgetc (file)) != EOF && (g_ascii_isspace (c) || c == '#'))
    if (c == '#')
      while ((c = fgetc (file)) != EOF && c != '\n')
        ;
  if (!g_ascii_isdigit (c))
    return FALSE;
  for (*value = 0; g_ascii_isdigit (c) && *value < G_MAXUINT32; c = fgetc (file))
    *value = *value * 10 + (c - '0');
  return c != EOF && g_ascii_isspace (c);
}

/* Binary PBM, PGM and PPM (P4, P5, P6): the raster is exactly as long as
 * the header says.  Text PNM (P1–P3) is left to GEGL. */
static gboolean
check_pnm (FILE *file, gint kind, gchar *why)
{
  guint64 width, height, maxval = 1, row, need;
  gint64  start, end;

  if (!pnm_number (file, &width) || !pnm_number (file, &height) ||
      (kind != '4' && !pnm_number (file, &maxval)) || width == 0 || height == 0 ||
      maxval == 0 || maxval > 65535)
    {
      g_strlcpy (why, "the header is malformed", WHY_SIZE);
      return FALSE;
    }
  row = kind == '4' ? (width + 7) / 8 : width * (kind == '6' ? 3 : 1) * (maxval > 255 ? 2 : 1);
  need = row * height;
  start = ftell (file);
  if (fseek (file, 0, SEEK_END) != 0 || (end = ftell (file)) < start)
    {
      g_strlcpy (why, "cannot seek in the file", WHY_SIZE);
      return FALSE;
    }
  if ((guint64) (end - start) < need)
    {
      g_snprintf (why, WHY_SIZE, "%" G_GUINT64_FORMAT " bytes of pixels where the header "
                  "(%" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT ") needs %" G_GUINT64_FORMAT,
                  (guint64) (end - start), width, height, need);
      return FALSE;
    }
  return TRUE;
}

/* Decoded scaled to one pixel: every byte of the bitstream is read, but
 * no full-size picture is made. */
static gboolean
check_webp (const gchar *path, gchar *why)
{
  g_autofree guint8 *contents = NULL;
  gsize              length = 0;
  WebPDecoderConfig  config;
  VP8StatusCode      status;

  if (!g_file_get_contents (path, (gchar **) &contents, &length, NULL) ||
      !WebPInitDecoderConfig (&config))
    {
      g_strlcpy (why, "it cannot be read", WHY_SIZE);
      return FALSE;
    }
  status = WebPGetFeatures (contents, length, &config.input);
  if (status == VP8_STATUS_OK && config.input.has_animation)
    {
      g_strlcpy (why, "it is animated (GEGL reads single pictures only)", WHY_SIZE);
      return FALSE;
    }
  if (status == VP8_STATUS_OK)
    {
      config.options.use_scaling = 1;
      config.options.scaled_width = 1;
      config.options.scaled_height = 1;
      config.output.colorspace = MODE_RGBA;
      status = WebPDecode (contents, length, &config);
      WebPFreeDecBuffer (&config.output);
    }
  switch (status)
    {
    case VP8_STATUS_OK:
      return TRUE;
    case VP8_STATUS_NOT_ENOUGH_DATA:
      g_strlcpy (why, "the data ends early", WHY_SIZE);
      break;
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      g_strlcpy (why, "it uses a feature libwebp cannot decode", WHY_SIZE);
      break;
    default:
      g_strlcpy (why, "the bitstream is malformed", WHY_SIZE);
      break;
    }
  return FALSE;
}

/* GEGL's loaders by name; each format's first extension is the one
 * suggested for it. */
static const struct { const gchar *extension, *format; } known_extensions[] = {
  { ".png", "PNG" }, { ".jpg", "JPEG" }, { ".jpeg", "JPEG" }, { ".tif", "TIFF" },
  { ".tiff", "TIFF" }, { ".ppm", "PNM" }, { ".pgm", "PNM" }, { ".pbm", "PNM" },
  { ".pnm", "PNM" }, { ".webp", "WebP" }, { ".exr", "EXR" }, { ".gif", "GIF" },
  { ".hdr", "HDR" }, { ".pic", "HDR" },
};

/* The format a file's name claims. */
static const gchar *
format_by_extension (const gchar *path)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (known_extensions); i++)
    if (g_str_has_suffix (lower, known_extensions[i].extension))
      return known_extensions[i].format;
  return NULL;
}

static const gchar *
extension_for (const gchar *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_extensions); i++)
    if (strcmp (known_extensions[i].format, format) == 0)
      return known_extensions[i].extension;
  return "";
}

gboolean
lrb_image_file_check (const gchar *path, GError **error)
{
  guchar       magic[12] = { 0 };
  gchar        why[WHY_SIZE] = "";
  const gchar *format = NULL, *claimed;
  gboolean     whole = TRUE;
  FILE        *file = g_fopen (path, "rb");

  if (!file)
    {
      gint saved_errno = errno;

      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot open %s: %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (fread (magic, 1, sizeof magic, file) < 2)
    magic[0] = 0;
  rewind (file);
  if (memcmp (magic, "\x89PNG", 4) == 0)
    whole = check_png (file, why), format = "PNG";
  else if (memcmp (magic, "\xff\xd8\xff", 3) == 0)
    whole = check_jpeg (file, why), format = "JPEG";
  else if (memcmp (magic, "II*\0", 4) == 0 || memcmp (magic, "MM\0*", 4) == 0)
    whole = check_tiff (path, why), format = "TIFF";
  else if (memcmp (magic, "RIFF", 4) == 0 && memcmp (magic + 8, "WEBP", 4) == 0)
    whole = check_webp (path, why), format = "WebP";
  else if (magic[0] == 'P' && magic[1] >= '4' && magic[1] <= '6')
    {
      fseek (file, 2, SEEK_SET);
      whole = check_pnm (file, magic[1], why), format = "PNM";
    }
  /* Known by their signature only: GEGL's loader has the last word. */
  else if (magic[0] == 'P' && magic[1] >= '1' && magic[1] <= '3')
    format = "PNM";
  else if (memcmp (magic, "\x76\x2f\x31\x01", 4) == 0)
    format = "EXR";
  else if (memcmp (magic, "GIF8", 4) == 0)
    format = "GIF";
  else if (memcmp (magic, "#?RADIANCE", 10) == 0 || memcmp (magic, "#?RGBE", 6) == 0)
    format = "HDR";
  fclose (file);
  claimed = format_by_extension (path);
  if (claimed && g_strcmp0 (claimed, format) != 0)
    {
      /* GEGL picks its loader by the name: on the wrong bytes that loader
       * only warns, or (libjpeg's) ends the whole program. */
      if (format)
        g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: its bytes are %s but its name says "
                     "%s (GEGL would read it as %s): rename it", path, format, claimed,
                     claimed);
      else
        g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: not a %s image (its first bytes "
                     "are not a %s signature)", path, claimed, claimed);
      return FALSE;
    }
  if (format && !claimed)
    {
      /* An image under a name no GEGL loader claims: gegl:load fails with
       * a critical instead of an error. */
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: its bytes are %s but its name does not "
                   "say so (GEGL picks its reader by the name): rename it to end in %s", path,
                   format, extension_for (format));
      return FALSE;
    }
  if (!whole)
    g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: corrupt or truncated %s image: %s", path,
                 format, why[0] ? why : "it does not decode");
  return whole;
}
