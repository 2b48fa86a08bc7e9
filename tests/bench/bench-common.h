/* bench-common.h: what every benchmark measures the same way
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), 0 if unknown. */
static inline gsize
bench_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen (field), NULL, 10) : 0;
}

/* Resets VmHWM to the current RSS, so the next peak is one stage's own
 * (Linux 4.0 and later; elsewhere peaks stay cumulative). */
static inline void
bench_reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static inline double
bench_seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}
