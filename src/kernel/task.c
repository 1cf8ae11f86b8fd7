// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tasks: the pid table, the task loop, and the end of a thread.
 *
 * Each guest thread has a umk task thread running task_main(): it delivers
 * pending signals, resumes the guest through the platform, and handles the
 * event the guest comes back with (a syscall, a page fault, a fault signal,
 * a kick) under the big kernel lock, which it drops only while the guest
 * runs or while it sleeps.  The end of a process is exit.c's.
 */
#include "kernel.h"
#include "task.h"
#include "futex.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "vfs/vfs.h"

#define PID_MAX 32768

static struct process *procs[PID_MAX];
static struct task *tasks[PID_MAX];
static int last_pid;
static int nprocs;
/* A bit per pid in procs[]: walking the processes (kill of a group, the
 * orphaned-group check of every exit, clone's count) skips empty stretches
 * 64 pids at a time instead of reading all 32768 slots. */
static u64 proc_bits[PID_MAX / 64];

static void proc_bit(int pid, bool on)
{
	if (on)
		proc_bits[pid / 64] |= 1ULL << (pid % 64);
	else
		proc_bits[pid / 64] &= ~(1ULL << (pid % 64));
}

int pid_alloc(void)
{
	for (int i = 1; i < PID_MAX; i++) {
		int pid = (last_pid + i) % PID_MAX;

		if (pid && !procs[pid] && !tasks[pid]) {
			last_pid = pid;
			return pid;
		}
	}
	return -EAGAIN;
}

struct process *process_find(int pid)
{
	return pid > 0 && pid < PID_MAX ? procs[pid] : NULL;
}

struct task *task_find(int tid)
{
	return tid > 0 && tid < PID_MAX ? tasks[tid] : NULL;
}

struct process *process_next(const struct process *prev)
{
	int pid = prev ? prev->pid + 1 : 1;

	if (pid >= PID_MAX)
		return NULL;
	u64 w = proc_bits[pid / 64] & (~0ULL << (pid % 64));

	for (int i = pid / 64;;) {
		if (w)
			return procs[i * 64 + __builtin_ctzll(w)];
		if (++i == PID_MAX / 64)
			return NULL;
		w = proc_bits[i];
	}
}

int process_count(void)
{
	return nprocs;
}

/*
 * Whether t may make one more task: 0, or -EAGAIN as Linux's fork.
 * RLIMIT_NPROC counts the tasks (threads too; a zombie as one) whose
 * real uid is the caller's, and does not bind root (a guest with uid or
 * euid 0 has CAP_SYS_RESOURCE).  TASKS_MAX is umk's own bound on all
 * guest tasks: each is a host thread with a 64 KiB slot of the stubs'
 * memory (platform.c has 4096 such chunks, a process's command page
 * takes one too) and host fds; past it clone fails cleanly before the
 * host does.
 */
#define TASKS_MAX 2000

int task_may_clone(const struct task *t)
{
	const struct process *self = t->proc;
	u64 lim = self->rlim[RLIMIT_NPROC].rlim_cur;
	bool bound = lim != RLIM_INFINITY && self->cred.uid && self->cred.euid;
	int all = 0, mine = 0;

	for (const struct process *p = process_next(NULL); p; p = process_next(p)) {
		int n = p->nthreads ? p->nthreads : 1;

		all += n;
		if (p->cred.uid == self->cred.uid)
			mine += n;
	}
	if (all >= TASKS_MAX) {
		pr_once(LOG_WARN, "clone: %d guest tasks, umk's limit (TASKS_MAX): EAGAIN",
			TASKS_MAX);
		return -EAGAIN;
	}
	return bound && (u64)mine >= lim ? -EAGAIN : 0;
}

/* Default resource limits of the first process (like a Linux login). */
static const struct linux_rlimit default_rlim[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { 8UL << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { FD_MAX_DEFAULT, 1048576 },
	[RLIMIT_MEMLOCK] = { 8UL << 20, 8UL << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

struct process *process_alloc(int pid)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->pid = pid;
	p->exit_signal = SIGCHLD;
	p->dumpable = true;
	p->start_ns = host_monotonic_ns();
	waitqueue_init(&p->child_wq);
	procs[pid] = p;
	proc_bit(pid, true);
	nprocs++;
	return p;
}

struct process *process_alloc_init(void)
{
	int pid = pid_alloc();
	struct process *p = pid < 0 ? NULL : process_alloc(pid);

	if (!p)
		return NULL;
	p->sighand = sighand_alloc();
	if (!p->sighand) {
		process_reap(p);
		return NULL;
	}
	p->pgid = p->sid = pid;
	memcpy(p->rlim, default_rlim, sizeof(p->rlim));
	return p;
}

struct task *task_alloc(struct process *p, int tid)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->tid = tid;
	t->proc = p;
	t->wake_fd = -1;
	t->next_thread = p->threads;
	p->threads = t;
	p->nthreads++;
	tasks[tid] = t;
	sbuf_init(&t->trace);
	return t;
}

void process_reap(struct process *p)
{
	procs[p->pid] = NULL;
	proc_bit(p->pid, false);
	nprocs--;
	kfree(p);
}

/* ---- the task loop ---- */

/* Events (syscalls, faults, kicks) that came in from guests so far: a
 * clock of the kernel's entries, for caches that must see whatever the
 * host did before an event (hostfs's watches). */
u64 kernel_entries;

static void handle_fault(struct task *t, const struct plat_event *ev)
{
	int ret;

	t->fault_addr = ev->addr;
	t->fault_err = ev->err;
	t->fault_trapno = ev->trapno;
	if (ev->signo == SIGBUS) {
		/* the host's verdict: a directly mapped file page past its end */
		force_signal(t, SIGBUS, ev->code, ev->addr);
		return;
	}
	if (ev->trapno != 14) {
		/* A general protection fault and the like: no page to map. */
		force_signal(t, SIGSEGV, SI_KERNEL, 0);
		return;
	}
	ret = mm_fault(t->proc->mm, ev->addr, ev->err);
	pr_debug("pid %d: fault at %#llx err %#llx rip %#llx: %d", task_pid(t),
		 (unsigned long long)ev->addr, (unsigned long long)ev->err,
		 (unsigned long long)t->regs.rip, ret);
	if (ret == 0) {
		/* The same fault again and again, with nothing in between,
		 * means umk cannot resolve it. */
		if (ev->addr != t->last_fault)
			t->fault_repeats = 0;
		if (++t->fault_repeats > 16) {
			pr_warn("pid %d: fault at %#llx does not resolve", task_pid(t),
				(unsigned long long)ev->addr);
			force_signal(t, SIGSEGV, SEGV_MAPERR, ev->addr);
		}
		t->last_fault = ev->addr;
		return;
	}
	t->fault_repeats = 0;
	if (ret == -EIO)
		force_signal(t, SIGBUS, BUS_ADRERR, ev->addr);
	else if (ret == -ENOMEM)
		process_exit(t->proc, SIGKILL);	/* out of memory */
	else
		force_signal(t, SIGSEGV, ret == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
			     ev->addr);
}

/* A fault signal of the CPU (not a page fault) as the host reported it. */
static void handle_trap(struct task *t, const struct plat_event *ev)
{
	t->fault_addr = ev->addr;
	t->fault_trapno = ev->trapno;
	t->fault_err = ev->err;
	/* the platform posts only real fault signals; a number from a
	 * forged mailbox must still never index the signal tables */
	force_signal(t, ev->signo >= 1 && ev->signo <= NSIG ? ev->signo : SIGSEGV, ev->code,
		     ev->addr);
}

static void task_main(void *arg)
{
	struct task *t = arg;
	struct plat_event ev;

	current = t;
	host_kernel_lock();
	for (;;) {
		task_freeze(t);
		signal_deliver(t);
		if (t->exiting || t->proc->exiting)
			break;
		unsigned flags = t->run_flags;

		t->run_flags = 0;
		t->in_guest = true;
		host_kernel_unlock();
		plat_ctx_run(t->ctx, &t->regs, flags, &ev);
		host_kernel_lock();
		t->entry_seq = ++kernel_entries;
		t->in_guest = false;
		if (t->exiting || t->proc->exiting)
			break;
		switch (ev.kind) {
		case PLAT_EV_SYSCALL:
			t->fault_repeats = 0;
			if (ev.arch != 0xc000003e) {
				/* int 0x80 from 64-bit code: the i386 table */
				t->regs.rax = -ENOSYS;
				break;
			}
			syscall_enter(t);
			break;
		case PLAT_EV_SYSCALL_FAST:
			t->fault_repeats = 0;
			syscall_fast(t, &ev);
			break;
		case PLAT_EV_FAULT:
			handle_fault(t, &ev);
			break;
		case PLAT_EV_SIGNAL:
			handle_trap(t, &ev);
			break;
		case PLAT_EV_KICK:
			break;	/* signal_deliver looks */
		case PLAT_EV_DEAD:
			/* The host process is gone (killed from outside, or
			 * its stub failed): the guest dies with SIGKILL. */
			process_exit(t->proc, SIGKILL);
			break;
		}
	}
	task_release(t);
	host_kernel_unlock();
}

void task_start(struct task *t)
{
	if (host_thread_start(task_main, t) < 0)
		kpanic("cannot start a task thread");
}

/* ---- the end of a thread ---- */

void task_exit(struct task *t, int code)
{
	t->exiting = true;
	t->exit_code = code;
}

void process_exit(struct process *p, int status)
{
	if (p->exiting || p->exit_done)
		return;
	p->exiting = true;
	p->wait_status = status;
	for (struct task *t = p->threads; t; t = t->next_thread)
		task_interrupt(t);
}

/*
 * A vfork child needs a guest thread in its parent's memory only until it
 * execs or ends, while the parent waits.  The parent's own host thread
 * serves: a new one would cost a host clone and a seccomp filter (over
 * 100 us of BPF compilation on the development VM) per posix_spawn.  What
 * the child changes in the thread's state comes back with the parent's
 * registers (umk holds them), except the FPU state, which lives in the
 * host thread's signal frame: it is saved here and put back.
 */
int ctx_lend(struct task *parent, struct task *child)
{
	size_t len = 0;
	void *fp = plat_ctx_fpstate(parent->ctx, &len);

	if (fp) {
		child->lent_fp = kmalloc(len);
		if (!child->lent_fp)
			return -ENOMEM;
		memcpy(child->lent_fp, fp, len);
		child->lent_fp_len = len;
	}
	child->ctx = parent->ctx;
	child->ctx_lender = parent;
	parent->ctx_borrower = child;
	return 0;
}

void ctx_return(struct task *child)
{
	struct task *parent = child->ctx_lender;

	if (!parent)
		return;
	/* the thread must be in the handler, with a frame to put the FPU
	 * state in (a child killed in a syscall may be waiting in the host) */
	struct plat_regs scratch = child->regs;

	plat_ctx_fetch_regs(child->ctx, &scratch);
	if (child->lent_fp) {
		size_t len = 0;
		void *fp = plat_ctx_fpstate(child->ctx, &len);

		if (fp && len == child->lent_fp_len)
			memcpy(fp, child->lent_fp, len);
		kfree(child->lent_fp);
		child->lent_fp = NULL;
	}
	parent->ctx_borrower = NULL;
	child->ctx_lender = NULL;
	child->ctx = NULL;
}

/* The parent ends while its child runs on its context: the child keeps it. */
static void ctx_give_away(struct task *parent)
{
	struct task *child = parent->ctx_borrower;

	if (!child)
		return;
	child->ctx_lender = NULL;
	kfree(child->lent_fp);
	child->lent_fp = NULL;
	parent->ctx_borrower = NULL;
	parent->ctx = NULL;
}

void vfork_release(struct task *t)
{
	struct task *parent = t->vfork_parent;

	if (!parent)
		return;
	t->vfork_parent = NULL;
	parent->vfork_done = 1;
	task_wake(parent);
}

/*
 * The thread's last duties toward its memory: clear the tid word the
 * thread library waits on (CLONE_CHILD_CLEARTID, set_tid_address) and
 * release the robust futexes it held.
 */
static void mm_release(struct task *t)
{
	struct mm *mm = t->proc->mm;

	if (!mm || !mm->as)
		return;
	futex_exit_robust(t);
	if (t->clear_child_tid) {
		u32 zero = 0;

		if (!mm_copy_to(mm, UPTR(t->clear_child_tid), &zero, sizeof(zero)))
			futex_wake_addr(t, UPTR(t->clear_child_tid), 1);
		t->clear_child_tid = 0;
	}
}

/* Out of its process's thread list and the tid table. */
static void task_unlink(struct task *t)
{
	struct process *p = t->proc;

	for (struct task **pp = &p->threads; *pp; pp = &(*pp)->next_thread) {
		if (*pp == t) {
			*pp = t->next_thread;
			break;
		}
	}
	p->nthreads--;
	if (tasks[t->tid] == t)
		tasks[t->tid] = NULL;
}

void task_release(struct task *t)
{
	struct process *p = t->proc;

	mm_release(t);
	ctx_return(t);
	ctx_give_away(t);
	vfork_release(t);
	if (t->ctx) {
		plat_ctx_destroy(t->ctx);
		t->ctx = NULL;
	}
	task_unlink(t);
	sigpending_flush(&t->pending);
	sbuf_free(&t->trace);
	if (t->wake_fd >= 0)
		host_close(t->wake_fd);
	if (!p->nthreads) {
		if (!p->exiting)
			p->wait_status = t->exit_code;
		process_end(p);
	} else if (p->exec_task) {
		task_wake(p->exec_task);	/* execve waits for the others */
	}
	kfree(t);
}

void task_discard(struct task *t)
{
	task_unlink(t);
	sbuf_free(&t->trace);
	kfree(t);
}

/* execve from a process with other threads: they end first, and the
 * calling thread becomes the leader (it takes the pid as its tid). */
int task_become_sole(struct task *t)
{
	struct process *p = t->proc;

	if (p->nthreads == 1 && t->tid == p->pid)
		return 0;
	p->exec_task = t;
	for (struct task *o = p->threads; o; o = o->next_thread) {
		if (o != t) {
			task_exit(o, 0);
			task_interrupt(o);
		}
	}
	while (p->nthreads > 1) {
		if (kernel_sleep(CLOCK_MONOTONIC, -1, 0) && p->exiting)
			break;
	}
	p->exec_task = NULL;
	if (p->nthreads > 1)
		return -EINTR;	/* the process is being killed */
	if (t->tid != p->pid) {
		tasks[t->tid] = NULL;
		t->tid = p->pid;
		tasks[t->tid] = t;
	}
	return 0;
}
