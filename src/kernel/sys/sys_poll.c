// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * poll, ppoll, select and pselect6.
 *
 * One loop (do_poll, do_select) looks at every file (vfs_poll), and if
 * none is ready sleeps in the wait of vfs/poll.c until a queue or host fd
 * it registered on the first pass wakes it, a signal comes or the
 * deadline passes.  Deadlines are CLOCK_MONOTONIC.
 *
 * As on Linux:
 *  - a signal ends the wait with -ERESTARTNOHAND: EINTR when a handler
 *    runs, a restart otherwise; poll(2), whose timeout is in
 *    milliseconds, restarts through restart_syscall with the same
 *    deadline (-ERESTART_RESTARTBLOCK);
 *  - select, pselect6 and ppoll write the time not slept back into their
 *    timeout (a restart then waits only for the rest); when that write
 *    fails, an interrupted call gives EINTR instead of a restart;
 *  - ppoll and pselect6 run with the given signal mask, which stays in
 *    force until the handler of the signal that interrupted them has run
 *    (t->saved_sigmask, t->restore_sigmask).
 */
#include "sys/sys_vfs.h"
#include "abi/poll.h"
#include "signal.h"
#include "vfs/poll.h"

/* ---- timeouts ---- */

static s64 ts_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* The deadline for a relative timeout of ns (> 0). */
static s64 deadline_after(s64 ns)
{
	s64 now = clock_ns(CLOCK_MONOTONIC);

	return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}

/* A timespec timeout (NULL: none): the deadline (-1 none, 0 do not wait)
 * or -EFAULT/-EINVAL. */
static int timespec_deadline(struct task *t, struct uptr uts, s64 *deadline)
{
	struct linux_timespec ts;

	*deadline = -1;
	if (uptr_null(uts))
		return 0;
	if (copy_from_user(t, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*deadline = ts.tv_sec || ts.tv_nsec ? deadline_after(ts_ns(&ts)) : 0;
	return 0;
}

enum { PT_TIMEVAL, PT_TIMESPEC };

/* Write the time left before deadline into the guest's timeout, as
 * Linux's poll_select_finish does; an interrupted call whose timeout
 * cannot be written is not restarted. */
static long poll_select_finish(struct task *t, s64 deadline, struct uptr ut,
			       int type, long ret)
{
	s64 left;
	int err;

	if (uptr_null(ut) || deadline <= 0)
		return ret;
	left = deadline - clock_ns(CLOCK_MONOTONIC);
	if (left < 0)
		left = 0;
	if (type == PT_TIMEVAL) {
		struct linux_timeval tv = { left / NSEC_PER_SEC,
					    left % NSEC_PER_SEC / 1000 };

		err = copy_to_user(t, ut, &tv, sizeof(tv));
	} else {
		struct linux_timespec ts = { left / NSEC_PER_SEC, left % NSEC_PER_SEC };

		err = copy_to_user(t, ut, &ts, sizeof(ts));
	}
	if (err && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

/* ---- the signal mask of ppoll, pselect6, epoll_pwait ---- */

int poll_set_sigmask(struct task *t, struct uptr umask, size_t size)
{
	linux_sigset_t mask;

	if (uptr_null(umask))
		return 0;
	if (size != sizeof(linux_sigset_t))
		return -EINVAL;
	if (copy_from_user(t, &mask, umask, sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	t->sigmask = mask & ~SIG_KERNEL_ONLY;
	return 0;
}

void poll_restore_sigmask(struct task *t, bool interrupted)
{
	if (!t->restore_sigmask)
		return;
	if (interrupted) {
		/* the handler runs with the call's mask; its frame saves
		 * the old one (signal_deliver restores it otherwise) */
		return;
	}
	t->sigmask = t->saved_sigmask;
	t->restore_sigmask = false;
}

/*
 * The end of one pass over the files of poll or select: stop with what
 * was found (*count), an error, or when there is no time left; else sleep
 * until a queue wakes us and look again (once more after the deadline, as
 * Linux does).  A signal ends the call with -ERESTARTNOHAND.
 */
static bool pass_done(struct poll_wqueues *pw, long *count, s64 *deadline)
{
	int ret;

	if (*count)
		return true;
	if (pw->error) {
		*count = pw->error;
		return true;
	}
	if (!*deadline)
		return true;
	ret = poll_schedule(pw, *deadline);
	if (ret == -ETIMEDOUT) {
		*deadline = 0;	/* one last look */
	} else if (ret) {
		*count = -ERESTARTNOHAND;
		return true;
	}
	return false;
}

/* ---- poll ---- */

/* One poll(2): revents filled in fds; the number of ready entries,
 * -ERESTARTNOHAND on a signal, -ENOMEM. */
static long do_poll(struct task *t, struct linux_pollfd *fds, unsigned nfds,
		    s64 deadline)
{
	struct poll_wqueues pw;
	struct poll_table *pt = deadline ? &pw.pt : NULL;
	long count = 0;

	poll_wqueues_init(&pw);
	for (;;) {
		for (unsigned i = 0; i < nfds; i++) {
			struct linux_pollfd *p = &fds[i];
			unsigned mask = 0;

			if (p->fd >= 0) {
				struct file *f = fd_get(t, p->fd);

				if (!f || (f->fmode & FMODE_PATH)) {
					mask = POLLNVAL;
				} else {
					mask = vfs_poll(f, pt);
					mask &= (u16)p->events | POLLERR | POLLHUP;
				}
				file_put(f);
			}
			p->revents = mask;
			if (mask) {
				count++;
				pt = NULL;	/* no need to wait any more */
			}
		}
		pt = NULL;
		if (pass_done(&pw, &count, &deadline))
			break;
	}
	poll_wqueues_free(&pw);
	return count;
}

/* poll over the guest's array: copy in, poll, copy the revents out. */
static long poll_user(struct task *t, struct uptr ufds, u64 nfds, s64 deadline)
{
	struct linux_pollfd *fds = NULL;
	long ret;

	if (nfds > (u64)fd_limit(t))
		return -EINVAL;
	if (nfds) {
		fds = kmalloc(nfds * sizeof(*fds));
		if (!fds)
			return -ENOMEM;
		if (copy_from_user(t, fds, ufds, nfds * sizeof(*fds))) {
			kfree(fds);
			return -EFAULT;
		}
	}
	ret = do_poll(t, fds, nfds, deadline);
	if (ret >= 0) {
		for (u64 i = 0; i < nfds; i++) {
			struct uptr ur = uptr_add(ufds, i * sizeof(*fds) +
						  __builtin_offsetof(struct linux_pollfd, revents));

			if (copy_to_user(t, ur, &fds[i].revents, sizeof(fds[i].revents))) {
				ret = -EFAULT;
				break;
			}
		}
	}
	kfree(fds);
	return ret;
}

static long poll_restart(struct task *t, struct restart_block *rb)
{
	long ret = poll_user(t, UPTR(rb->arg[0]), rb->arg[1], (s64)rb->arg[2]);

	if (ret == -ERESTARTNOHAND) {
		t->restart = *rb;
		return -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

long sys_poll(struct task *t, const struct sysargs *a)
{
	struct uptr ufds = UPTR(a->a[0]);
	u64 nfds = (u32)a->a[1];
	int ms = (int)a->a[2];
	s64 deadline = ms < 0 ? -1 : ms ? deadline_after(ms * 1000000LL) : 0;
	long ret = poll_user(t, ufds, nfds, deadline);

	if (ret == -ERESTARTNOHAND) {
		t->restart = (struct restart_block){
			poll_restart, { ufds.addr, nfds, (u64)deadline } };
		return -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

long sys_ppoll(struct task *t, const struct sysargs *a)
{
	struct uptr ufds = UPTR(a->a[0]), uts = UPTR(a->a[2]);
	u64 nfds = (u32)a->a[1];
	s64 deadline;
	long ret;

	ret = timespec_deadline(t, uts, &deadline);
	if (ret)
		return ret;
	ret = poll_set_sigmask(t, UPTR(a->a[3]), a->a[4]);
	if (ret)
		return ret;
	ret = poll_user(t, ufds, nfds, deadline);
	ret = poll_select_finish(t, deadline, uts, PT_TIMESPEC, ret);
	poll_restore_sigmask(t, ret == -ERESTARTNOHAND || ret == -EINTR);
	return ret;
}

/* ---- select ---- */

#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	POLLPRI

/* The bytes of an fd_set of n bits, as Linux copies them (whole longs). */
static size_t fds_bytes(int n)
{
	return (size_t)(n + 63) / 64 * 8;
}

static bool bit_test(const u64 *set, int fd)
{
	return set && (set[fd / 64] >> (fd % 64)) & 1;
}

static void bit_set(u64 *set, int fd)
{
	set[fd / 64] |= 1ULL << (fd % 64);
}

/* in[0..2]: the guest's read, write and except sets (NULL: none); out[]:
 * the results.  The number of bits set, -ERESTARTNOHAND, -EBADF, -ENOMEM. */
static long do_select(struct task *t, int n, u64 *const in[3], u64 *out[3],
		      s64 deadline)
{
	static const unsigned want[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	struct poll_wqueues pw;
	struct poll_table *pt = deadline ? &pw.pt : NULL;
	long count = 0;
	int fd, i;

	/* every fd named must be open (Linux's max_select_fd) */
	for (fd = 0; fd < n; fd++) {
		if (bit_test(in[0], fd) || bit_test(in[1], fd) || bit_test(in[2], fd)) {
			struct file *f = fd_get(t, fd);

			if (!f || (f->fmode & FMODE_PATH)) {
				file_put(f);
				return -EBADF;
			}
			file_put(f);
		}
	}
	poll_wqueues_init(&pw);
	for (;;) {
		for (fd = 0; fd < n; fd++) {
			bool r = bit_test(in[0], fd), w = bit_test(in[1], fd),
			     x = bit_test(in[2], fd);
			struct file *f;
			unsigned mask;

			if (!r && !w && !x)
				continue;
			f = fd_get(t, fd);
			if (!f)
				continue;	/* closed meanwhile: ignored */
			mask = vfs_poll(f, pt);
			file_put(f);
			bool b[3] = { r, w, x };

			for (i = 0; i < 3; i++) {
				if (b[i] && (mask & want[i])) {
					bit_set(out[i], fd);
					count++;
					pt = NULL;
				}
			}
		}
		pt = NULL;
		if (pass_done(&pw, &count, &deadline))
			break;
	}
	poll_wqueues_free(&pw);
	return count;
}

/* select over the guest's sets: copy in, select, copy the results out. */
static long select_user(struct task *t, int n, const struct uptr uset[3], s64 deadline)
{
	struct fdtable *ft = t->proc->files;
	u64 *in[3] = { NULL }, *out[3] = { NULL };
	u64 *buf;
	size_t bytes;
	long ret;
	int i;

	if (n < 0)
		return -EINVAL;
	if (n > ft->size)
		n = ft->size;	/* Linux looks no further than its table */
	bytes = fds_bytes(n);
	buf = kzalloc(bytes * 6 + 8);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < 3; i++) {
		out[i] = buf + (3 + i) * (bytes / 8);
		if (uptr_null(uset[i]))
			continue;
		in[i] = buf + i * (bytes / 8);
		if (copy_from_user(t, in[i], uset[i], bytes)) {
			ret = -EFAULT;
			goto out;
		}
	}
	ret = do_select(t, n, in, out, deadline);
	if (ret < 0)
		goto out;
	for (i = 0; i < 3; i++) {
		if (!uptr_null(uset[i]) && copy_to_user(t, uset[i], out[i], bytes)) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(buf);
	return ret;
}

long sys_select(struct task *t, const struct sysargs *a)
{
	struct uptr uset[3] = { UPTR(a->a[1]), UPTR(a->a[2]), UPTR(a->a[3]) };
	struct uptr utv = UPTR(a->a[4]);
	struct linux_timeval tv;
	s64 deadline = -1;
	long ret;

	if (!uptr_null(utv)) {
		if (copy_from_user(t, &tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		/* microseconds past a second carry over, as on Linux */
		struct linux_timespec ts = { tv.tv_sec + tv.tv_usec / 1000000,
					     tv.tv_usec % 1000000 * 1000 };

		if (ts.tv_sec < 0)
			return -EINVAL;
		deadline = ts.tv_sec || ts.tv_nsec ? deadline_after(ts_ns(&ts)) : 0;
	}
	ret = select_user(t, (int)a->a[0], uset, deadline);
	return poll_select_finish(t, deadline, utv, PT_TIMEVAL, ret);
}

long sys_pselect6(struct task *t, const struct sysargs *a)
{
	struct uptr uset[3] = { UPTR(a->a[1]), UPTR(a->a[2]), UPTR(a->a[3]) };
	struct uptr uts = UPTR(a->a[4]), usig = UPTR(a->a[5]);
	struct {
		u64 ss;
		u64 ss_len;
	} sig = { 0, 0 };
	s64 deadline;
	long ret;

	ret = timespec_deadline(t, uts, &deadline);
	if (ret)
		return ret;
	if (!uptr_null(usig) && copy_from_user(t, &sig, usig, sizeof(sig)))
		return -EFAULT;
	ret = poll_set_sigmask(t, UPTR(sig.ss), sig.ss_len);
	if (ret)
		return ret;
	ret = select_user(t, (int)a->a[0], uset, deadline);
	ret = poll_select_finish(t, deadline, uts, PT_TIMESPEC, ret);
	poll_restore_sigmask(t, ret == -ERESTARTNOHAND || ret == -EINTR);
	return ret;
}
