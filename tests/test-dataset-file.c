/* test-dataset-file.c: saving a dataset to a file and opening it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cxv-dataset-private.h"
#include "cxv-error.h"

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

/* Ids with the characters that break SQL built by concatenation, and
 * non-ASCII UTF-8. */
#define OBRIEN "O'Brien; ü"
#define ZOE "zoë \"z\" -- '); DROP TABLE customer; --"

static char *self_path;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cxv-test-file-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "data.cxv", NULL);
}

/* Removes everything the case left in its directory; the directory must be
 * empty of anything but files. */
static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined by spaces: to check what a save left. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Every kind of record, every optional field both present and absent, a
 * referrer declared after the customer it referred, records appended out
 * of date order so that sealing reorders them. */
static CxvDataset *
build_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("EUR", &error);
  const char *tv_segments[] = { "consumer", "small business", NULL };
  const char *closed_segments[] = { "", NULL };
  const char *topics[] = { "speed", "price", NULL };
  const char *one_topic[] = { "ü-topic", NULL };

  g_assert_no_error (error);

  g_assert_true (cxv_dataset_add_customer (ds, "alice", "consumer", D (2022, 5, 17),
                                           CXV_ACQUISITION_ORGANIC, NULL, &error));
  g_assert_true (cxv_dataset_add_customer (ds, OBRIEN, "small business", D (2023, 2, 1),
                                           CXV_ACQUISITION_REFERRAL, ZOE, &error));
  g_assert_true (cxv_dataset_add_customer (ds, "carol", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_customer (ds, ZOE, "consumer", D (2021, 12, 31),
                                           CXV_ACQUISITION_WIN_BACK, "alice", &error));

  g_assert_true (cxv_dataset_add_product (ds, "fiber", "internet", TRUE, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "tv", NULL, FALSE, tv_segments, &error));
  /* an empty list: closed to every segment */
  g_assert_true (cxv_dataset_add_product (ds, "closed;1", "legacy", TRUE, closed_segments,
                                          &error));

  g_assert_true (cxv_dataset_add_initiative (ds, "easy-bill", "Clear bills", TRUE,
                                             D (2023, 3, 1), CXV_DATE_NONE, &error));
  g_assert_true (cxv_dataset_add_initiative (ds, "promo'1", NULL, FALSE, D (2023, 1, 1),
                                             D (2023, 6, 30), &error));

  g_assert_true (cxv_dataset_add_holding (ds, "alice", "fiber", D (2022, 5, 17), CXV_DATE_NONE,
                                          &error));
  g_assert_true (cxv_dataset_add_holding (ds, OBRIEN, "tv", D (2023, 2, 1), D (2023, 9, 1),
                                          &error));
  g_assert_true (cxv_dataset_add_holding (ds, "alice", "tv", D (2021, 1, 1), D (2021, 1, 1),
                                          &error));

  g_assert_true (cxv_dataset_add_revenue (ds, "alice", "fiber", D (2023, 4, 1),
                                          CXV_REVENUE_RECURRING, 4999, 1200, "easy-bill",
                                          &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "alice", NULL, D (2023, 1, 15),
                                          CXV_REVENUE_ONE_OFF, 12345, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, OBRIEN, "tv", D (2023, 3, 1), CXV_REVENUE_REFUND,
                                          -1999, -10, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "carol", "fiber", D (2023, 2, 1),
                                          CXV_REVENUE_NEW, G_GINT64_CONSTANT (9000000000000),
                                          7, "promo'1", &error));

  g_assert_true (cxv_dataset_add_interaction (ds, "alice", D (2023, 5, 2), "phone",
                                              CXV_CHANNEL_ASSISTED, CXV_INTERACTION_COMPLAINT,
                                              FALSE, "billing", 700, &error));
  g_assert_true (cxv_dataset_add_interaction (ds, "alice", D (2023, 1, 2), "app",
                                              CXV_CHANNEL_LOW_COST, CXV_INTERACTION_SUPPORT,
                                              TRUE, NULL, 0, &error));
  g_assert_true (cxv_dataset_add_interaction (ds, ZOE, D (2023, 7, 7), "chat; “live”",
                                              CXV_CHANNEL_LOW_COST, CXV_INTERACTION_FEEDBACK,
                                              TRUE, "price", 35, &error));

  g_assert_true (cxv_dataset_add_feedback (ds, "alice", D (2023, 5, 3), CXV_INSTRUMENT_NPS, 9,
                                           "Great; “fast” — ü", topics, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, OBRIEN, D (2023, 3, 2), CXV_INSTRUMENT_CSAT, 2,
                                           NULL, NULL, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "carol", D (2023, 3, 2), CXV_INSTRUMENT_OTHER,
                                           -3.25, NULL, one_topic, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "carol", D (2023, 2, 2), CXV_INSTRUMENT_CES,
                                           6.5, "'); DROP TABLE feedback; --", NULL, &error));

  g_assert_true (cxv_dataset_add_usage (ds, "alice", "fiber", D (2023, 4, 30), 812.125,
                                        &error));
  g_assert_true (cxv_dataset_add_usage (ds, "alice", "fiber", D (2023, 3, 31), 0, &error));

  g_assert_true (cxv_dataset_add_referral (ds, ZOE, OBRIEN, D (2023, 1, 20), &error));
  g_assert_true (cxv_dataset_add_referral (ds, "alice", ZOE, D (2021, 12, 1), &error));

  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ds);
}

/* Asserts that @b holds exactly what @a holds, through the public API
 * (every column of every kind, ids, texts, topics, eligibility, per-customer
 * ranges) and the private one (the text pool and the eligible lists). */
static void
assert_same_dataset (CxvDataset *a, CxvDataset *b)
{
  guint n_customers = cxv_dataset_get_n_records (a, CXV_RECORD_CUSTOMER);
  guint n_texts = cxv_dataset_get_n_texts (a);

  g_assert_true (cxv_dataset_get_sealed (b));
  g_assert_cmpstr (cxv_dataset_get_currency (a), ==, cxv_dataset_get_currency (b));
  g_assert_cmpint (cxv_dataset_get_decimals (a), ==, cxv_dataset_get_decimals (b));
  g_assert_cmpint (cxv_dataset_get_revenue_total (a), ==, cxv_dataset_get_revenue_total (b));

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_auto(GStrv) columns = cxv_dataset_list_columns (k);

      g_assert_cmpuint (cxv_dataset_get_n_records (a, k), ==, cxv_dataset_get_n_records (b, k));
      for (guint c = 0; columns[c] != NULL; c++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) ca = cxv_dataset_dup_column (a, k, columns[c], NULL, &error);
          g_autoptr(GBytes) cb = cxv_dataset_dup_column (b, k, columns[c], NULL, &error);

          g_assert_no_error (error);
          if (!g_bytes_equal (ca, cb))
            g_error ("kind %u, column %s differs", k, columns[c]);
        }
    }

  for (guint i = 0; i < n_customers; i++)
    {
      g_assert_cmpstr (cxv_dataset_get_customer_id (a, i), ==, cxv_dataset_get_customer_id (b, i));
      for (guint k = CXV_RECORD_HOLDING; k <= CXV_RECORD_REFERRAL; k++)
        {
          guint fa, na, fb, nb;

          cxv_dataset_get_customer_range (a, k, i, &fa, &na);
          cxv_dataset_get_customer_range (b, k, i, &fb, &nb);
          g_assert_cmpuint (fa, ==, fb);
          g_assert_cmpuint (na, ==, nb);
        }
    }
  for (guint i = 0; i < cxv_dataset_get_n_records (a, CXV_RECORD_PRODUCT); i++)
    {
      guint na, nb;
      const guint32 *sa = cxv_dataset_get_eligible_segments (a, i, &na);
      const guint32 *sb = cxv_dataset_get_eligible_segments (b, i, &nb);

      g_assert_cmpstr (cxv_dataset_get_product_code (a, i), ==,
                       cxv_dataset_get_product_code (b, i));
      g_assert_true ((sa == NULL) == (sb == NULL));
      g_assert_cmpuint (na, ==, nb);
      if (na > 0)
        g_assert_cmpmem (sa, na * sizeof (guint32), sb, nb * sizeof (guint32));
      for (guint t = 0; t < MIN (n_texts, 64); t++)
        g_assert_true (cxv_dataset_is_eligible (a, i, cxv_dataset_get_text (a, t)) ==
                       cxv_dataset_is_eligible (b, i, cxv_dataset_get_text (a, t)));
      g_assert_true (cxv_dataset_is_eligible (a, i, NULL) == cxv_dataset_is_eligible (b, i, NULL));
    }
  for (guint i = 0; i < cxv_dataset_get_n_records (a, CXV_RECORD_INITIATIVE); i++)
    g_assert_cmpstr (cxv_dataset_get_initiative_id (a, i), ==,
                     cxv_dataset_get_initiative_id (b, i));

  g_assert_cmpuint (n_texts, ==, cxv_dataset_get_n_texts (b));
  for (guint t = 0; t < n_texts; t++)
    g_assert_cmpstr (cxv_dataset_get_text (a, t), ==, cxv_dataset_get_text (b, t));

  for (guint i = 0; i < cxv_dataset_get_n_records (a, CXV_RECORD_FEEDBACK); i++)
    {
      g_auto(GStrv) ta = cxv_dataset_dup_feedback_topics (a, i);
      g_auto(GStrv) tb = cxv_dataset_dup_feedback_topics (b, i);

      g_assert_true (g_strv_equal ((const char * const *) ta, (const char * const *) tb));
    }
}

static void
save_or_die (CxvDataset *ds, const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_save (ds, path, NULL, &error));
  g_assert_no_error (error);
}

/* Opens @path, expecting it to fail with @code and a message naming the
 * file and containing @detail. */
static void
assert_open_fails (const char *path, GQuark domain, int code, const char *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_open (path, NULL, &error);

  g_assert_null (ds);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (detail != NULL && strstr (error->message, detail) == NULL)
    g_error ("“%s” does not say “%s”", error->message, detail);
}

/* Runs @sql on the file at @path, as a damaged or hostile file would be
 * made by hand. */
static void
edit_file (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = build_small ();
  g_autoptr(CxvDataset) opened = NULL;
  g_autoptr(CxvCustomer) obrien = NULL;
  g_auto(GStrv) topics = NULL;
  g_autofree char *listing = NULL;
  CxvRevenueEvent ev;
  CxvFeedback fb;
  CxvInitiative ini;
  CxvProduct product;
  guint i, first, count;

  g_test_summary ("A saved dataset opens as the same sealed dataset: every record of every "
                  "kind, ids, texts, eligibility, referrers and initiatives");

  save_or_die (ds, f->path);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "data.cxv");

  opened = cxv_dataset_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
  assert_same_dataset (ds, opened);

  /* And by hand, the values build_small() put in. */
  g_assert_cmpstr (cxv_dataset_get_currency (opened), ==, "EUR");
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_CUSTOMER), ==, 4);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_PRODUCT), ==, 3);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_INITIATIVE), ==, 2);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_HOLDING), ==, 3);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_REVENUE), ==, 4);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_INTERACTION), ==, 3);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_FEEDBACK), ==, 4);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_USAGE), ==, 2);
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_REFERRAL), ==, 2);
  /* 4999 + 12345 - 1999 + 9000000000000 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (opened), ==,
                   G_GINT64_CONSTANT (9000000015345));

  g_assert_true (cxv_dataset_lookup_customer (opened, OBRIEN, &i));
  g_assert_cmpuint (i, ==, 1);
  obrien = cxv_dataset_dup_customer (opened, i);
  g_assert_cmpstr (cxv_customer_get_segment (obrien), ==, "small business");
  g_assert_cmpstr (cxv_customer_get_referred_by (obrien), ==, ZOE);
  g_assert_cmpint (cxv_customer_get_acquired (obrien), ==, D (2023, 2, 1));
  g_assert_cmpint (cxv_customer_get_acquisition_source (obrien), ==, CXV_ACQUISITION_REFERRAL);

  /* alice's revenue, sorted by date by the seal before saving */
  g_assert_true (cxv_dataset_lookup_customer (opened, "alice", &i));
  cxv_dataset_get_customer_range (opened, CXV_RECORD_REVENUE, i, &first, &count);
  g_assert_cmpuint (count, ==, 2);
  cxv_dataset_get_revenue_event (opened, first, &ev);
  g_assert_cmpint (ev.date, ==, D (2023, 1, 15));
  g_assert_cmpuint (ev.product, ==, CXV_NO_INDEX);
  g_assert_cmpuint (ev.initiative, ==, CXV_NO_INDEX);
  g_assert_cmpint (ev.kind, ==, CXV_REVENUE_ONE_OFF);
  cxv_dataset_get_revenue_event (opened, first + 1, &ev);
  g_assert_cmpstr (cxv_dataset_get_product_code (opened, ev.product), ==, "fiber");
  g_assert_cmpstr (cxv_dataset_get_initiative_id (opened, ev.initiative), ==, "easy-bill");
  g_assert_cmpint (ev.amount, ==, 4999);
  g_assert_cmpint (ev.cost, ==, 1200);

  cxv_dataset_get_customer_range (opened, CXV_RECORD_FEEDBACK, i, &first, &count);
  g_assert_cmpuint (count, ==, 1);
  cxv_dataset_get_feedback (opened, first, &fb);
  g_assert_cmpstr (cxv_dataset_get_text (opened, fb.comment), ==, "Great; “fast” — ü");
  topics = cxv_dataset_dup_feedback_topics (opened, first);
  g_assert_cmpstrv (topics, ((const char *[]) { "speed", "price", NULL }));

  g_assert_true (cxv_dataset_lookup_initiative (opened, "promo'1", &i));
  cxv_dataset_get_initiative (opened, i, &ini);
  g_assert_cmpuint (ini.name, ==, CXV_NO_INDEX);
  g_assert_false (ini.in_sync);
  g_assert_cmpint (ini.end, ==, D (2023, 6, 30));

  g_assert_true (cxv_dataset_lookup_product (opened, "tv", &i));
  cxv_dataset_get_product (opened, i, &product);
  g_assert_false (product.all_segments_eligible);
  g_assert_cmpuint (product.category, ==, CXV_NO_INDEX);
  g_assert_true (cxv_dataset_is_eligible (opened, i, "small business"));
  g_assert_false (cxv_dataset_is_eligible (opened, i, NULL));
  g_assert_true (cxv_dataset_lookup_product (opened, "closed;1", &i));
  g_assert_false (cxv_dataset_is_eligible (opened, i, "consumer"));
  g_assert_true (cxv_dataset_lookup_product (opened, "fiber", &i));
  g_assert_true (cxv_dataset_is_eligible (opened, i, NULL));
}

static void
test_replace (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) small = build_small ();
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("JPY", &error);
  g_autoptr(CxvDataset) opened = NULL;
  g_autofree char *listing = NULL;

  g_test_summary ("Saving over a file replaces it, and an empty dataset round-trips");

  g_assert_true (cxv_dataset_seal (empty, &error));
  save_or_die (small, f->path);
  save_or_die (empty, f->path);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "data.cxv");

  opened = cxv_dataset_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_same_dataset (empty, opened);
  g_assert_cmpstr (cxv_dataset_get_currency (opened), ==, "JPY");
  g_assert_cmpuint (cxv_dataset_get_n_records (opened, CXV_RECORD_CUSTOMER), ==, 0);
}

static void
test_not_sealed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autofree char *listing = NULL;

  g_test_summary ("Only a sealed dataset can be saved; nothing is written otherwise");

  g_assert_true (cxv_dataset_add_customer (ds, "a", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_false (cxv_dataset_save (ds, f->path, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED);
  g_assert_nonnull (strstr (error->message, f->path));
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "nowhere", "data.cxv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = build_small ();

  g_test_summary ("A missing file, or a directory, is a FILE error with the system's words");

  assert_open_fails (missing, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, g_strerror (ENOENT));
  assert_open_fails (f->dir, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "not a regular file");

  /* Saving into a directory that does not exist fails the same way. */
  g_assert_false (cxv_dataset_save (ds, missing, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
}

static void
test_not_sqlite (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("A text file, an empty file and a SQLite file of something else are "
                  "FILE errors");

  g_assert_true (g_file_set_contents (f->path, "customer,segment\nalice,consumer\n", -1,
                                      &error));
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "not a SQLite");

  g_assert_true (g_file_set_contents (f->path, "", 0, &error));
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "not a libcxvalue");

  g_unlink (f->path);
  edit_file (f->path, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('x');");
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "not a libcxvalue");

  edit_file (f->path, "CREATE TABLE format (key TEXT, value TEXT);"
                      "INSERT INTO format VALUES ('format', 'something-else');");
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "not a libcxvalue");
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = build_small ();
  g_autofree char *contents = NULL;
  g_autofree char *half = g_build_filename (f->dir, "half.cxv", NULL);
  gsize length;

  g_test_summary ("A file cut in half is a FILE error, not a crash");

  save_or_die (ds, f->path);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (half, contents, length / 2, &error));
  assert_open_fails (half, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, NULL);

  /* Only the 100-byte header left */
  g_assert_true (g_file_set_contents (half, contents, 100, &error));
  assert_open_fails (half, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, NULL);
}

static void
test_newer_version (Fixture *f, gconstpointer data)
{
  g_autoptr(CxvDataset) ds = build_small ();

  g_test_summary ("A file of a newer format version is a VERSION error naming both versions");

  save_or_die (ds, f->path);
  edit_file (f->path, "UPDATE format SET value = '2' WHERE key = 'format_version'");
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_VERSION,
                     "written by a newer libcxvalue (format 2); this one reads format 1");

  edit_file (f->path, "UPDATE format SET value = 'two' WHERE key = 'format_version'");
  assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, "format version");
}

/* Copies @table without its NOT NULL constraints, so that a NULL can be
 * written where the schema forbids one. */
#define UNCONSTRAINED(table) \
  "CREATE TABLE copy AS SELECT * FROM " table "; DROP TABLE " table "; " \
  "ALTER TABLE copy RENAME TO " table "; "

/* Edits of a good file, each of which must make opening it fail with a
 * FILE error that says this. */
static const struct
{
  const char *sql;
  const char *detail;
} damage[] = {
  { "UPDATE revenue SET customer = 999 WHERE idx = 0", "customer is 999, outside 0 to 3" },
  { "UPDATE revenue SET customer = -1 WHERE idx = 1", "customer is -1" },
  { "UPDATE revenue SET product = 3 WHERE idx = 0", "product is 3" },
  { "UPDATE revenue SET initiative = 2 WHERE idx = 0", "initiative is 2" },
  { "UPDATE revenue SET kind = 6 WHERE idx = 0", "kind is 6, outside 0 to 5" },
  { "UPDATE revenue SET amount = 'lots' WHERE idx = 0", "amount is text, not an integer" },
  { "UPDATE revenue SET amount = 12.5 WHERE idx = 0", "amount is a real" },
  { "UPDATE revenue SET amount = 9223372036854775807 WHERE idx = 0", "overflow" },
  { "UPDATE revenue SET date = 2932897 WHERE idx = 0", "date is 2932897" },
  { UNCONSTRAINED ("revenue") "UPDATE revenue SET date = NULL WHERE idx = 0", "date is NULL" },
  { "UPDATE revenue SET idx = 10 WHERE idx = 3", "idx is not 3" },
  { "DELETE FROM revenue WHERE idx = 1", "idx is not 1" },
  { "UPDATE holding SET \"end\" = start - 1 WHERE idx = 0", "ends on" },
  { "UPDATE holding SET start = 4294967296 WHERE idx = 0", "start is 4294967296" },
  { UNCONSTRAINED ("interaction") "UPDATE interaction SET channel = NULL WHERE idx = 0",
    "channel is NULL" },
  { "UPDATE interaction SET channel = 99 WHERE idx = 0", "channel is 99" },
  { "UPDATE interaction SET cost = -5 WHERE idx = 0", "negative" },
  { "UPDATE interaction SET resolved = 2 WHERE idx = 0", "resolved is 2" },
  { "UPDATE feedback SET score = 11 WHERE instrument = 0", "outside the NPS scale" },
  { "UPDATE feedback SET score = 'high' WHERE idx = 0", "score is text, not a number" },
  { "UPDATE feedback SET instrument = 4 WHERE idx = 0", "instrument is 4" },
  { "UPDATE usage SET quantity = -1 WHERE idx = 0", "quantity" },
  { "UPDATE referral SET referred = referrer WHERE idx = 0", "cannot refer itself" },
  { "UPDATE customer SET referred_by = 77 WHERE idx = 1", "referred_by is 77" },
  { "UPDATE customer SET referred_by = idx WHERE idx = 1", "the customer itself" },
  { "UPDATE customer SET id = 'alice' WHERE idx = 2", "declared twice" },
  { "UPDATE customer SET id = '' WHERE idx = 2", "id is not a non-empty UTF-8 text" },
  { "UPDATE customer SET id = CAST(X'FF41' AS TEXT) WHERE idx = 2", "id is not" },
  { "UPDATE customer SET id = 'a' || char(0) || 'b' WHERE idx = 2", "id is not" },
  { "UPDATE customer SET source = 6 WHERE idx = 0", "source is 6" },
  { "UPDATE customer SET segment = 1000 WHERE idx = 0", "segment is 1000" },
  { "UPDATE text SET value = (SELECT value FROM text WHERE idx = 0) WHERE idx = 1",
    "repeats text 0" },
  { "UPDATE text SET value = '' WHERE idx = 1", "not a non-empty UTF-8 text" },
  { "UPDATE product SET all_segments_eligible = 1 WHERE code = 'tv'", "yet product_segment" },
  { "UPDATE product_segment SET product = 7", "product 7 is not in the product table" },
  { "UPDATE product_segment SET segment = 1000", "segment is not a text index" },
  { UNCONSTRAINED ("initiative") "UPDATE initiative SET start = NULL WHERE idx = 0",
    "start is NULL" },
  { "INSERT INTO initiative VALUES (2, 'x', NULL, 0, 0, NULL);"
    "UPDATE initiative SET idx = 5 WHERE idx = 2", "idx is not 2" },
  { "DELETE FROM format WHERE key = 'currency'", "names no currency" },
  { "UPDATE format SET value = 'EURO' WHERE key = 'currency'", "EURO" },
  { "DROP TABLE usage", "no such table: usage" },
  { "ALTER TABLE holding RENAME COLUMN product TO item", "no such column: product" },
  /* What a hostile file might try: a view in place of a table, and
   * triggers; neither runs. */
  { "DROP TABLE text; CREATE VIEW text AS SELECT 0 AS idx, 'x' AS value", "prohibited" },
};

static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(CxvDataset) ds = build_small ();
  g_autofree char *good = g_build_filename (f->dir, "good.cxv", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_test_summary ("Out-of-range indices, enums, dates and values, wrong types, gaps, "
                  "duplicates, missing tables and views are FILE errors naming the path, "
                  "the table and the value");

  save_or_die (ds, good);
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_test_message ("%s", damage[i].sql);
      g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
      edit_file (f->path, damage[i].sql);
      assert_open_fails (f->path, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE, damage[i].detail);
    }

  /* Additions a reader of format 1 ignores: unknown keys, tables, columns,
   * and triggers, which never fire on a read-only connection anyway. */
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
  edit_file (f->path, "INSERT INTO format VALUES ('comment', 'added by hand');"
                      "CREATE TABLE notes (x);"
                      "ALTER TABLE revenue ADD COLUMN note TEXT;"
                      "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM revenue; END;");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CxvDataset) opened = cxv_dataset_open (f->path, NULL, &error);

    g_assert_no_error (error);
    assert_same_dataset (ds, opened);
  }
}

/* Appends @n_customers customers with about ten events each, quickly. */
static CxvDataset *
build_large (guint n_customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  guint32 channel;

  g_assert_true (cxv_dataset_add_product (ds, "fiber", "internet", TRUE, NULL, &error));
  channel = cxv_dataset_intern_text (ds, "app");
  for (guint c = 0; c < n_customers; c++)
    {
      char id[16];

      g_snprintf (id, sizeof id, "L%07u", c);
      g_assert_true (cxv_dataset_add_customer (ds, id, NULL, CXV_DATE_NONE,
                                               CXV_ACQUISITION_SALES, NULL, &error));
      for (int m = 0; m < 8; m++)
        g_assert_true (cxv_dataset_append_revenue (ds, c, 0, D (2024, 1 + m, 1),
                                                   CXV_REVENUE_RECURRING, 1000 + c % 97, 100,
                                                   CXV_NO_INDEX, &error));
      g_assert_true (cxv_dataset_append_interaction (ds, c, D (2024, 3, 3), channel,
                                                     CXV_CHANNEL_LOW_COST,
                                                     CXV_INTERACTION_SUPPORT, TRUE,
                                                     CXV_NO_INDEX, 10, &error));
    }
  g_assert_true (cxv_dataset_seal (ds, &error));
  return g_steal_pointer (&ds);
}

/* In the child process: save a large dataset to argv[2] until killed. */
static int
save_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = build_large (300000);

  if (!cxv_dataset_save (ds, path, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

/* The size of the save's temporary file in @dir, -1 while there is none. */
static goffset
temp_file_size (const char *dir, const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        GStatBuf st;

        if (g_stat (path, &st) == 0)
          return st.st_size;
      }
  return -1;
}

static void
test_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) original = build_small ();
  g_autoptr(CxvDataset) opened = NULL;
  char *argv[] = { self_path, (char *) "--save-child", f->path, NULL };
  g_autofree char *listing = NULL;
  gint64 deadline;
  GPid pid;
  int status;

  g_test_summary ("A process killed in the middle of a save leaves the previous file "
                  "intact: it still opens as the original dataset");

  save_or_die (original, f->path);
  g_assert_true (g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                NULL, &pid, &error));
  g_assert_no_error (error);

  /* Kill it once its temporary file has grown past a few megabytes:
   * well into the save, well before its end. */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (temp_file_size (f->dir, ".data.cxv.") < 4 * 1024 * 1024)
    {
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  opened = cxv_dataset_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_same_dataset (original, opened);

  /* A killed process cannot clean up: its temporary file stays, under a
   * hidden name beside the destination, as documented. */
  listing = list_dir (f->dir);
  g_test_message ("left: %s", listing);
  g_assert_true (g_str_has_prefix (listing, ".data.cxv."));
  g_assert_true (g_str_has_suffix (listing, " data.cxv"));
}

static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) small = NULL;
  g_autoptr(CxvDataset) large = NULL;
  g_autoptr(CxvDataset) opened = NULL;
  g_autofree char *listing = NULL;
  struct rlimit limit = { 1024 * 1024, 1024 * 1024 };

  g_test_summary ("A save that fails for want of space leaves the previous file intact and "
                  "removes its temporary file");

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* A file size limit of 1 MiB stands for a full disk: past it, write()
   * fails with EFBIG once SIGXFSZ is ignored. */
  small = build_small ();
  save_or_die (small, f->path);
  large = build_large (20000);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_false (cxv_dataset_save (large, f->path, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "data.cxv");
  opened = cxv_dataset_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_same_dataset (small, opened);
}

typedef struct
{
  GMainLoop  *loop;
  CxvDataset *opened;
  GError     *error;
  gboolean    saved;
} AsyncState;

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *state = user_data;

  state->saved = cxv_dataset_save_finish (CXV_DATASET (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_null (source);
  state->opened = cxv_dataset_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(CxvDataset) ds = build_small ();
  g_autoptr(CxvDataset) unsealed = cxv_dataset_new ("USD", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *missing = g_build_filename (f->dir, "missing.cxv", NULL);
  AsyncState state = { loop, NULL, NULL, FALSE };

  g_test_summary ("save_async and open_async run in a thread and report in the main loop");

  cxv_dataset_save_async (ds, f->path, NULL, saved_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.saved);

  cxv_dataset_open_async (f->path, NULL, opened_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  assert_same_dataset (ds, state.opened);
  g_clear_object (&state.opened);

  cxv_dataset_open_async (missing, NULL, opened_cb, &state);
  g_main_loop_run (loop);
  g_assert_error (state.error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE);
  g_assert_null (state.opened);
  g_clear_error (&state.error);

  cxv_dataset_save_async (unsealed, f->path, NULL, saved_cb, &state);
  g_main_loop_run (loop);
  g_assert_error (state.error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED);
  g_assert_false (state.saved);
  g_clear_error (&state.error);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = build_small ();
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvDataset) opened = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  AsyncState state = { loop, NULL, NULL, FALSE };
  gsize before_length, after_length;

  g_test_summary ("A cancelled save leaves the previous file as it was, and no temporary "
                  "file; a cancelled open gives nothing");

  save_or_die (ds, f->path);
  g_assert_true (g_file_get_contents (f->path, &before, &before_length, NULL));
  g_assert_true (cxv_dataset_seal (empty, NULL));
  g_cancellable_cancel (cancellable);

  g_assert_false (cxv_dataset_save (empty, f->path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cxv_dataset_save_async (empty, f->path, cancellable, saved_cb, &state);
  g_main_loop_run (loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  g_assert_true (g_file_get_contents (f->path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "data.cxv");

  opened = cxv_dataset_open (f->path, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (opened);
  g_clear_error (&error);

  cxv_dataset_open_async (f->path, cancellable, opened_cb, &state);
  g_main_loop_run (loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.opened);
  g_clear_error (&state.error);
}

/* A cancellation that arrives in the middle of a save of a large
 * dataset stops it, and removes the temporary file. */
static gpointer
cancel_soon (gpointer data)
{
  g_usleep (50000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancelled_midway (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) large = build_large (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GThread) thread = NULL;
  g_autofree char *listing = NULL;
  gboolean saved;

  g_test_summary ("A cancellation during a save stops it and removes the temporary file");

  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  saved = cxv_dataset_save (large, f->path, cancellable, &error);
  g_thread_join (g_steal_pointer (&thread));
  if (saved)
    {
      /* A machine fast enough to save a million records in 50 ms: nothing
       * to check but that the file is whole. */
      g_test_message ("the save finished before the cancellation");
      g_assert_no_error (error);
      return;
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

int
main (int argc, char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--save-child") == 0)
    return save_child (argv[2]);
  int status;

  /* The atomicity case runs this program again as the process it kills. */
  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cxv/dataset-file/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("replace", test_replace);
  ADD ("not-sealed", test_not_sealed);
  ADD ("missing", test_missing);
  ADD ("not-sqlite", test_not_sqlite);
  ADD ("truncated", test_truncated);
  ADD ("newer-version", test_newer_version);
  ADD ("damaged", test_damaged);
  ADD ("killed", test_killed);
  ADD ("disk-full", test_disk_full);
  ADD ("async", test_async);
  ADD ("cancelled", test_cancelled);
  ADD ("cancelled-midway", test_cancelled_midway);

  status = g_test_run ();
  g_free (self_path);
  return status;
}
