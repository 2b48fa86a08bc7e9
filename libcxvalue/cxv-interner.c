/* cxv-interner.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "cxv-interner-private.h"

/* Open addressing with linear probing over a power-of-two table of slots.
 * A slot packs the entry's hash (high 32 bits) with its number plus one
 * (low 32 bits; 0 = empty), so a probe that meets another string is decided
 * inside the slot array without touching the entries: with a million ids
 * the side arrays are cache misses. Entries keep their hash too, so growing
 * never rehashes a string. */
struct _CxvInterner
{
  char    *arena;
  gsize    arena_len;
  gsize    arena_cap;
  gsize   *offsets;   /* entry → offset of its NUL-terminated bytes */
  guint32 *lengths;
  guint32 *hashes;
  guint32  n_entries;
  guint32  entries_cap;
  guint64 *slots;
  guint32  n_slots;   /* power of two */
};

static inline guint32
hash_bytes (const char *str, gsize len)
{
  /* FNV-1a: short ids hash in a few nanoseconds and spread well enough for
   * linear probing at a load factor of one half. */
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guint8) str[i];
      h *= 16777619u;
    }
  return h;
}

CxvInterner *
cxv_interner_new (void)
{
  CxvInterner *self = g_new0 (CxvInterner, 1);

  self->n_slots = 64;
  self->slots = g_new0 (guint64, self->n_slots);
  return self;
}

void
cxv_interner_free (CxvInterner *self)
{
  if (self == NULL)
    return;
  g_free (self->arena);
  g_free (self->offsets);
  g_free (self->lengths);
  g_free (self->hashes);
  g_free (self->slots);
  g_free (self);
}

static void
insert_slot (guint64 *slots, guint32 n_slots, guint32 hash, guint32 entry)
{
  guint32 mask = n_slots - 1;

  for (guint32 i = hash & mask;; i = (i + 1) & mask)
    if (slots[i] == 0)
      {
        slots[i] = ((guint64) hash << 32) | (entry + 1);
        return;
      }
}

static void
rebuild_slots (CxvInterner *self, guint32 n_slots)
{
  g_free (self->slots);
  self->n_slots = n_slots;
  self->slots = g_new0 (guint64, n_slots);
  for (guint32 e = 0; e < self->n_entries; e++)
    insert_slot (self->slots, n_slots, self->hashes[e], e);
}

static gboolean
find (const CxvInterner *self, const char *str, gsize len, guint32 hash, guint32 *index)
{
  guint32 mask = self->n_slots - 1;

  for (guint32 i = hash & mask;; i = (i + 1) & mask)
    {
      guint64 slot = self->slots[i];
      guint32 e;

      if (slot == 0)
        return FALSE;
      if ((guint32) (slot >> 32) != hash)
        continue;
      e = (guint32) slot - 1;
      if (self->lengths[e] == len && memcmp (self->arena + self->offsets[e], str, len) == 0)
        {
          *index = e;
          return TRUE;
        }
    }
}

gboolean
cxv_interner_lookup (const CxvInterner *self,
                     const char        *str,
                     gsize              len,
                     guint32           *index)
{
  return find (self, str, len, hash_bytes (str, len), index);
}

gboolean
cxv_interner_lookup_hinted (const CxvInterner *self,
                            const char        *str,
                            gsize              len,
                            guint32            hint,
                            guint32           *index)
{
  if (hint < self->n_entries && self->lengths[hint] == len &&
      memcmp (self->arena + self->offsets[hint], str, len) == 0)
    {
      *index = hint;
      return TRUE;
    }
  return find (self, str, len, hash_bytes (str, len), index);
}

guint32
cxv_interner_intern (CxvInterner *self,
                     const char  *str,
                     gsize        len)
{
  guint32 hash = hash_bytes (str, len);
  guint32 index;
  guint32 e;

  if (find (self, str, len, hash, &index))
    return index;

  /* Callers check the count against G_MAXUINT32 - 1 before interning. */
  g_assert (self->n_entries < G_MAXUINT32 - 1 && len < G_MAXUINT32);

  if (self->n_entries == self->entries_cap)
    {
      self->entries_cap = MAX (64, self->entries_cap + self->entries_cap / 2);
      self->offsets = g_renew (gsize, self->offsets, self->entries_cap);
      self->lengths = g_renew (guint32, self->lengths, self->entries_cap);
      self->hashes = g_renew (guint32, self->hashes, self->entries_cap);
    }
  if (self->arena_len + len + 1 > self->arena_cap)
    {
      self->arena_cap = MAX (self->arena_len + len + 1, MAX (4096, self->arena_cap * 3 / 2));
      self->arena = g_realloc (self->arena, self->arena_cap);
    }

  e = self->n_entries++;
  self->offsets[e] = self->arena_len;
  self->lengths[e] = (guint32) len;
  self->hashes[e] = hash;
  memcpy (self->arena + self->arena_len, str, len);
  self->arena[self->arena_len + len] = '\0';
  self->arena_len += len + 1;

  if ((guint64) self->n_entries * 2 > self->n_slots)
    rebuild_slots (self, self->n_slots * 2);
  else
    insert_slot (self->slots, self->n_slots, hash, e);

  return e;
}

const char *
cxv_interner_get (const CxvInterner *self,
                  guint32            index)
{
  g_return_val_if_fail (index < self->n_entries, NULL);

  return self->arena + self->offsets[index];
}

guint32
cxv_interner_get_size (const CxvInterner *self)
{
  return self->n_entries;
}

void
cxv_interner_truncate (CxvInterner *self,
                       guint32      size)
{
  if (size >= self->n_entries)
    return;
  self->arena_len = self->offsets[size];
  self->n_entries = size;
  rebuild_slots (self, self->n_slots);
}

gsize
cxv_interner_get_memory_size (const CxvInterner *self)
{
  return self->arena_cap + self->entries_cap * (sizeof (gsize) + 2 * sizeof (guint32)) +
         self->n_slots * sizeof (guint64);
}
