// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * signalfd(2) and signalfd4(2): pending signals read from an fd.
 *
 * A signalfd holds only a mask.  Reading it takes the pending signals of
 * the *reading* thread (its own and its process's) that are in the mask,
 * lowest first, as struct signalfd_siginfo (signal_dequeue), waiting
 * while there is none; polling it asks the same of the polling thread.
 * The signals are usually blocked, so they wait for the fd instead of
 * being delivered.
 *
 * Every process has a wait queue for its signalfds (p->signalfd_wq): the
 * send path (signal.c) calls signalfd_notify() whenever it queues a
 * signal, which wakes readers, pollers and epoll items.  When the process
 * ends, the entries left there (epoll items of other processes) are woken
 * a last time and taken off (signalfd_exit), as Linux does with POLLFREE.
 */
#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "abi/poll.h"
#include "fs/anon_fd.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

struct signalfd_ctx {
	linux_sigset_t mask;
};

static const struct file_ops signalfd_fops;

void signalfd_notify(struct process *p)
{
	if (waitqueue_active(&p->signalfd_wq))
		wake_up_poll(&p->signalfd_wq, POLLIN | POLLRDNORM);
}

void signalfd_exit(struct process *p)
{
	/* a last wake-up, as Linux's POLLFREE: epolls look at their items
	 * once more (with their own thread's signals) */
	wake_up(&p->signalfd_wq);
	while (waitqueue_active(&p->signalfd_wq))
		wait_del(p->signalfd_wq.head.next);
}

/* siginfo as signalfd reports it: which fields count depends on the kind
 * of signal (Linux's siginfo_layout). */
static void signalfd_info(const struct linux_siginfo *si,
			  struct linux_signalfd_siginfo *ssi)
{
	int sig = si->si_signo, code = si->si_code;

	memset(ssi, 0, sizeof(*ssi));
	ssi->ssi_signo = sig;
	ssi->ssi_errno = si->si_errno;
	ssi->ssi_code = code;
	if (code > SI_USER && code < SI_KERNEL) {
		switch (sig) {
		case SIGILL: case SIGFPE: case SIGSEGV: case SIGBUS: case SIGTRAP:
			ssi->ssi_addr = si->fault.addr;
			return;
		case SIGCHLD:
			ssi->ssi_pid = si->chld.pid;
			ssi->ssi_uid = si->chld.uid;
			ssi->ssi_status = si->chld.status;
			ssi->ssi_utime = si->chld.utime;
			ssi->ssi_stime = si->chld.stime;
			return;
		case SIGSYS:
			ssi->ssi_call_addr = si->sys.call_addr;
			ssi->ssi_syscall = si->sys.syscall;
			ssi->ssi_arch = si->sys.arch;
			return;
		default:	/* SIGPOLL and its like */
			ssi->ssi_band = si->poll.band;
			ssi->ssi_fd = si->poll.fd;
			return;
		}
	}
	if (code == SI_TIMER) {
		ssi->ssi_tid = si->timer.tid;
		ssi->ssi_overrun = si->timer.overrun;
		ssi->ssi_ptr = si->timer.value;
		ssi->ssi_int = (int)si->timer.value;
	} else if (code == SI_SIGIO) {
		ssi->ssi_band = si->poll.band;
		ssi->ssi_fd = si->poll.fd;
	} else {
		ssi->ssi_pid = si->kill.pid;
		ssi->ssi_uid = si->kill.uid;
		if (code < 0) {		/* sigqueue, tkill, ...: the value too */
			ssi->ssi_ptr = si->kill.value;
			ssi->ssi_int = (int)si->kill.value;
		}
	}
}

static long signalfd_read(struct file *f, struct uio *u, s64 *pos)
{
	struct signalfd_ctx *ctx = f->priv;
	struct task *t = current;
	struct linux_signalfd_siginfo ssi;
	struct linux_siginfo si;
	size_t room = u->len / sizeof(ssi), done = 0;

	if (!room)
		return -EINVAL;
	while (done < room) {
		int sig = signal_dequeue(t, ctx->mask, &si);

		if (!sig) {
			if (done)
				break;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_once(&t->proc->signalfd_wq))
				return -ERESTARTSYS;
			continue;
		}
		signalfd_info(&si, &ssi);
		uio_copy_out(u, done * sizeof(ssi), &ssi, sizeof(ssi));
		done++;
	}
	return done * sizeof(ssi);
}

static unsigned signalfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd_ctx *ctx = f->priv;
	struct task *t = current;

	poll_wait(f, &t->proc->signalfd_wq, pt);
	return signal_pending_set(t) & ctx->mask ? POLLIN | POLLRDNORM : 0;
}

static void signalfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

long sys_signalfd4(struct task *t, const struct sysargs *a)
{
	int fd = (int)a->a[0];
	unsigned flags = (unsigned)a->a[3];
	struct signalfd_ctx *ctx;
	linux_sigset_t mask;
	struct file *f;

	if (a->a[2] != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(t, &mask, UPTR(a->a[1]), sizeof(mask)))
		return -EFAULT;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	mask &= ~SIG_KERNEL_ONLY;
	if (fd != -1) {
		f = fd_get(t, fd);
		if (!f)
			return -EBADF;
		if (f->fop != &signalfd_fops) {
			file_put(f);
			return -EINVAL;
		}
		((struct signalfd_ctx *)f->priv)->mask = mask;
		file_put(f);
		signalfd_notify(t->proc);
		return fd;
	}
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	fd = anon_fd_install(t, "anon_inode:[signalfd]", &signalfd_fops, ctx, flags);
	if (fd < 0)
		kfree(ctx);
	return fd;
}

long sys_signalfd(struct task *t, const struct sysargs *a)
{
	struct sysargs b = *a;

	b.a[3] = 0;
	return sys_signalfd4(t, &b);
}
