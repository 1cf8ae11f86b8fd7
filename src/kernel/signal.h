/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals, umk's own: no guest signal ever becomes a host signal.
 *
 * Sending (signal.c) queues the signal on the target thread or process,
 * and makes a thread that can take it notice: a kick if it runs guest
 * code, a wake-up if it sleeps in the kernel.  SIGKILL, SIGCONT and the
 * stop signals act at once, as on Linux.
 *
 * Delivery (signal_deliver) happens when a task is about to go back to its
 * guest: a default action (end, stop, ignore), or a handler, for which
 * sigframe.c builds an x86-64 rt_sigframe (ucontext with the xsave state)
 * on the guest's stack.  Interrupted syscalls' restart codes are settled
 * there too.
 */
#ifndef UMK_SIGNAL_H
#define UMK_SIGNAL_H

#include "kernel.h"
#include "task.h"

enum sig_action { SIGACT_TERM, SIGACT_CORE, SIGACT_IGNORE, SIGACT_STOP, SIGACT_CONT };

#define SIG_KERNEL_ONLY	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_STOPS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
			 sigmask(SIGTTOU))

/* si_code values not in abi/signal.h */
#define SI_TIMER	-2
#define SI_MESGQ	-3
#define SI_ASYNCIO	-4
#define SI_SIGIO	-5
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6
#define ILL_ILLOPN	2
#define FPE_INTDIV	1
#define TRAP_BRKPT	1
#define BUS_ADRALN	1
#define POLL_IN		1

enum sig_action sig_default_action(int sig);
const char *signal_name(int sig);

/* Send sig to process p (t NULL) or to the thread t of p.  info may be
 * NULL (SI_KERNEL).  Returns 0 or -errno (-EAGAIN: the queue is full). */
int send_signal(struct process *p, struct task *t, int sig,
		const struct linux_siginfo *info);
/* A signal from task sender, as kill(2) reports it in siginfo. */
void siginfo_user(struct linux_siginfo *si, int sig, int code, struct task *sender);
/* A synchronous signal for t (a fault it caused), with si_code and
 * si_addr.  Blocked or ignored, it is unblocked and reset to default. */
void force_signal(struct task *t, int sig, int code, u64 addr);

/* An unblocked signal is pending for t (or its process is ending). */
bool signal_pending(struct task *t);
/* Before going back to the guest: act on pending signals, settle restart
 * codes.  May end the task (t->exiting) or stop it. */
void signal_deliver(struct task *t);
/* Take the lowest pending signal of t in mask (for sigtimedwait and
 * signalfd): its number, its siginfo in *info; 0 if none. */
int signal_dequeue(struct task *t, linux_sigset_t mask, struct linux_siginfo *info);
/* Pending signals of t: its own and its process's. */
linux_sigset_t signal_pending_set(struct task *t);

/* fs/signalfd.c: a signal was queued for p or one of its threads (wake
 * its signalfds); p ends (leave its signalfd queue empty). */
void signalfd_notify(struct process *p);
void signalfd_exit(struct process *p);

/* Signal actions shared by CLONE_SIGHAND; a copy for fork. */
struct sighand *sighand_alloc(void);
struct sighand *sighand_copy(const struct sighand *sh);
void sighand_put(struct sighand *sh);
void sigpending_flush(struct sigpending *sp);
/* At execve: caught signals back to their default. */
void signals_exec_reset(struct task *t);

/* The child p changed (ended, stopped, continued): tell its parent with
 * SIGCHLD (as its actions say) and wake the parent's waiters. */
void notify_parent(struct process *p, int why, int status);

/* sigframe.c: run handler sa for sig on t's stack (the task's registers
 * become the handler's).  false when the frame could not be written. */
/* A write found no reader (a pipe, the console's host pipe): SIGPIPE for
 * the writing thread, SI_USER from itself as Linux's send_sig gives it. */
void sigpipe_current(void);
/* Write a core file for t's process, killed by sig (coredump.c); true
 * when one was written. */
bool do_coredump(struct task *t, int sig, int code);
bool sigframe_setup(struct task *t, int sig, const struct linux_siginfo *info,
		    const struct linux_sigaction *sa);

#endif
