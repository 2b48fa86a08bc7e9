/* cxv-interner-private.h: strings to dense indices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Maps each distinct string to a dense index 0, 1, 2… in order of first
 * sight. Strings live in one growing arena, so a million ids cost their
 * bytes plus 33 to 49 bytes each (entry arrays and 8-byte hash slots at a
 * load of one quarter to one half), not a malloc each. */
typedef struct _CxvInterner CxvInterner;

CxvInterner *cxv_interner_new      (void);
void         cxv_interner_free     (CxvInterner *self);
guint32      cxv_interner_intern   (CxvInterner *self,
                                    const char  *str,
                                    gsize        len);
gboolean     cxv_interner_lookup   (const CxvInterner *self,
                                    const char        *str,
                                    gsize              len,
                                    guint32           *index);
/* As cxv_interner_lookup(), but first tries whether @str is the string of
 * index @hint: one comparison instead of a probe of the table, which for a
 * large table is a cache miss. Strings read in the order they were interned
 * hit the hint. */
gboolean     cxv_interner_lookup_hinted (const CxvInterner *self,
                                         const char        *str,
                                         gsize              len,
                                         guint32            hint,
                                         guint32           *index);
const char  *cxv_interner_get      (const CxvInterner *self,
                                    guint32            index);
guint32      cxv_interner_get_size (const CxvInterner *self);
/* Forgets every string of index >= @size (to undo a failed import). */
void         cxv_interner_truncate (CxvInterner *self,
                                    guint32      size);
gsize        cxv_interner_get_memory_size (const CxvInterner *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvInterner, cxv_interner_free)

G_END_DECLS
