/* cxv-progress.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "cxv-progress-private.h"

typedef struct
{
  GObject            *object;
  CxvProgressPublish  publish;
  double              progress;
  guint64             count;
} Report;

static gboolean
report_dispatch (gpointer data)
{
  Report *report = data;

  report->publish (report->object, report->progress, report->count);
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->object);
  g_free (report);
}

void
cxv_progress_report (GObject            *object,
                     GMainContext       *context,
                     CxvProgressPublish  publish,
                     double              progress,
                     guint64             count)
{
  g_autoptr(GSource) source = NULL;
  Report *report;

  if (context == NULL)
    {
      publish (object, progress, count);
      return;
    }

  report = g_new (Report, 1);
  report->object = g_object_ref (object);
  report->publish = publish;
  report->progress = progress;
  report->count = count;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_dispatch, report, report_free);
  g_source_set_static_name (source, "[cxv] progress");
  g_source_attach (source, context);
}
