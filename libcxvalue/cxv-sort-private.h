/* cxv-sort-private.h: sorting many integers fast
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* Sorts @n unsigned 64-bit keys ascending by least-significant-digit
 * radix sort, 16 bits a pass, skipping the passes in which every key has
 * the same digit. @scratch holds @n keys. Linear in @n: a million keys
 * sort in a few milliseconds where qsort with a comparison callback takes
 * some tens. */
void cxv_sort_u64 (guint64 *keys,
                   guint64 *scratch,
                   gsize    n);

/* The same, carrying a 32-bit payload per key (such as the key's original
 * position); ties keep their input order. */
void cxv_sort_u64_indexed (guint64 *keys,
                           guint32 *payload,
                           gsize    n);

/* A key that sorts as the double does (for any value but NaN): the sign
 * bit flipped for positives, every bit for negatives. */
static inline guint64
cxv_sort_key_double (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (G_GUINT64_CONSTANT (1) << 63);
}

static inline double
cxv_sort_double_of_key (guint64 key)
{
  guint64 bits = (key >> 63) ? key & ~(G_GUINT64_CONSTANT (1) << 63) : ~key;
  double value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

/* Sorts @n doubles, none of them NaN, ascending. */
void cxv_sort_doubles (double *values,
                       gsize   n);

G_END_DECLS
