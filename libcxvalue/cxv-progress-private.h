/* cxv-progress-private.h: progress reports from a worker thread
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Sets an object's progress (and a count, for those that have one) and
 * notifies its properties; called in the thread that owns the object. */
typedef void (*CxvProgressPublish) (GObject *object,
                                    double   progress,
                                    guint64  count);

/* Reports progress. With @context NULL (a synchronous run) @publish runs at
 * once. Otherwise it is posted to @context as an idle source, never run
 * through g_main_context_invoke(): that calls the function at once, in the
 * worker, whenever it can acquire the context, and notify handlers must
 * run in the caller's thread. Sources of one priority dispatch in the order
 * they were attached, so reports arrive in order and before the GTask's
 * callback. @object is kept alive until the report has run. */
void cxv_progress_report (GObject            *object,
                          GMainContext       *context,
                          CxvProgressPublish  publish,
                          double              progress,
                          guint64             count);

G_END_DECLS
