/* SPDX-License-Identifier: GPL-2.0-or-later */
/* futexes (futex.c): what the rest of the kernel needs of them. */
#ifndef UMK_FUTEX_H
#define UMK_FUTEX_H

#include "kernel.h"
#include "mm.h"

struct task;

/* Wake up to n waiters of the futex word at uaddr in t's memory (as the
 * kernel does for CLONE_CHILD_CLEARTID). */
void futex_wake_addr(struct task *t, struct uptr uaddr, int n);
/* A thread ends: mark the robust futexes it still holds OWNER_DIED and
 * wake a waiter of each (its robust list, set_robust_list). */
void futex_exit_robust(struct task *t);

#endif
