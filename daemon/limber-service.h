/* The service: limberd's face on the session bus. A subclass of the
 * gdbus-codegen skeleton for data/io.github.limber.Limber1.xml that checks
 * every argument (typed LIMBER_ERROR errors for bad ones) and hands the
 * request to the daemon. */
#pragma once

#include "limber-dbus-generated.h"

G_BEGIN_DECLS

typedef struct _LimberDaemon LimberDaemon;

#define LIMBER_TYPE_SERVICE (limber_service_get_type ())
G_DECLARE_FINAL_TYPE (LimberService, limber_service, LIMBER, SERVICE, LimberDBusLimber1Skeleton)

LimberService *limber_service_new (LimberDaemon *daemon);

G_END_DECLS
