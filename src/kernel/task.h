/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tasks and processes.
 *
 * A *task* is one guest thread: one umk task thread (a pthread running
 * task_main) drives one platform context (a host thread in a stub).  A
 * *process* is a thread group: pid, memory, files, credentials, signal
 * actions, children.  Guest ids are umk's own; host pids and tids never
 * show.  A process stays (a zombie) after its last thread, until its
 * parent collects its status.
 *
 * All fields are guarded by the big kernel lock.
 */
#ifndef UMK_TASK_H
#define UMK_TASK_H

#include "kernel.h"
#include "sched.h"

struct mm;
struct fs_struct;
struct fdtable;
struct file;
struct proc_timers;

struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	int ngroups;
	u32 groups[32];
};

/* A queued signal with its siginfo. */
struct sigqueue {
	struct sigqueue *next;
	struct linux_siginfo info;
};

/* Signals waiting for delivery: the set, and their siginfo in order
 * (real-time signals may be queued several times, others once). */
struct sigpending {
	linux_sigset_t set;
	struct sigqueue *head;
};

/* Signal actions, shared by CLONE_SIGHAND (always by threads). */
struct sighand {
	int refs;
	struct linux_sigaction action[NSIG];
};

enum stop_state {
	RUNNING,
	STOPPED,		/* group stop: every thread sleeps until SIGCONT */
};

struct process {
	int pid;
	int pgid;
	int sid;
	struct process *parent;		/* NULL for init */
	struct process *children;	/* list through sibling */
	struct process *sibling;
	int exit_signal;		/* sent to the parent at the end */
	struct mm *mm;
	struct fs_struct *fs;		/* root, cwd, umask (vfs.h) */
	struct fdtable *files;		/* vfs.h */
	struct cred cred;
	struct sighand *sighand;
	struct sigpending shared_pending;
	struct linux_rlimit rlim[RLIM_NLIMITS];
	struct task *threads;		/* list through task->next_thread */
	int nthreads;
	struct file *exe;		/* what was executed, for /proc/PID/exe */
	char comm[16];
	bool exiting;			/* exit_group or a fatal signal started */
	bool dumpable;
	bool no_new_privs;
	bool subreaper;			/* PR_SET_CHILD_SUBREAPER */
	bool did_exec;			/* setpgid on it from its parent: EACCES */
	struct task *exec_task;		/* a thread in execve: others must go */
	int pdeath_signal;
	int nice;
	int wait_status;		/* as waitpid reports it */
	u32 exit_done;			/* a zombie: every thread is gone */
	enum stop_state stop;
	int stop_sig;			/* the signal that stopped it */
	bool report_stop;		/* for wait(WUNTRACED) */
	bool report_cont;		/* for wait(WCONTINUED) */
	struct waitqueue child_wq;	/* wait4 and waitid of this process */
	struct waitqueue signalfd_wq;	/* signalfd readers (fs/signalfd.c) */
	struct proc_timers *timers;	/* alarm, itimers, POSIX timers */
	s64 start_ns;			/* host monotonic time at creation */
	s64 cutime_ns;			/* CPU time of reaped children */
};

/* What restart_syscall(2) resumes after -ERESTART_RESTARTBLOCK. */
struct restart_block {
	long (*fn)(struct task *t, struct restart_block *rb);
	u64 arg[4];
};

struct task {
	int tid;
	struct process *proc;
	struct task *next_thread;
	struct plat_ctx *ctx;
	struct plat_regs regs;
	unsigned run_flags;		/* PLAT_RUN_* for the next resume */
	bool in_guest;			/* running guest code: kick to interrupt */
	bool in_syscall;		/* the event being handled is a syscall */
	bool regs_replaced;		/* the handler set all registers */
	linux_sigset_t sigmask;
	linux_sigset_t saved_sigmask;	/* restored after sigsuspend & co */
	bool restore_sigmask;
	struct sigpending pending;	/* signals sent to this thread */
	struct linux_stack altstack;
	struct restart_block restart;
	u64 clear_child_tid;
	u64 robust_list;
	u64 robust_len;
	bool exiting;
	int exit_code;			/* wait status of this thread's exit */
	u64 last_fault;			/* to catch a fault that never resolves */
	int fault_repeats;
	u64 fault_err, fault_trapno, fault_addr;	/* for the sigcontext */
	u64 entry_seq;			/* kernel_entries at its last event */
	u32 wake_seq;			/* sched.c: bumped by task_wake */
	int wake_fd;			/* host eventfd for host-fd waits, or -1 */
	bool in_host_wait;
	struct task *vfork_parent;	/* waits until this task execs or exits */
	u32 vfork_done;
	/* vfork: the child runs on its parent's context (host thread) */
	struct task *ctx_lender;	/* whose ctx this task runs on */
	struct task *ctx_borrower;	/* who runs on this task's ctx */
	void *lent_fp;			/* the lender's FPU state, to give back */
	size_t lent_fp_len;
	struct sbuf trace;		/* --trace: the line being built */
	char comm[16];			/* a thread's own name (PR_SET_NAME,
					 * /proc/PID/task/TID/comm); unused
					 * for the leader, whose name is the
					 * process's; empty: the process's */
	bool frozen;			/* asleep in task_freeze (mconsole stop) */
	bool handling;			/* in the handler of syscall handling_nr */
	u32 handling_nr;		/* (the wait channel of sysrq t) */
	linux_sigset_t real_blocked;	/* in rt_sigtimedwait: the mask it
					 * lifted (still blocked for senders) */
};

/* The name of thread t of p (p's own for the leader or for NULL). */
static inline const char *task_comm(const struct process *p,
				    const struct task *t)
{
	return t && t->tid != p->pid && t->comm[0] ? t->comm : p->comm;
}

/* Name thread t (PR_SET_NAME, a write to comm): the leader names the
 * process.  name has at most 15 characters and a NUL. */
static inline void task_set_comm(struct process *p, struct task *t,
				 const char *name)
{
	char *to = t && t->tid != p->pid ? t->comm : p->comm;

	memset(to, 0, sizeof(p->comm));
	for (int i = 0; i < 15 && name[i]; i++)
		to[i] = name[i];
}

/* The ids a guest sees. */
static inline int task_pid(const struct task *t)
{
	return t->proc->pid;
}

/* A new pid (also used as tid), or -EAGAIN.  An id is taken while the
 * process (until reaped) or the task holds it. */
int pid_alloc(void);
struct process *process_find(int pid);
struct task *task_find(int tid);
/* The process after prev in pid order (NULL: the first), or NULL. */
struct process *process_next(const struct process *prev);
int process_count(void);
/* 0 if t may clone one more task, -EAGAIN past RLIMIT_NPROC (not for
 * root) or umk's own TASKS_MAX. */
int task_may_clone(const struct task *t);

/* The first process (pid 1) with default limits. */
struct process *process_alloc_init(void);
/* A new, empty process with the given pid (fields zero). */
struct process *process_alloc(int pid);
/* A task with id tid in p (its thread list takes it). */
struct task *task_alloc(struct process *p, int tid);
/* Free a task whose loop ended; the last one ends its process. */
void task_release(struct task *t);
/* Free a task that never ran (clone failed half-way). */
void task_discard(struct task *t);
/* execve: the other threads end, t becomes the leader; -EINTR if the
 * process is being killed meanwhile. */
int task_become_sole(struct task *t);
/* Forget a zombie whose status was collected. */
void process_reap(struct process *p);

/* The task loop: run the guest, handle what it did, repeat. */
void task_start(struct task *t);
/* Events that came in from guests so far (each task's entry_seq is the
 * count at its last); under the kernel lock. */
extern u64 kernel_entries;
/* End the calling thread with status code (its process goes on). */
void task_exit(struct task *t, int code);
/* End every thread of p: status is the wait status. */
void process_exit(struct process *p, int status);
/* Interrupt t wherever it is: guest code (kick) or a kernel sleep. */
void task_interrupt(struct task *t);
/* Release the parent of a vfork child (at exec or exit). */
void vfork_release(struct task *t);
/* vfork's child borrows its parent's context instead of starting a host
 * thread of its own; it gives it back (with the parent's FPU state) when
 * it execs or ends. */
int ctx_lend(struct task *parent, struct task *child);
void ctx_return(struct task *child);

/* mconsole.c: sleep while the management console has every task
 * stopped (`umk-console UMID stop`), until go or the process's end;
 * called by the task loop before the guest is resumed. */
void task_freeze(struct task *t);
/* halt or reboot came from the management console: umk ends with 0. */
bool kernel_halt_requested(void);
/* Halt (or restart, for umk boot) now: every process is killed, and umk
 * ends with status 0 (mconsole.c; mconsole halt/reboot and reboot(2)). */
void kernel_halt(bool restart);
/* Whether ctrl-alt-del restarts at once (reboot(2) CAD_ON, the default)
 * rather than signal init (CAD_OFF): reboot.c. */
bool reboot_cad_enabled(void);

/* The syscall layer (syscall.c): handle the syscall in t->regs. */
void syscall_enter(struct task *t);
/* A syscall known by number and arguments only (PLAT_EV_SYSCALL_FAST). */
void syscall_fast(struct task *t, const struct plat_event *ev);

/* exit.c: the end of a process (its last thread is gone): release what
 * it holds, hand its children on, become a zombie, tell the parent. */
void process_end(struct process *p);
/* Let go of its fd table, fs context and executable (exit.c). */
void process_drop_files(struct process *p);
/* The parent-child links. */
void process_adopt(struct process *parent, struct process *c);
void process_disown(struct process *c);
/* The process that adopts p's children when p ends: the nearest
 * subreaper among its ancestors, or init. */
struct process *find_reaper(struct process *p);
/* exit.c: no member of group pgid has a parent in another group of the
 * same session (POSIX's orphaned process group): job control stops
 * (SIGTSTP, SIGTTIN, SIGTTOU) are not for it. */
bool pgrp_is_orphaned(int pgid);

#endif
