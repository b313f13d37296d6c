#include "limber-history-service.h"

#include <gio/gunixfdlist.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "limber-error.h"
#include "limber-exchange.h"
#include "limber-names.h"
#include "limber-store.h"


/* A local calendar date, YYYY-MM-DD exactly: the client has already turned
 * "today" and the like into one. */
static gboolean
parse_date (const char *text,
            GDate      *out)
{
  unsigned year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* Checks @from..@to and answers the call with InvalidArgument when they
 * are no good. */
static gboolean
parse_range (GDBusMethodInvocation *invocation,
             const char            *from_text,
             const char            *to_text,
             GDate                 *from,
             GDate                 *to)
{
  if (!parse_date (from_text, from))
    return !limber_service_return_invalid (invocation, "“%s” is not a date (YYYY-MM-DD)", from_text);
  if (!parse_date (to_text, to))
    return !limber_service_return_invalid (invocation, "“%s” is not a date (YYYY-MM-DD)", to_text);
  if (g_date_compare (from, to) > 0)
    return !limber_service_return_invalid (invocation, "The range starts (%s) after it ends (%s)",
                            from_text, to_text);
  if (g_date_days_between (from, to) + 1 > LIMBER_MAX_HISTORY_DAYS)
    return !limber_service_return_invalid (invocation, "A range covers at most %d days, not %d",
                            LIMBER_MAX_HISTORY_DAYS, g_date_days_between (from, to) + 1);
  return TRUE;
}

/* Unix time of local midnight at the start of @date; the end of time for
 * a date past what GDateTime knows (year 10000, the day after 9999-12-31). */
static gint64
local_midnight (const GDate *date)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_get_year (date),
                                                         g_date_get_month (date),
                                                         g_date_get_day (date), 0, 0, 0);

  return midnight != NULL ? g_date_time_to_unix (midnight) : G_MAXINT64;
}

static const char *
host_or_all (const char *host)
{
  return host != NULL && *host != '\0' ? host : NULL;
}

/* Days as GetHistory and GetDays answer them. */
static GVariant *
days_to_variant (GArray *days)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sxxuuuu)"));
  for (guint i = 0; i < days->len; i++)
    {
      const LimberDay *day = &g_array_index (days, LimberDay, i);

      g_variant_builder_add (&builder, "(sxxuuuu)", day->date, day->sitting_seconds,
                             day->longest_sitting_seconds, day->completed, day->snoozed,
                             day->skipped, day->natural);
    }
  return g_variant_builder_end (&builder);
}

static gboolean
handle_get_history (LimberDBusLimber1     *iface,
                    GDBusMethodInvocation *invocation,
                    guint                  days)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  g_autoptr(GArray) history = NULL;
  GError *error = NULL;

  if (days < 1 || days > LIMBER_MAX_HISTORY_DAYS)
    return limber_service_return_invalid (invocation, "History covers 1 to %d days, not %u",
                           LIMBER_MAX_HISTORY_DAYS, days);

  history = limber_daemon_history (daemon, days, &error);
  if (history == NULL)
    return limber_service_return_error (invocation, error);
  limber_dbus_limber1_complete_get_history (iface, invocation, days_to_variant (history));
  return TRUE;
}

static gboolean
handle_get_log (LimberDBusLimber1     *iface,
                GDBusMethodInvocation *invocation,
                guint                  limit)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  g_autoptr(GArray) events = NULL;
  GError *error = NULL;
  GVariantBuilder builder;

  if (limit < 1 || limit > LIMBER_MAX_LOG_EVENTS)
    return limber_service_return_invalid (invocation, "The log shows 1 to %d events, not %u",
                           LIMBER_MAX_LOG_EVENTS, limit);

  events = limber_store_list_events (limber_daemon_get_store (daemon), 0, limit, NULL, &error);
  if (events == NULL)
    return limber_service_return_error (invocation, error);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(xssx)"));
  for (guint i = 0; i < events->len; i++)
    {
      const LimberEvent *event = &g_array_index (events, LimberEvent, i);

      g_variant_builder_add (&builder, "(xssx)", event->ts, event->kind,
                             event->stretch ? event->stretch : "", event->seconds);
    }
  limber_dbus_limber1_complete_get_log (iface, invocation, g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
handle_get_days (LimberDBusLimber1     *iface,
                 GDBusMethodInvocation *invocation,
                 const char            *from_text,
                 const char            *to_text,
                 const char            *host)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  g_autoptr(GArray) days = NULL;
  GError *error = NULL;
  GDate from, to;

  if (!parse_range (invocation, from_text, to_text, &from, &to))
    return TRUE;
  days = limber_daemon_days (daemon, &from, &to, host_or_all (host), &error);
  if (days == NULL)
    return limber_service_return_error (invocation, error);
  limber_dbus_limber1_complete_get_days (iface, invocation, days_to_variant (days));
  return TRUE;
}

static gboolean
handle_get_stretch_counts (LimberDBusLimber1     *iface,
                           GDBusMethodInvocation *invocation,
                           const char            *from_text,
                           const char            *to_text,
                           const char            *host)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  g_autoptr(GArray) counts = NULL;
  GError *error = NULL;
  GVariantBuilder builder;
  GDate from, to;

  if (!parse_range (invocation, from_text, to_text, &from, &to))
    return TRUE;
  g_date_add_days (&to, 1);
  counts = limber_store_stretch_counts (limber_daemon_get_store (daemon),
                                        local_midnight (&from), local_midnight (&to),
                                        host_or_all (host), &error);
  if (counts == NULL)
    return limber_service_return_error (invocation, error);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(suuuu)"));
  for (guint i = 0; i < counts->len; i++)
    {
      const LimberStretchCount *count = &g_array_index (counts, LimberStretchCount, i);

      g_variant_builder_add (&builder, "(suuuu)", count->id, count->completed,
                             count->snoozed, count->skipped, count->abandoned);
    }
  limber_dbus_limber1_complete_get_stretch_counts (iface, invocation,
                                                   g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
handle_get_streaks (LimberDBusLimber1     *iface,
                    GDBusMethodInvocation *invocation,
                    const char            *host)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  GError *error = NULL;
  guint current = 0, best = 0;

  if (!limber_store_streaks (limber_daemon_get_store (daemon),
                             limber_daemon_get_daily_goal (daemon),
                             g_get_real_time () / G_USEC_PER_SEC,
                             host_or_all (host), &current, &best, &error))
    return limber_service_return_error (invocation, error);
  limber_dbus_limber1_complete_get_streaks (iface, invocation, current, best);
  return TRUE;
}

static gboolean
handle_get_events (LimberDBusLimber1     *iface,
                   GDBusMethodInvocation *invocation,
                   gint64                 since,
                   guint                  limit,
                   const char            *host)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  g_autoptr(GArray) events = NULL;
  GError *error = NULL;
  GVariantBuilder builder;

  if (limit < 1 || limit > LIMBER_MAX_LOG_EVENTS)
    return limber_service_return_invalid (invocation, "The log shows 1 to %d events, not %u",
                           LIMBER_MAX_LOG_EVENTS, limit);
  if (since < 0)
    return limber_service_return_invalid (invocation, "“since” is a Unix time, not %" G_GINT64_FORMAT, since);

  events = limber_store_list_events (limber_daemon_get_store (daemon), since, limit,
                                     host_or_all (host), &error);
  if (events == NULL)
    return limber_service_return_error (invocation, error);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(xssxss)"));
  for (guint i = 0; i < events->len; i++)
    {
      const LimberEvent *event = &g_array_index (events, LimberEvent, i);

      g_variant_builder_add (&builder, "(xssxss)", event->ts, event->kind,
                             event->stretch ? event->stretch : "", event->seconds,
                             event->uuid ? event->uuid : "", event->host ? event->host : "");
    }
  limber_dbus_limber1_complete_get_events (iface, invocation, g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
handle_get_hosts (LimberDBusLimber1     *iface,
                  GDBusMethodInvocation *invocation)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  LimberStore *store = limber_daemon_get_store (daemon);
  g_auto(GStrv) hosts = NULL;
  GError *error = NULL;

  hosts = limber_store_list_hosts (store, &error);
  if (hosts == NULL)
    return limber_service_return_error (invocation, error);
  limber_dbus_limber1_complete_get_hosts (iface, invocation, (const char *const *) hosts,
                                          limber_store_get_host (store));
  return TRUE;
}

/* ---- export and import, in a worker thread ------------------------------ */

/* Both read or write the whole history, which takes seconds for years of
 * it: they run on a connection of their own in a thread, and limberd goes
 * on reminding meanwhile. */
typedef struct {
  LimberDBusLimber1     *iface;
  GDBusMethodInvocation *invocation;
  LimberDaemon          *daemon;
  char                  *db_path;
  char                  *host;
  gint64                 since;
  int                    fd;
  guint                  first_count;
  guint                  second_count;
  GPtrArray             *problems;
  /* Cancelled when the caller leaves the bus (limberctl interrupted): an
   * import it no longer waits for must not go in half read. */
  GCancellable          *cancellable;
  guint                  caller_watch;
} Exchange;

/* In the main thread, when the work is done: the watch belongs to it. */
static void
exchange_stop_watching (Exchange *exchange)
{
  g_clear_handle_id (&exchange->caller_watch, g_bus_unwatch_name);
}

static void
exchange_free (Exchange *exchange)
{
  g_warn_if_fail (exchange->caller_watch == 0);
  g_clear_object (&exchange->cancellable);
  g_object_unref (exchange->iface);
  g_object_unref (exchange->invocation);
  g_object_unref (exchange->daemon);
  g_free (exchange->db_path);
  g_free (exchange->host);
  if (exchange->fd >= 0)
    close (exchange->fd);
  g_clear_pointer (&exchange->problems, g_ptr_array_unref);
  g_free (exchange);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

static void
on_caller_vanished (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* The fd the caller passed, as our own copy, or an answered call. */
static Exchange *
exchange_new (LimberDBusLimber1     *iface,
              GDBusMethodInvocation *invocation,
              GUnixFDList           *fd_list,
              GVariant              *fd_handle)
{
  LimberDaemon *daemon = limber_history_service_get_daemon (iface);
  LimberStore *store = limber_daemon_get_store (daemon);
  g_autoptr(GError) error = NULL;
  Exchange *exchange;
  int fd = -1;

  if (fd_list != NULL)
    fd = g_unix_fd_list_get (fd_list, g_variant_get_handle (fd_handle), &error);
  if (fd < 0)
    {
      limber_service_return_invalid (invocation, "No file descriptor came with the call%s%s",
                      error ? ": " : "", error ? error->message : "");
      return NULL;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->iface = g_object_ref (iface);
  exchange->invocation = g_object_ref (invocation);
  exchange->daemon = g_object_ref (daemon);
  exchange->db_path = g_strdup (limber_store_get_path (store));
  exchange->host = g_strdup (limber_store_get_host (store));
  exchange->fd = fd;
  exchange->cancellable = g_cancellable_new ();
  exchange->caller_watch =
    g_bus_watch_name_on_connection (g_dbus_method_invocation_get_connection (invocation),
                                    g_dbus_method_invocation_get_sender (invocation),
                                    G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_caller_vanished,
                                    g_object_ref (exchange->cancellable), g_object_unref);
  return exchange;
}

static void
export_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Exchange *exchange = task_data;
  GError *error = NULL;

  if (!limber_exchange_export (exchange->db_path, exchange->since, exchange->host, exchange->fd,
                               &exchange->first_count, &exchange->second_count,
                               cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Exchange *exchange = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  exchange_stop_watching (exchange);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Export failed: %s", error->message);
      limber_service_return_error (exchange->invocation, error);
      return;
    }
  g_message ("Exported %u events and %u sitting spells", exchange->first_count,
             exchange->second_count);
  limber_dbus_limber1_complete_export (exchange->iface, exchange->invocation, NULL,
                                       exchange->first_count, exchange->second_count);
}

static gboolean
handle_export (LimberDBusLimber1     *iface,
               GDBusMethodInvocation *invocation,
               GUnixFDList           *fd_list,
               GVariant              *fd_handle,
               gint64                 since)
{
  g_autoptr(GTask) task = NULL;
  Exchange *exchange;

  if (since < 0)
    return limber_service_return_invalid (invocation, "“since” is a Unix time, not %" G_GINT64_FORMAT, since);
  exchange = exchange_new (iface, invocation, fd_list, fd_handle);
  if (exchange == NULL)
    return TRUE;
  exchange->since = since;

  task = g_task_new (NULL, exchange->cancellable, export_done, NULL);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  g_task_run_in_thread (task, export_in_thread);
  return TRUE;
}

static void
import_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Exchange *exchange = task_data;
  GError *error = NULL;

  if (!limber_exchange_import (exchange->db_path, exchange->fd,
                               &exchange->first_count, &exchange->second_count,
                               exchange->problems, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Exchange *exchange = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  exchange_stop_watching (exchange);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Import failed: %s", error->message);
      limber_service_return_error (exchange->invocation, error);
      return;
    }
  g_message ("Imported %u records (%u were already there, %u lines unusable)",
             exchange->first_count, exchange->second_count, exchange->problems->len);
  /* Today's count may have grown. */
  limber_daemon_history_changed (exchange->daemon);
  g_ptr_array_add (exchange->problems, NULL);
  limber_dbus_limber1_complete_import (exchange->iface, exchange->invocation, NULL,
                                       exchange->first_count, exchange->second_count,
                                       (const char *const *) exchange->problems->pdata);
}

static gboolean
handle_import (LimberDBusLimber1     *iface,
               GDBusMethodInvocation *invocation,
               GUnixFDList           *fd_list,
               GVariant              *fd_handle)
{
  g_autoptr(GTask) task = NULL;
  Exchange *exchange = exchange_new (iface, invocation, fd_list, fd_handle);

  if (exchange == NULL)
    return TRUE;
  exchange->problems = g_ptr_array_new_with_free_func (g_free);

  task = g_task_new (NULL, exchange->cancellable, import_done, NULL);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  g_task_run_in_thread (task, import_in_thread);
  return TRUE;
}

void
limber_history_service_init_iface (LimberDBusLimber1Iface *iface)
{
  iface->handle_get_history = handle_get_history;
  iface->handle_get_log = handle_get_log;
  iface->handle_get_days = handle_get_days;
  iface->handle_get_stretch_counts = handle_get_stretch_counts;
  iface->handle_get_streaks = handle_get_streaks;
  iface->handle_get_events = handle_get_events;
  iface->handle_get_hosts = handle_get_hosts;
  iface->handle_export = handle_export;
  iface->handle_import = handle_import;
}
