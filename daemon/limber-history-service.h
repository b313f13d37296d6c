/* The history half of the D-Bus service: GetHistory, GetLog, GetDays,
 * GetStretchCounts, GetStreaks, GetEvents, GetHosts, Export and Import. Kept apart from
 * limber-service.c (the loop's requests) because it is about reading and
 * moving records, not about the reminder. */
#pragma once

#include "limber-dbus-generated.h"
#include "limber-daemon.h"

G_BEGIN_DECLS

/* Fills in the history handlers of the service's interface. The service
 * object must answer limber_history_service_get_daemon(). */
void limber_history_service_init_iface (LimberDBusLimber1Iface *iface);

/* Implemented by limber-service.c. */
LimberDaemon *limber_history_service_get_daemon (LimberDBusLimber1 *iface);
/* Answer @invocation with @error (freed) / with InvalidArgument; TRUE, as
 * a handler returns. */
gboolean limber_service_return_error   (GDBusMethodInvocation *invocation,
                                        GError                *error);
gboolean limber_service_return_invalid (GDBusMethodInvocation *invocation,
                                        const char            *format,
                                        ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
