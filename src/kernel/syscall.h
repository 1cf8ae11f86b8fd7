/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Syscall handlers and the table that describes them (syscall_table.h).
 *
 * Every handler has the same shape:
 *
 *	long sys_NAME(struct task *t, const struct sysargs *a);
 *
 * It gets the six raw argument registers and returns a value or -errno;
 * syscall.c alone turns that into the guest's rax.  Handlers are thin and
 * suspicious: reject unknown flags, then bad fds, then copy in through
 * struct uptr, then call the subsystem.
 */
#ifndef UMK_SYSCALL_H
#define UMK_SYSCALL_H

#include "kernel.h"
#include "task.h"
#include "mm.h"

struct sysargs {
	u64 nr;
	u64 a[6];
};

#define SYSCALL(nr, name, handler, level, args, note) \
	long handler(struct task *t, const struct sysargs *a);
#include "syscall_table.h"
#undef SYSCALL

enum sys_support { NONE, PARTIAL, FULL };

struct syscall_info {
	const char *name;
	long (*fn)(struct task *t, const struct sysargs *a);
	enum sys_support support;
	const char *args;		/* kinds, see syscall_table.h */
	const char *note;
};

/* The table entry for nr, or NULL for a number Linux does not have. */
const struct syscall_info *syscall_info(u64 nr);
unsigned syscall_count(void);

/* --trace (trace.c): called around each handler when tracing is on. */
void trace_enter(struct task *t, const struct sysargs *a,
		 const struct syscall_info *si);
void trace_exit(struct task *t, const struct sysargs *a,
		const struct syscall_info *si, long ret);
void trace_event(struct task *t, const char *fmt, ...) __printf(2, 3);
extern int trace_fd;

#endif
