/* bench-import.c: CSV import throughput and memory per revenue event
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Generates a revenue-events CSV (5 million rows unless told otherwise),
 * times `wc -l` on it, imports it through CxvCsvImporter, seals, and prints
 * rows/s, MB/s, the ratio to wc -l, and the resident bytes per event.
 *
 *   bench-import [--rows N] [--customers N] [--keep FILE]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <cxvalue.h>

#include "bench-common.h"

static void
generate (const char *path, guint64 rows, guint customers)
{
  static const char *const products[] = { "fiber-100", "fiber-500", "tv", "phone", "security" };
  static const char *const kinds[] = { "recurring", "recurring", "recurring", "expansion",
                                       "one-off", "refund" };
  FILE *out = fopen (path, "w");
  guint32 state = 12345;

  g_assert_nonnull (out);
  fputs ("customer,product,date,kind,amount,cost\n", out);
  for (guint64 i = 0; i < rows; i++)
    {
      guint c, month, kind;
      int cents;

      /* xorshift: fast and the same file every run. */
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      c = state % customers;
      month = (guint) (i % 24);
      kind = (state >> 8) % G_N_ELEMENTS (kinds);
      cents = (int) ((state >> 4) % 20000) + 99;
      if (kind == 5)
        cents = -cents;
      fprintf (out, "C%07u,%s,%04u-%02u-%02u,%s,%d.%02d,%d.%02d\n", c,
               products[(state >> 12) % G_N_ELEMENTS (products)], 2023 + month / 12,
               month % 12 + 1, 1 + (state >> 20) % 28, kinds[kind], cents / 100,
               abs (cents % 100), cents > 0 ? cents / 400 : 0, cents > 0 ? (cents / 4) % 100 : 0);
    }
  g_assert_cmpint (fclose (out), ==, 0);
}

static double
time_wc (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("wc -l %s", quoted);
  g_autofree char *output = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  g_assert_true (g_spawn_command_line_sync (command, &output, NULL, &status, NULL));
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int argc, char *argv[])
{
  gint64 rows = 5000000, customers = 1000000;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Rows to generate", "N" },
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, "Distinct customers", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the CSV here and keep it", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- CSV import benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvColumnMapping) mapping = NULL;
  g_autoptr(CxvCsvImporter) importer = NULL;
  g_autoptr(GFile) file = NULL;
  GStatBuf st;
  double wc_seconds, import_seconds, seal_seconds, mb;
  gsize rss_before, rss_after;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rows < 1 || customers < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--rows and --customers must be positive");
      return 2;
    }

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      int fd = g_file_open_tmp ("cxv-bench-XXXXXX.csv", &path, &error);
      g_assert_no_error (error);
      close (fd);
    }

  start = g_get_monotonic_time ();
  generate (path, (guint64) rows, (guint) customers);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  mb = st.st_size / 1e6;
  g_print ("generated   %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT " customers, %.1f MB "
           "in %.2f s\n", rows, customers, mb, (g_get_monotonic_time () - start) / 1e6);

  /* Twice, so both runs read the file from the page cache. */
  time_wc (path);
  wc_seconds = time_wc (path);
  g_print ("wc -l       %.3f s\n", wc_seconds);

  rss_before = bench_status_kib ("VmRSS:");
  ds = cxv_dataset_new ("USD", &error);
  mapping = cxv_column_mapping_new_from_data (
    "{\"records\": [{\"kind\": \"revenue\", \"create_ids\": true, \"fields\": {"
    "\"customer\": \"customer\", \"product\": \"product\", \"date\": \"date\","
    "\"kind\": \"kind\", \"amount\": \"amount\", \"cost\": \"cost\"}}]}", -1, &error);
  g_assert_no_error (error);
  importer = cxv_csv_importer_new (ds, mapping);
  file = g_file_new_for_path (path);

  start = g_get_monotonic_time ();
  if (!cxv_csv_importer_import_file (importer, file, NULL, &error))
    {
      g_printerr ("import failed: %s\n", error->message);
      return 1;
    }
  import_seconds = (g_get_monotonic_time () - start) / 1e6;

  start = g_get_monotonic_time ();
  g_assert_true (cxv_dataset_seal (ds, &error));
  seal_seconds = (g_get_monotonic_time () - start) / 1e6;
  rss_after = bench_status_kib ("VmRSS:");

  g_assert_cmpuint (cxv_dataset_get_n_records (ds, CXV_RECORD_REVENUE), ==, (guint) rows);
  g_print ("import      %.3f s  %.0f rows/s  %.1f MB/s  (%.1fx wc -l)\n", import_seconds,
           rows / import_seconds, mb / import_seconds, import_seconds / wc_seconds);
  g_print ("seal        %.3f s\n", seal_seconds);
  g_print ("memory      %.1f resident bytes per revenue event after sealing "
           "(%" G_GSIZE_FORMAT " columns bytes per event; peak RSS %.0f MB)\n",
           (rss_after - rss_before) * 1024.0 / rows,
           cxv_dataset_get_record_size (CXV_RECORD_REVENUE), bench_status_kib ("VmHWM:") / 1024.0);

  if (keep == NULL)
    g_unlink (path);
  return 0;
}
