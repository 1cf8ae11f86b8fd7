/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals.  For now umk keeps each process's signal state exactly (actions,
 * masks, alternate stack) and carries out default actions; running guest
 * handlers comes with signal delivery.
 */
#ifndef UMK_SIGNAL_H
#define UMK_SIGNAL_H

#include "kernel.h"
#include "task.h"

enum sig_action { SIGACT_TERM, SIGACT_CORE, SIGACT_IGNORE, SIGACT_STOP, SIGACT_CONT };

enum sig_action sig_default_action(int sig);
const char *signal_name(int sig);
/* A synchronous signal for t (a fault it caused): code and addr are the
 * siginfo's si_code and si_addr. */
void force_signal(struct task *t, int sig, int code, u64 addr);

#endif
