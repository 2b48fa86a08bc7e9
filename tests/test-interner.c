/* test-interner.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "cxv-interner-private.h"

static void
test_against_hash_table (void)
{
  g_autoptr(CxvInterner) interner = cxv_interner_new ();
  g_autoptr(GHashTable) reference = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint32 expected_next = 0;

  g_test_summary ("Interning agrees with a GHashTable doing the same job (a second method)");

  /* Ids repeat (i % 50000) so lookups of known strings are exercised too. */
  for (guint i = 0; i < 200000; i++)
    {
      char id[32];
      gsize len = (gsize) g_snprintf (id, sizeof id, "C%05u", (i * 7919u) % 50000u);
      gpointer known;
      guint32 index = cxv_interner_intern (interner, id, len);

      if (g_hash_table_lookup_extended (reference, id, NULL, &known))
        g_assert_cmpuint (index, ==, GPOINTER_TO_UINT (known));
      else
        {
          g_assert_cmpuint (index, ==, expected_next);
          g_hash_table_insert (reference, g_strdup (id), GUINT_TO_POINTER (expected_next));
          expected_next++;
        }
      g_assert_cmpstr (cxv_interner_get (interner, index), ==, id);
    }
  g_assert_cmpuint (cxv_interner_get_size (interner), ==, g_hash_table_size (reference));
  g_assert_cmpuint (cxv_interner_get_size (interner), ==, 50000);
}

static void
test_lengths (void)
{
  g_autoptr(CxvInterner) interner = cxv_interner_new ();
  guint32 index;

  g_test_summary ("Strings are compared by their bytes and length, not up to a NUL");

  g_assert_cmpuint (cxv_interner_intern (interner, "abc", 3), ==, 0);
  g_assert_cmpuint (cxv_interner_intern (interner, "abcd", 3), ==, 0);
  g_assert_cmpuint (cxv_interner_intern (interner, "ab", 2), ==, 1);
  g_assert_cmpuint (cxv_interner_intern (interner, "", 0), ==, 2);
  g_assert_true (cxv_interner_lookup (interner, "ab", 2, &index));
  g_assert_cmpuint (index, ==, 1);
  g_assert_false (cxv_interner_lookup (interner, "a", 1, &index));
}

static void
test_truncate (void)
{
  g_autoptr(CxvInterner) interner = cxv_interner_new ();
  guint32 index;

  g_test_summary ("Truncating forgets newer strings and keeps older ones findable");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *s = g_strdup_printf ("id-%u", i);
      cxv_interner_intern (interner, s, strlen (s));
    }
  cxv_interner_truncate (interner, 600);
  g_assert_cmpuint (cxv_interner_get_size (interner), ==, 600);
  g_assert_true (cxv_interner_lookup (interner, "id-599", 6, &index));
  g_assert_cmpuint (index, ==, 599);
  g_assert_false (cxv_interner_lookup (interner, "id-600", 6, &index));
  /* A forgotten string comes back with the next free index. */
  g_assert_cmpuint (cxv_interner_intern (interner, "id-999", 6), ==, 600);
  g_assert_cmpstr (cxv_interner_get (interner, 599), ==, "id-599");
  g_assert_cmpstr (cxv_interner_get (interner, 600), ==, "id-999");
}

static void
test_hinted (void)
{
  g_autoptr(CxvInterner) interner = cxv_interner_new ();
  guint32 index = 99;

  g_test_summary ("A hinted lookup takes the hint only when its string is the one sought");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *s = g_strdup_printf ("c%04u", i);
      cxv_interner_intern (interner, s, strlen (s));
    }
  /* The right hint, a wrong hint of the same length, a hint past the end,
   * no hint, and a string that is not there. */
  g_assert_true (cxv_interner_lookup_hinted (interner, "c0500", 5, 500, &index));
  g_assert_cmpuint (index, ==, 500);
  g_assert_true (cxv_interner_lookup_hinted (interner, "c0501", 5, 500, &index));
  g_assert_cmpuint (index, ==, 501);
  g_assert_true (cxv_interner_lookup_hinted (interner, "c0007", 5, 1000, &index));
  g_assert_cmpuint (index, ==, 7);
  g_assert_true (cxv_interner_lookup_hinted (interner, "c0999", 5, G_MAXUINT32, &index));
  g_assert_cmpuint (index, ==, 999);
  /* A prefix of the hinted string is a different string. */
  g_assert_false (cxv_interner_lookup_hinted (interner, "c050", 4, 500, &index));
  g_assert_false (cxv_interner_lookup_hinted (interner, "c1000", 5, 999, &index));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/interner/against-hash-table", test_against_hash_table);
  g_test_add_func ("/cxv/interner/lengths", test_lengths);
  g_test_add_func ("/cxv/interner/truncate", test_truncate);
  g_test_add_func ("/cxv/interner/hinted", test_hinted);

  return g_test_run ();
}
