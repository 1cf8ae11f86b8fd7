/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tasks and processes.
 *
 * A *task* is one guest thread: one umk task thread (a pthread running
 * task_main) drives one platform context (a host thread in a stub).  A
 * *process* is a thread group: pid, memory, files, credentials, signal
 * actions.  Guest ids are umk's own; host pids and tids never show.
 *
 * All fields are guarded by the big kernel lock.
 */
#ifndef UMK_TASK_H
#define UMK_TASK_H

#include "kernel.h"

struct mm;
struct fs_struct;
struct fdtable;
struct file;

struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	int ngroups;
	u32 groups[32];
};

struct process {
	int pid;
	int pgid;
	int sid;
	struct process *parent;
	struct mm *mm;
	struct fs_struct *fs;		/* root, cwd, umask (vfs.h) */
	struct fdtable *files;		/* vfs.h */
	struct cred cred;
	struct linux_sigaction sigaction[NSIG];
	struct linux_rlimit rlim[RLIM_NLIMITS];
	struct task *threads;		/* list through task->next_thread */
	int nthreads;
	struct file *exe;		/* what was executed, for /proc/PID/exe */
	char comm[16];
	bool exiting;			/* exit_group started */
	bool dumpable;
	bool no_new_privs;
	int pdeath_signal;
	int wait_status;		/* as waitpid reports it */
	u32 exit_done;			/* set when the last thread is gone */
	s64 start_ns;			/* host monotonic time at creation */
};

struct task {
	int tid;
	struct process *proc;
	struct task *next_thread;
	struct plat_ctx *ctx;
	struct plat_regs regs;
	unsigned run_flags;		/* PLAT_RUN_* for the next resume */
	linux_sigset_t sigmask;
	struct linux_stack altstack;
	u64 clear_child_tid;
	u64 robust_list;
	u64 robust_len;
	bool regs_replaced;		/* the handler set all registers (execve) */
	bool exiting;
	int exit_code;			/* wait status of this thread's exit */
	u64 last_fault;			/* to catch a fault that never resolves */
	int fault_repeats;
	/* --trace: the line being built for the current syscall */
	struct sbuf trace;
};

/* The ids a guest sees. */
static inline int task_pid(const struct task *t)
{
	return t->proc->pid;
}

/* A new pid (also used as tid), or -EAGAIN.  An id is taken while the
 * process (until reaped) or the task holds it. */
int pid_alloc(void);
struct process *process_find(int pid);
/* The process after prev in pid order (NULL: the first), or NULL. */
struct process *process_next(struct process *prev);
int process_count(void);
struct task *task_find(int tid);

/* The first process (pid 1) with default limits, and a task in p. */
struct process *process_alloc_init(void);
struct task *task_alloc(struct process *p, int tid);
/* Free a task whose loop ended; the last one releases its process. */
void task_release(struct task *t);
/* Forget a process whose exit status was collected. */
void process_reap(struct process *p);

/* The task loop: run the guest, handle what it did, repeat. */
void task_start(struct task *t);
/* End the calling task with exit status code; the process ends with its
 * last thread.  Returns to task_main, which stops the loop. */
void task_exit(struct task *t, int code);
/* End every thread of t's process: status is the wait status. */
void process_exit(struct task *t, int status);
/* Kill the process with a signal (default action, as a core/term). */
void process_kill(struct task *t, int sig);

/* The syscall layer (syscall.c): handle the syscall in t->regs. */
void syscall_enter(struct task *t);

#endif
