/* test-sort.c: the radix sort against qsort
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cxv-sort-private.h"

static int
compare (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static void
check (guint64 *keys, gsize n)
{
  g_autofree guint64 *want = g_memdup2 (keys, sizeof (guint64) * MAX (n, 1));
  g_autofree guint64 *scratch = g_new (guint64, MAX (n, 1));

  qsort (want, n, sizeof (guint64), compare);
  cxv_sort_u64 (keys, scratch, n);
  g_assert_cmpmem (keys, sizeof (guint64) * n, want, sizeof (guint64) * n);
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  /* Sizes around the edges, and keys that differ in low, middle, high or
   * all bits, so that passes are both taken and skipped. */
  const gsize sizes[] = { 0, 1, 2, 3, 100, 65537, 300000 };
  const guint64 masks[] = {
    0xffff, 0xffff0000, G_GUINT64_CONSTANT (0xffff000000000000),
    G_GUINT64_CONSTANT (0xffffffffffffffff), G_GUINT64_CONSTANT (0x0000ffff0000ffff),
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
      {
        g_autofree guint64 *keys = g_new (guint64, MAX (sizes[s], 1));

        for (gsize i = 0; i < sizes[s]; i++)
          keys[i] = (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand)) & masks[m];
        check (keys, sizes[s]);
      }
}

static void
test_equal_and_sorted (void)
{
  guint64 same[1000], up[1000], down[1000];

  for (guint i = 0; i < 1000; i++)
    {
      same[i] = 42;
      up[i] = i * G_GUINT64_CONSTANT (1000003);
      down[i] = G_MAXUINT64 - i;
    }
  check (same, 1000);
  check (up, 1000);
  check (down, 1000);
}

/* Positions travel with their keys, ties in input order (stable). */
static void
test_indexed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  const gsize n = 100000;
  g_autofree guint64 *keys = g_new (guint64, n);
  g_autofree guint64 *original = g_new (guint64, n);
  g_autofree guint32 *payload = g_new (guint32, n);

  for (gsize i = 0; i < n; i++)
    {
      /* Few distinct keys, many ties. */
      original[i] = keys[i] = (guint64) g_rand_int_range (rand, 0, 50) << 40;
      payload[i] = (guint32) i;
    }
  cxv_sort_u64_indexed (keys, payload, n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (keys[i], ==, original[payload[i]]);
      if (i > 0)
        {
          g_assert_cmpuint (keys[i - 1], <=, keys[i]);
          if (keys[i - 1] == keys[i])
            g_assert_cmpuint (payload[i - 1], <, payload[i]);
        }
    }
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Negative, positive, zeros of both signs, infinities, subnormals. */
static void
test_doubles (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  double values[2000], want[2000];

  for (guint i = 0; i < 2000; i++)
    values[i] = g_rand_double_range (rand, -1e6, 1e6) * (i % 7 == 0 ? 1e-310 : 1);
  values[0] = -0.0;
  values[1] = 0.0;
  values[2] = INFINITY;
  values[3] = -INFINITY;
  values[4] = -1e-320;
  memcpy (want, values, sizeof values);
  qsort (want, 2000, sizeof (double), compare_doubles);
  cxv_sort_doubles (values, 2000);
  for (guint i = 0; i < 2000; i++)
    g_assert_true (values[i] == want[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sort/random", test_random);
  g_test_add_func ("/sort/equal-and-sorted", test_equal_and_sorted);
  g_test_add_func ("/sort/indexed", test_indexed);
  g_test_add_func ("/sort/doubles", test_doubles);

  return g_test_run ();
}
