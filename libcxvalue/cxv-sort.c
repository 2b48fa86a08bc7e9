/* cxv-sort.c: sorting many integers fast
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "cxv-sort-private.h"

#define DIGIT_BITS 16
#define N_BUCKETS (1u << DIGIT_BITS)

void
cxv_sort_u64 (guint64 *keys,
              guint64 *scratch,
              gsize    n)
{
  g_autofree gsize *counts = g_new (gsize, N_BUCKETS);
  guint64 *from = keys, *to = scratch;
  guint64 any_bits = 0, all_bits = ~(guint64) 0;

  if (n < 2)
    return;
  for (gsize i = 0; i < n; i++)
    {
      any_bits |= keys[i];
      all_bits &= keys[i];
    }

  for (guint shift = 0; shift < 64; shift += DIGIT_BITS)
    {
      guint64 mask = (guint64) (N_BUCKETS - 1) << shift;
      gsize sum = 0;

      /* A digit that is the same in every key leaves the order alone. */
      if ((any_bits & mask) == (all_bits & mask))
        continue;
      memset (counts, 0, sizeof (gsize) * N_BUCKETS);
      for (gsize i = 0; i < n; i++)
        counts[(from[i] >> shift) & (N_BUCKETS - 1)]++;
      for (guint b = 0; b < N_BUCKETS; b++)
        {
          gsize c = counts[b];

          counts[b] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        to[counts[(from[i] >> shift) & (N_BUCKETS - 1)]++] = from[i];
      {
        guint64 *swap = from;

        from = to;
        to = swap;
      }
    }
  if (from != keys)
    memcpy (keys, from, sizeof (guint64) * n);
}
