/* cxv-date.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Dates in libcxvalue are civil days ([alias@Cxv.Date]): an integer count
 * of days since 1970-01-01. Arithmetic on them is integer arithmetic, and a
 * date column costs four bytes a record. The functions here convert from
 * and to `GDateTime`, ISO 8601 text and year/month/day triples. */

#include "config.h"

#include <string.h>

#include "cxv-date-private.h"
#include "cxv-error.h"

/* Days from civil and back, after Howard Hinnant's public-domain
 * algorithms: eras of 400 years make the leap rules exact integer work. */
static gint64
days_from_civil (gint64 y, unsigned m, unsigned d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64 z, int *year, int *month, int *day)
{
  gint64 era;
  unsigned doe, yoe, doy, mp, d, m;
  gint64 y;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  *year = (int) (y + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static int
days_in_month (int year, int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/**
 * cxv_date_valid_ymd:
 * @year: the year, 1 to 9999
 * @month: the month, 1 to 12
 * @day: the day of the month
 *
 * Checks that the triple names a real day between 0001-01-01 and 9999-12-31.
 *
 * Returns: whether the day exists
 *
 * Since: 1.0
 */
gboolean
cxv_date_valid_ymd (int year,
                    int month,
                    int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= days_in_month (year, month);
}

/**
 * cxv_date_is_valid:
 * @date: a date
 *
 * Checks that @date lies between [const@Cxv.DATE_MIN] and [const@Cxv.DATE_MAX].
 * [const@Cxv.DATE_NONE] is not valid.
 *
 * Returns: whether @date is a valid date
 *
 * Since: 1.0
 */
gboolean
cxv_date_is_valid (CxvDate date)
{
  return date >= CXV_DATE_MIN && date <= CXV_DATE_MAX;
}

/**
 * cxv_date_from_ymd:
 * @year: the year, 1 to 9999
 * @month: the month, 1 to 12
 * @day: the day of the month
 *
 * Makes a date from a year, a month and a day, which must name a real day
 * (see [func@Cxv.date_valid_ymd]).
 *
 * Returns: the date, or [const@Cxv.DATE_NONE] if the triple is not a day
 *
 * Since: 1.0
 */
CxvDate
cxv_date_from_ymd (int year,
                   int month,
                   int day)
{
  g_return_val_if_fail (cxv_date_valid_ymd (year, month, day), CXV_DATE_NONE);

  return (CxvDate) days_from_civil (year, (unsigned) month, (unsigned) day);
}

/**
 * cxv_date_to_ymd:
 * @date: a valid date
 * @year: (out) (optional): the year
 * @month: (out) (optional): the month, 1 to 12
 * @day: (out) (optional): the day of the month
 *
 * Splits a date into its year, month and day.
 *
 * Since: 1.0
 */
void
cxv_date_to_ymd (CxvDate  date,
                 int     *year,
                 int     *month,
                 int     *day)
{
  int y = 0, m = 0, d = 0;

  g_return_if_fail (cxv_date_is_valid (date));

  civil_from_days (date, &y, &m, &d);
  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;
}

static gboolean
read_digits (const char **p,
             const char  *end,
             int          min_digits,
             int          max_digits,
             int         *value)
{
  int n = 0, v = 0;

  while (*p < end && n < max_digits && g_ascii_isdigit (**p))
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  if (n < min_digits)
    return FALSE;
  *value = v;
  return TRUE;
}

/* Whether the directive whose letter is at @f (just after its '%') touches
 * another directive: in "%Y%m%d" nothing separates the fields, so
 * "1997013" must not read as 1997-01-03; with separators ("1/2/2003") one
 * digit is fine. */
static gboolean
fixed_width (const char *pattern, const char *f)
{
  gboolean after_directive = f - pattern >= 3 && f[-3] == '%' && f[-2] != '%';
  gboolean before_directive = f[1] == '%' && f[2] != '%' && f[2] != '\0';

  return after_directive || before_directive;
}

gboolean
cxv_date_pattern_is_valid (const char *pattern)
{
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      p++;
      if (strchr ("Yymdjb%", *p) == NULL || *p == '\0')
        return FALSE;
    }
  return TRUE;
}

gboolean
cxv_date_parse_pattern (const char *text,
                        gsize       len,
                        const char *pattern,
                        gboolean    allow_trailing_time,
                        CxvDate    *date)
{
  static const char *const month_names[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };
  const char *p = text, *end = text + len;
  int year = -1, month = -1, day = -1, yday = -1;

  for (const char *f = pattern; *f != '\0'; f++)
    {
      if (*f != '%')
        {
          if (p >= end || *p != *f)
            return FALSE;
          p++;
          continue;
        }

      f++;
      switch (*f)
        {
        case 'Y':
          if (!read_digits (&p, end, 4, 4, &year))
            return FALSE;
          break;
        case 'y':
          if (!read_digits (&p, end, 2, 2, &year))
            return FALSE;
          year += year < 70 ? 2000 : 1900;
          break;
        case 'm':
          if (!read_digits (&p, end, fixed_width (pattern, f) ? 2 : 1, 2, &month))
            return FALSE;
          break;
        case 'd':
          if (!read_digits (&p, end, fixed_width (pattern, f) ? 2 : 1, 2, &day))
            return FALSE;
          break;
        case 'j':
          if (!read_digits (&p, end, 1, 3, &yday))
            return FALSE;
          break;
        case 'b':
          if (end - p < 3)
            return FALSE;
          for (month = 0; month < 12; month++)
            if (g_ascii_strncasecmp (p, month_names[month], 3) == 0)
              break;
          if (month == 12)
            return FALSE;
          month++;
          p += 3;
          break;
        case '%':
          if (p >= end || *p != '%')
            return FALSE;
          p++;
          break;
        default:
          return FALSE;
        }
    }

  if (p != end && !(allow_trailing_time && (*p == 'T' || *p == ' ')))
    return FALSE;

  if (yday > 0 && year > 0 && month < 0 && day < 0)
    {
      int n_days = days_in_month (year, 2) == 29 ? 366 : 365;

      if (year > 9999 || yday > n_days)
        return FALSE;
      *date = (CxvDate) days_from_civil (year, 1, 1) + yday - 1;
      return TRUE;
    }

  if (!cxv_date_valid_ymd (year, month, day))
    return FALSE;
  *date = (CxvDate) days_from_civil (year, (unsigned) month, (unsigned) day);
  return TRUE;
}

/**
 * cxv_date_parse_iso8601:
 * @text: text such as `2024-02-29`, or a date and time such as
 *   `2024-02-29T13:45:00Z` whose date part is taken as written
 * @date: (out): return location for the date
 * @error: return location for a #GError
 *
 * Parses an ISO 8601 calendar date (`YYYY-MM-DD`), optionally followed by
 * a time, which is ignored: the date is the one written, not converted to
 * another time zone.
 *
 * Returns: %TRUE on success, %FALSE with @error set in
 *   %CXV_DATASET_ERROR_INVALID_VALUE when @text is no date or no real day
 *
 * Since: 1.0
 */
gboolean
cxv_date_parse_iso8601 (const char  *text,
                        CxvDate     *date,
                        GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cxv_date_parse_pattern (text, strlen (text), "%Y-%m-%d", TRUE, date))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "“%s” is not an ISO 8601 date (YYYY-MM-DD) of a real day", text);
      return FALSE;
    }
  return TRUE;
}

/**
 * cxv_date_to_iso8601:
 * @date: a valid date
 *
 * Formats a date as `YYYY-MM-DD`.
 *
 * Returns: (transfer full): the date as text
 *
 * Since: 1.0
 */
char *
cxv_date_to_iso8601 (CxvDate date)
{
  int y, m, d;

  g_return_val_if_fail (cxv_date_is_valid (date), NULL);

  civil_from_days (date, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/**
 * cxv_date_from_date_time:
 * @date_time: a date and time
 *
 * Takes the calendar date of @date_time in its own time zone.
 *
 * Returns: the date
 *
 * Since: 1.0
 */
CxvDate
cxv_date_from_date_time (GDateTime *date_time)
{
  int y, m, d;

  g_return_val_if_fail (date_time != NULL, CXV_DATE_NONE);

  g_date_time_get_ymd (date_time, &y, &m, &d);
  return (CxvDate) days_from_civil (y, (unsigned) m, (unsigned) d);
}

/**
 * cxv_date_to_date_time:
 * @date: a valid date
 *
 * Makes the `GDateTime` of midnight UTC at the start of @date.
 *
 * Returns: (transfer full): a new date and time
 *
 * Since: 1.0
 */
GDateTime *
cxv_date_to_date_time (CxvDate date)
{
  int y, m, d;

  g_return_val_if_fail (cxv_date_is_valid (date), NULL);

  civil_from_days (date, &y, &m, &d);
  return g_date_time_new_utc (y, m, d, 0, 0, 0);
}

/**
 * cxv_date_add_months:
 * @date: a valid date
 * @months: the months to add, negative to go back
 *
 * Adds calendar months, clamping the day to the end of a shorter month
 * (2024-01-31 plus one month is 2024-02-29).
 *
 * Returns: the new date, or [const@Cxv.DATE_NONE] if it falls outside the
 *   valid range
 *
 * Since: 1.0
 */
CxvDate
cxv_date_add_months (CxvDate date,
                     int     months)
{
  int y, m, d;
  gint64 total;

  g_return_val_if_fail (cxv_date_is_valid (date), CXV_DATE_NONE);

  civil_from_days (date, &y, &m, &d);
  total = (gint64) y * 12 + (m - 1) + months;
  y = (int) (total / 12);
  m = (int) (total % 12) + 1;
  if (total < 12 || y > 9999)
    return CXV_DATE_NONE;
  d = MIN (d, days_in_month (y, m));
  return (CxvDate) days_from_civil (y, (unsigned) m, (unsigned) d);
}
