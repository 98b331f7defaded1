/* lowrank-bokeh — tests of lrb-image-check.c: files written by GEGL's own
 * savers pass; the same files cut short, or with a byte spoiled where the
 * format can tell, fail with the path, the format and a reason.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#include "lrb-image-check.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <tiffio.h>

#define WIDTH  96
#define HEIGHT 64

typedef struct
{
  const gchar *saver, *extension, *format;
} Saver;

static const Saver savers[] = {
  { "gegl:png-save", "png", "PNG" },
  { "gegl:jpg-save", "jpg", "JPEG" },
  { "gegl:tiff-save", "tif", "TIFF" },
  { "gegl:ppm-save", "ppm", "PNM" },
  { "gegl:webp-save", "webp", "WebP" },
};

/* A noisy gradient: compresses badly, so a cut always removes pixels. */
static gchar *
write_image (const gchar *dir, const Saver *saver)
{
  GeglRectangle          extent = { 0, 0, WIDTH, HEIGHT };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&extent, babl_format ("R'G'B' u8"));
  g_autoptr (GeglNode)   graph = gegl_node_new ();
  g_autofree guchar     *pixels = g_new (guchar, WIDTH * HEIGHT * 3);
  g_autoptr (GRand)      rand = g_rand_new_with_seed (7);
  gchar                 *path = g_strdup_printf ("%s/image.%s", dir, saver->extension);
  GeglNode              *source, *save;

  for (gint i = 0; i < WIDTH * HEIGHT * 3; i++)
    pixels[i] = (guchar) ((i % (WIDTH * 3)) + g_rand_int_range (rand, 0, 64));
  gegl_buffer_set (buffer, &extent, 0, NULL, pixels, GEGL_AUTO_ROWSTRIDE);
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer,
                                NULL);
  save = gegl_node_new_child (graph, "operation", saver->saver, "path", path, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  return path;
}

static void
write_bytes (const gchar *path, const gchar *contents, gsize length)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
assert_refused (const gchar *path, const gchar *format)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar  *expected = g_strdup_printf ("%s: corrupt or truncated %s image: ", path,
                                                 format);

  g_assert_false (lrb_image_file_check (path, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  if (error)
    {
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_assert_cmpuint (strlen (error->message), >, strlen (expected) + 3); /* a reason */
    }
}

/* Whole files pass; cut at a quarter, a half or three quarters they fail,
 * and so do PNG and JPEG files that only lack their last 8 bytes (for PNG
 * that is IEND; TIFF keeps its directory at the end, where a cut may
 * remove nothing the pixels need). */
static void
test_truncated (gconstpointer data)
{
  const Saver       *saver = data;
  g_autofree gchar  *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar  *path = write_image (dir, saver);
  g_autofree gchar  *cut = g_strdup_printf ("%s/cut.%s", dir, saver->extension);
  g_autofree gchar  *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize              length;

  g_assert_true (lrb_image_file_check (path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gint k = 1; k <= (strcmp (saver->format, "TIFF") == 0 ? 3 : 4); k++)
    {
      gsize keep = k < 4 ? length * k / 4 : length - 8;

      write_bytes (cut, contents, keep);
      assert_refused (cut, saver->format);
    }
  g_unlink (cut);
  g_unlink (path);
  g_rmdir (dir);
}

/* PNG keeps a CRC per chunk: one spoiled byte of pixel data is found. */
static void
test_png_spoiled (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar *path = write_image (dir, &savers[0]);
  g_autofree gchar *contents = NULL;
  gsize             length;
  gchar            *idat;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  idat = memmem (contents, length, "IDAT", 4);
  g_assert_nonnull (idat);
  idat[40] ^= 0x5a;
  write_bytes (path, contents, length);
  assert_refused (path, "PNG");
  g_unlink (path);
  g_rmdir (dir);
}

/* A PNM header whose size promises more than is there, and one that is
 * not a header at all. */
static void
test_pnm_header (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (dir, "x.pgm", NULL);
  const gchar      *bad[] = { "P5\n# comment\n4 4\n255\n0123456789abcde", "P6\n4 x\n255\n",
                              "P5 4 4 0\n0123456789abcdef", "P4\n99999999999999 1\n" };

  const gchar      *good = "P5\n# comment\n4 4\n255\n0123456789abcdef";

  write_bytes (path, good, strlen (good));
  g_assert_true (lrb_image_file_check (path, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      write_bytes (path, bad[i], strlen (bad[i]));
      assert_refused (path, "PNM");
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* A one-pixel grey TIFF built by hand, with and without its photometric
 * interpretation tag: without it GEGL's loader warns and guesses. */
static gsize
write_tiny_tiff (guchar *bytes, gboolean with_photometric)
{
  /* tag, type (3 SHORT, 4 LONG), value; one value each */
  const guint entries[][3] = {
    { 256, 3, 1 }, { 257, 3, 1 }, { 258, 3, 8 }, { 259, 3, 1 }, { 262, 3, 1 },
    { 273, 4, 0 }, { 278, 3, 1 }, { 279, 4, 1 },
  };
  guint n = 0, count = with_photometric ? 8 : 7;
  guint pixel_offset = 8 + 2 + 12 * count + 4;

  memcpy (bytes, "II*\0\x08\0\0\0", 8);
  bytes[8] = (guchar) count, bytes[9] = 0;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      guchar *entry = bytes + 10 + 12 * n;
      guint   value = entries[i][0] == 273 ? pixel_offset : entries[i][2];

      if (entries[i][0] == 262 && !with_photometric)
        continue;
      memset (entry, 0, 12);
      entry[0] = entries[i][0] & 0xff, entry[1] = entries[i][0] >> 8;
      entry[2] = (guchar) entries[i][1];
      entry[4] = 1;
      entry[8] = value & 0xff, entry[9] = value >> 8;
      n++;
    }
  memset (bytes + 10 + 12 * count, 0, 4); /* no next directory */
  bytes[pixel_offset] = 0x80;
  return pixel_offset + 1;
}

static void
test_tiff_tags (void)
{
  g_autofree gchar  *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar  *path = g_build_filename (dir, "k.tif", NULL);
  g_autoptr (GError) error = NULL;
  guchar             bytes[128];

  write_bytes (path, (const gchar *) bytes, write_tiny_tiff (bytes, TRUE));
  g_assert_true (lrb_image_file_check (path, &error));
  g_assert_no_error (error);
  write_bytes (path, (const gchar *) bytes, write_tiny_tiff (bytes, FALSE));
  assert_refused (path, "TIFF");
  g_assert_false (lrb_image_file_check (path, &error));
  g_assert_nonnull (strstr (error->message, "photometric"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Written by libtiff: 7 × 7 grey, 16 bits, one sample per pixel, and
 * `extra` extra samples named in its ExtraSamples tag.  One named but none
 * stored is what made GEGL's loader read past each row (found by the
 * kernel-image fuzzer, tests/fuzz/corpus/kernel-image/tiff-extra-samples). */
static void
write_grey_tiff (const gchar *path, guint16 samples, guint16 extra)
{
  TIFF     *tiff = TIFFOpen (path, "w");
  guint16   types[1] = { EXTRASAMPLE_UNASSALPHA };
  guint16   row[7 * 2] = { 0 };

  g_assert_nonnull (tiff);
  TIFFSetField (tiff, TIFFTAG_IMAGEWIDTH, 7);
  TIFFSetField (tiff, TIFFTAG_IMAGELENGTH, 7);
  TIFFSetField (tiff, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField (tiff, TIFFTAG_SAMPLESPERPIXEL, samples);
  TIFFSetField (tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tiff, TIFFTAG_ROWSPERSTRIP, 7);
  if (extra)
    TIFFSetField (tiff, TIFFTAG_EXTRASAMPLES, extra, types);
  for (gint y = 0; y < 7; y++)
    {
      for (gint x = 0; x < 7 * samples; x++)
        row[x] = (guint16) (1000 * (x + y));
      g_assert_cmpint (TIFFWriteScanline (tiff, row, y, 0), ==, 1);
    }
  TIFFClose (tiff);
}

static void
test_tiff_extra_samples (void)
{
  g_autofree gchar  *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar  *path = g_build_filename (dir, "k.tif", NULL);
  g_autoptr (GError) error = NULL;

  /* Grey with alpha, stored: fine. */
  write_grey_tiff (path, 2, 1);
  g_assert_true (lrb_image_file_check (path, &error));
  g_assert_no_error (error);
  /* Plain grey: fine. */
  write_grey_tiff (path, 1, 0);
  g_assert_true (lrb_image_file_check (path, &error));
  /* An alpha named but not stored: refused, saying so. */
  write_grey_tiff (path, 1, 1);
  assert_refused (path, "TIFF");
  g_assert_false (lrb_image_file_check (path, &error));
  g_assert_nonnull (strstr (error->message, "1 colour and 1 extra samples per pixel, but a "
                                            "pixel holds 1"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Text and formats it does not know pass (GEGL decides); a missing file
 * is named with the system's reason. */
static void
test_other_files (void)
{
  g_autofree gchar  *dir = g_dir_make_tmp ("lrb-image-check-XXXXXX", NULL);
  g_autofree gchar  *path = g_build_filename (dir, "k.txt", NULL);
  g_autofree gchar  *missing = g_build_filename (dir, "missing.png", NULL);
  g_autoptr (GError) error = NULL;

  write_bytes (path, "1 2 1\n", 6);
  g_assert_true (lrb_image_file_check (path, NULL));
  write_bytes (path, "", 0);
  g_assert_true (lrb_image_file_check (path, NULL));
  /* A name that claims a format the bytes are not. */
  g_rename (path, missing);
  g_assert_false (lrb_image_file_check (missing, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a PNG image"));
  g_clear_error (&error);
  /* A whole PNG named .jpg: GEGL's JPEG loader would end the program. */
  {
    static const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    g_autofree gchar *as_jpeg = g_build_filename (dir, "k.jpg", NULL);

    write_bytes (as_jpeg, (const gchar *) png_signature, sizeof png_signature);
    g_assert_false (lrb_image_file_check (as_jpeg, &error));
    g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "its bytes are PNG but its name says JPEG"));
    g_clear_error (&error);
    g_unlink (as_jpeg);
  }
  /* EXR bytes named .hdr: GEGL's Radiance loader fails with a critical. */
  {
    g_autofree gchar *as_hdr = g_build_filename (dir, "k.hdr", NULL);
    g_autofree gchar *text_pnm = g_build_filename (dir, "k.pgm", NULL);

    write_bytes (as_hdr, "\x76\x2f\x31\x01\x02\0\0\0", 8);
    g_assert_false (lrb_image_file_check (as_hdr, &error));
    g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "its bytes are EXR but its name says HDR"));
    g_clear_error (&error);
    /* Text PNM is GEGL's to read, under any PNM name. */
    write_bytes (text_pnm, "P2\n2 1\n255\n0 255\n", 17);
    g_assert_true (lrb_image_file_check (text_pnm, NULL));
    /* Under a name GEGL has no loader for. */
    g_rename (as_hdr, path);
    g_assert_false (lrb_image_file_check (path, &error));
    g_assert_nonnull (strstr (error->message, "rename it to end in .exr"));
    g_clear_error (&error);
    g_unlink (path);
    g_unlink (text_pnm);
  }
  g_unlink (missing);
  g_assert_false (lrb_image_file_check (missing, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("/image-check/truncated/%s",
                                                savers[i].extension);

      g_test_add_data_func (name, &savers[i], test_truncated);
    }
  g_test_add_func ("/image-check/png-spoiled", test_png_spoiled);
  g_test_add_func ("/image-check/pnm-header", test_pnm_header);
  g_test_add_func ("/image-check/tiff-tags", test_tiff_tags);
  g_test_add_func ("/image-check/tiff-extra-samples", test_tiff_extra_samples);
  g_test_add_func ("/image-check/other-files", test_other_files);
  status = g_test_run ();
  gegl_exit ();
  return status;
}
