/* cxv-sort.c: sorting many integers fast
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "cxv-sort-private.h"

#define DIGIT_BITS 16
#define N_BUCKETS (1u << DIGIT_BITS)

/* LSD radix sort of @keys, moving @payload (nullable) along; the two
 * scratch arrays hold n values each (@payload_scratch only with a
 * payload). Each pass is a stable counting sort. */
static void
radix_sort (guint64 *keys,
            guint32 *payload,
            guint64 *key_scratch,
            guint32 *payload_scratch,
            gsize    n)
{
  g_autofree gsize *counts = NULL;
  guint64 *from = keys, *to = key_scratch;
  guint32 *pfrom = payload, *pto = payload_scratch;
  guint64 any_bits = 0, all_bits = ~(guint64) 0;

  if (n < 2)
    return;
  counts = g_new (gsize, N_BUCKETS);
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
        {
          gsize at = counts[(from[i] >> shift) & (N_BUCKETS - 1)]++;

          to[at] = from[i];
          if (payload != NULL)
            pto[at] = pfrom[i];
        }
      {
        guint64 *swap = from;
        guint32 *pswap = pfrom;

        from = to;
        to = swap;
        pfrom = pto;
        pto = pswap;
      }
    }
  if (from != keys)
    {
      memcpy (keys, from, sizeof (guint64) * n);
      if (payload != NULL)
        memcpy (payload, pfrom, sizeof (guint32) * n);
    }
}

void
cxv_sort_u64 (guint64 *keys,
              guint64 *scratch,
              gsize    n)
{
  radix_sort (keys, NULL, scratch, NULL, n);
}

void
cxv_sort_u64_indexed (guint64 *keys,
                      guint32 *payload,
                      gsize    n)
{
  g_autofree guint64 *key_scratch = g_new (guint64, MAX (n, 1));
  g_autofree guint32 *payload_scratch = g_new (guint32, MAX (n, 1));

  radix_sort (keys, payload, key_scratch, payload_scratch, n);
}

void
cxv_sort_doubles (double *values,
                  gsize   n)
{
  g_autofree guint64 *keys = g_new (guint64, MAX (n, 1));
  g_autofree guint64 *scratch = g_new (guint64, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    keys[i] = cxv_sort_key_double (values[i]);
  cxv_sort_u64 (keys, scratch, n);
  for (gsize i = 0; i < n; i++)
    values[i] = cxv_sort_double_of_key (keys[i]);
}
