/* bench-file.c: saving and opening a dataset file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Simulates N customers over M months (1,000,000 and 24 unless told
 * otherwise: the sample of issue 3, about 48 events per customer) with
 * CxvSimulator, or with --synthetic builds N customers with about 24
 * events each through the index-based appends; saves the sealed dataset
 * with cxv_dataset_save(), opens it again with cxv_dataset_open(), checks
 * that the counts and the revenue total survived, and prints the seconds
 * (wall and CPU) of each step, the file size and the bytes per record.
 *
 *   bench-file [--customers N] [--months M] [--synthetic] [--keep FILE]
 */

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cxv-dataset-private.h"
#include "cxv-simulator.h"

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

static guint32
next (guint32 *state)
{
  /* xorshift: fast, and the same dataset every run */
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

/* Per customer: 1 to 3 holdings, 12 monthly bills plus the odd one-off,
 * about 4 contacts, 1 or 2 survey answers, 4 usage readings and now and
 * then a referral, about 24 events in all, appended in date order as a
 * real import of sorted files would. */
static CxvDataset *
build (guint n_customers)
{
  static const char *const segments[] = { "consumer", "small business" };
  static const char *const products[] = { "fiber-100", "fiber-500", "tv", "phone", "security",
                                          "device-care" };
  static const char *const channels[] = { "app", "web", "chat", "phone", "store" };
  static const char *const reasons[] = { "outage", "billing", "speed", "moving", "price" };
  static const char *const comments[] = { "Fast and reliable", "Too expensive",
                                          "Support took ages", "Great app" };
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("EUR", &error);
  guint32 channel[G_N_ELEMENTS (channels)], reason[G_N_ELEMENTS (reasons)];
  guint32 comment[G_N_ELEMENTS (comments)], topics;
  guint32 state = 2463534242u;
  CxvDate start = D (2023, 1, 1);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      const char *eligible[] = { segments[i % 2], NULL };
      g_assert_true (cxv_dataset_add_product (ds, products[i], i < 2 ? "internet" : "add-on",
                                              i != 5, i >= 4 ? eligible : NULL, &error));
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("INI-%02u", i);
      g_assert_true (cxv_dataset_add_initiative (ds, id, "An initiative", i % 3 != 0,
                                                 start + 30 * (int) i, CXV_DATE_NONE, &error));
    }
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    channel[i] = cxv_dataset_intern_text (ds, channels[i]);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    reason[i] = cxv_dataset_intern_text (ds, reasons[i]);
  for (guint i = 0; i < G_N_ELEMENTS (comments); i++)
    comment[i] = cxv_dataset_intern_text (ds, comments[i]);
  topics = cxv_dataset_intern_text (ds, "speed;price");

  for (guint c = 0; c < n_customers; c++)
    {
      char id[16];
      guint32 r = next (&state);
      CxvDate acquired = start - (CxvDate) (r % 2000);

      g_snprintf (id, sizeof id, "C%07u", c);
      g_assert_true (cxv_dataset_add_customer (ds, id, segments[r % 2], acquired,
                                               (CxvAcquisitionSource) (r % 6), NULL, &error));
      if (c > 0 && r % 17 == 0)
        cxv_dataset_set_referrer (ds, c, (r >> 8) % c);
    }

  for (guint32 c = 0; c < n_customers; c++)
    {
      guint32 r = next (&state);
      guint32 product = r % 4;

      g_assert_true (cxv_dataset_append_holding (ds, c, product, start - 10,
                                                 r % 5 == 0 ? start + 200 : CXV_DATE_NONE,
                                                 &error));
      if (r % 3 == 0)
        g_assert_true (cxv_dataset_append_holding (ds, c, 2 + (r >> 4) % 4, start + 40,
                                                   CXV_DATE_NONE, &error));
      for (int m = 0; m < 12; m++)
        {
          CxvDate day = cxv_date_add_months (start, m);
          gint64 amount = 2999 + (gint64) (next (&state) % 5000);
          guint32 ini = r % 11 == 0 ? (r >> 3) % 10 : CXV_NO_INDEX;

          g_assert_true (cxv_dataset_append_revenue (ds, c, product, day,
                                                     m == 0 ? CXV_REVENUE_NEW
                                                            : CXV_REVENUE_RECURRING,
                                                     amount, amount / 4, ini, &error));
          if (m % 3 == 1)
            {
              guint32 e = next (&state);
              guint ch = e % G_N_ELEMENTS (channels);

              g_assert_true (cxv_dataset_append_interaction (ds, c, day + 3, channel[ch],
                                                             ch < 3 ? CXV_CHANNEL_LOW_COST
                                                                    : CXV_CHANNEL_ASSISTED,
                                                             (CxvInteractionKind) (e % 7),
                                                             e % 4 != 0,
                                                             e % 3 == 0 ? CXV_NO_INDEX
                                                             : reason[(e >> 5) % 5],
                                                             ch < 3 ? 50 : 700, &error));
              g_assert_true (cxv_dataset_append_usage (ds, c, product, day + 5,
                                                       (double) (e % 1000) / 4.0, &error));
            }
          if (m % 6 == 2)
            {
              guint32 e = next (&state);
              g_assert_true (cxv_dataset_append_feedback (ds, c, day + 6, CXV_INSTRUMENT_NPS,
                                                          e % 11,
                                                          e % 5 == 0 ? comment[(e >> 4) % 4]
                                                                     : CXV_NO_INDEX,
                                                          e % 7 == 0 ? topics : CXV_NO_INDEX,
                                                          &error));
            }
        }
      if (c > 0 && r % 29 == 0)
        g_assert_true (cxv_dataset_append_referral (ds, c, (r >> 8) % c, start + 100, &error));
    }

  g_assert_true (cxv_dataset_seal (ds, &error));
  return ds;
}

/* Seconds of CPU the process used, user and system: on a shared machine
 * a steadier measure than the wall clock. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static guint64
n_records (CxvDataset *ds)
{
  guint64 n = 0;

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    n += cxv_dataset_get_n_records (ds, k);
  return n;
}

static CxvDataset *
simulate (guint n_customers, guint n_months)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) sim = g_object_new (CXV_TYPE_SIMULATOR,
                                              "n-customers", n_customers,
                                              "n-months", n_months, NULL);
  CxvDataset *ds = cxv_simulator_run (sim, NULL, &error);

  g_assert_no_error (error);
  return ds;
}

int
main (int argc, char *argv[])
{
  gint64 customers = 1000000, months = 24;
  gboolean synthetic = FALSE;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, "Customers to generate", "N" },
    { "months", 0, 0, G_OPTION_ARG_INT64, &months, "Months to simulate", "M" },
    { "synthetic", 0, 0, G_OPTION_ARG_NONE, &synthetic,
      "Build about 24 events per customer by hand instead of simulating", NULL },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Save the dataset here and keep it", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- dataset file benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvDataset) opened = NULL;
  GStatBuf st;
  double save_seconds, open_seconds, save_cpu, open_cpu;
  guint64 records;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || customers < 2 ||
      customers > 100000000 || months < 1 || months > 1200)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--customers must be 2 to 100000000, --months 1 to 1200");
      return 2;
    }

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("cxv-bench-file-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "bench.cxv", NULL);
    }

  start = g_get_monotonic_time ();
  ds = synthetic ? build ((guint) customers) : simulate ((guint) customers, (guint) months);
  records = n_records (ds);
  g_print ("%s   %" G_GINT64_FORMAT " customers, %" G_GUINT64_FORMAT " records "
           "(%" G_GUINT64_FORMAT " events) in %.2f s\n", synthetic ? "built    " : "simulated",
           customers, records,
           records - cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER)
                   - cxv_dataset_get_n_records (ds, CXV_RECORD_PRODUCT)
                   - cxv_dataset_get_n_records (ds, CXV_RECORD_INITIATIVE),
           (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  save_cpu = cpu_seconds ();
  if (!cxv_dataset_save (ds, path, NULL, &error))
    {
      g_printerr ("save failed: %s\n", error->message);
      return 1;
    }
  save_seconds = (g_get_monotonic_time () - start) / 1e6;
  save_cpu = cpu_seconds () - save_cpu;
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  start = g_get_monotonic_time ();
  open_cpu = cpu_seconds ();
  opened = cxv_dataset_open (path, NULL, &error);
  if (opened == NULL)
    {
      g_printerr ("open failed: %s\n", error->message);
      return 1;
    }
  open_seconds = (g_get_monotonic_time () - start) / 1e6;
  open_cpu = cpu_seconds () - open_cpu;

  /* Same records: every column byte for byte, the texts and the ids. */
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_auto(GStrv) columns = cxv_dataset_list_columns (k);

      g_assert_cmpuint (cxv_dataset_get_n_records (opened, k), ==,
                        cxv_dataset_get_n_records (ds, k));
      for (guint c = 0; columns[c] != NULL; c++)
        {
          g_autoptr(GBytes) a = cxv_dataset_dup_column (ds, k, columns[c], NULL, &error);
          g_autoptr(GBytes) b = cxv_dataset_dup_column (opened, k, columns[c], NULL, &error);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (a, b));
        }
    }
  g_assert_cmpuint (cxv_dataset_get_n_texts (opened), ==, cxv_dataset_get_n_texts (ds));
  for (guint32 t = 0; t < cxv_dataset_get_n_texts (ds); t++)
    g_assert_cmpstr (cxv_dataset_get_text (opened, t), ==, cxv_dataset_get_text (ds, t));
  for (guint32 c = 0; c < cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER); c++)
    g_assert_cmpstr (cxv_dataset_get_customer_id (opened, c), ==,
                     cxv_dataset_get_customer_id (ds, c));
  g_assert_cmpint (cxv_dataset_get_revenue_total (opened), ==,
                   cxv_dataset_get_revenue_total (ds));

  g_print ("save        %.2f s (%.2f s CPU)  %.0f records/s\n", save_seconds, save_cpu,
           records / save_seconds);
  g_print ("open        %.2f s (%.2f s CPU)  %.0f records/s, sealed, every value checked\n",
           open_seconds, open_cpu, records / open_seconds);
  g_print ("file        %" G_GINT64_FORMAT " bytes, %.1f bytes per record\n",
           (gint64) st.st_size, (double) st.st_size / records);

  if (keep == NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
    }
  return 0;
}
