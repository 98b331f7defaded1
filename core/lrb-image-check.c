/* lowrank-bokeh — a whole decode of PNG, JPEG, TIFF and PNM files with
 * libpng, libjpeg and libtiff, to refuse what GEGL would half-load.
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

/* Every strip or tile of the first directory, the image GEGL loads. */
static gboolean
check_tiff (const gchar *path, gchar *why)
{
  TIFFOpenOptions *options = TIFFOpenOptionsAlloc ();
  TIFF            *tiff;
  gboolean         tiled;
  tmsize_t         size;
  guint32          n;
  gpointer         buffer;
  gboolean         whole = TRUE;

  TIFFOpenOptionsSetErrorHandlerExtR (options, tiff_failed, why);
  TIFFOpenOptionsSetWarningHandlerExtR (options, tiff_warned, NULL);
  tiff = TIFFOpenExt (path, "r", options);
  TIFFOpenOptionsFree (options);
  if (!tiff)
    return FALSE;
  tiled = TIFFIsTiled (tiff);
  size = tiled ? TIFFTileSize (tiff) : TIFFStripSize (tiff);
  n = tiled ? TIFFNumberOfTiles (tiff) : TIFFNumberOfStrips (tiff);
  buffer = size > 0 ? g_try_malloc (size) : NULL;
  if (!buffer)
    {
      if (why[0] == '\0')
        g_strlcpy (why, "no readable strips or tiles", WHY_SIZE);
      whole = FALSE;
    }
  for (guint32 i = 0; whole && i < n; i++)
    whole = (tiled ? TIFFReadEncodedTile (tiff, i, buffer, size)
                   : TIFFReadEncodedStrip (tiff, i, buffer, size)) >= 0;
  whole = whole && why[0] == '\0';
  g_free (buffer);
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

/* The format a file's name claims, among those checked here. */
static const gchar *
format_by_extension (const gchar *path)
{
  static const struct { const gchar *extension, *format; } known[] = {
    { ".png", "PNG" }, { ".jpg", "JPEG" }, { ".jpeg", "JPEG" }, { ".tif", "TIFF" },
    { ".tiff", "TIFF" }, { ".ppm", "PNM" }, { ".pgm", "PNM" }, { ".pbm", "PNM" },
    { ".pnm", "PNM" },
  };
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_suffix (lower, known[i].extension))
      return known[i].format;
  return NULL;
}

gboolean
lrb_image_file_check (const gchar *path, GError **error)
{
  guchar       magic[4] = { 0 };
  gchar        why[WHY_SIZE] = "";
  const gchar *format = NULL;
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
  else if (magic[0] == 'P' && magic[1] >= '4' && magic[1] <= '6')
    {
      fseek (file, 2, SEEK_SET);
      whole = check_pnm (file, magic[1], why), format = "PNM";
    }
  fclose (file);
  if (!format && (format = format_by_extension (path)))
    {
      /* GEGL picks its loader by the name, and that loader only warns. */
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: not a %s image (its first bytes are "
                   "not a %s signature)", path, format, format);
      return FALSE;
    }
  if (!whole)
    g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s: corrupt or truncated %s image: %s", path,
                 format, why[0] ? why : "it does not decode");
  return whole;
}
