// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tty files: read, write, poll and ioctl on a terminal, and job control.
 *
 * Reading waits on the tty's wait queue (interruptible: -ERESTARTSYS) for
 * what the line discipline says is readable: a whole line in canonical
 * mode; otherwise VMIN bytes (at most the read's size), with VTIME as
 * Linux uses it: VMIN=0 VTIME=0 returns at once (0 when empty), VMIN=0
 * VTIME>0 waits that many tenths of a second for a byte, VMIN>0 VTIME>0
 * restarts that timer with each byte once one came.  O_NONBLOCK gives
 * -EAGAIN.  Writing goes through OPOST into the tty's output queue, which
 * its driver hands on (tty_output_ready: a pty's master reads it, the
 * console writes it to the host terminal), and waits while that is full.
 * After a hangup (a pty's master closed, the console's host terminal
 * gone) a read that was waiting gives -EIO, later reads 0 and writes
 * -EIO, as Linux's.  The same code serves every kind of tty.
 *
 * Job control, as Linux's: a process reading its controlling terminal
 * from a background process group sends SIGTTIN to its group (-EIO when
 * SIGTTIN is ignored or blocked, or the group is orphaned); writing with
 * TOSTOP, TCSETS*, TIOCSPGRP from the background send SIGTTOU, unless it
 * is ignored or blocked.  A session leader opening a tty without
 * O_NOCTTY, when neither has one yet, makes it the controlling terminal
 * of its session (also TIOCSCTTY).  When a session leader ends, the
 * foreground group gets SIGHUP and the terminal is free again; a hangup
 * sends SIGHUP and SIGCONT to the session leader and the foreground group.
 *
 * TIOCSTI (faking input) is refused: -EPERM, whoever asks, as Linux with
 * dev.tty.legacy_tiocsti=0.  TIOCNOTTY from a process that is not the
 * session leader answers 0 and changes nothing (the controlling terminal
 * is the session's, tty.h).  TCXONC is accepted and does nothing (no
 * flow control); TCSBRK/TCSBRKP (tcdrain, tcsendbreak) return at once,
 * output being handed to the master at once.
 */
#include "kernel.h"
#include "task.h"
#include "sched.h"
#include "signal.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "vfs/poll.h"
#include "tty/tty.h"

void tty_signal_pgrp(int pgrp, int sig)
{
	if (pgrp <= 0)
		return;
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		if (p->pgid == pgrp && !p->exit_done && !p->exiting)
			send_signal(p, NULL, sig, NULL);
	}
}

struct tty *tty_of_session(int sid)
{
	if (sid <= 0)
		return NULL;
	for (struct tty *tty = tty_list; tty; tty = tty->next)
		if (tty->session == sid)
			return tty;
	return NULL;
}

/* tty is t's controlling terminal. */
static bool is_ctty(struct task *t, struct tty *tty)
{
	return tty->session && tty->session == t->proc->sid;
}

static bool sig_ignored_or_blocked(struct task *t, int sig)
{
	return (t->sigmask & sigmask(sig)) ||
	       t->proc->sighand->action[sig - 1].handler == SIG_IGN;
}

/* A background access to t's controlling terminal: 0 (go on), -EIO, or
 * -ERESTARTSYS after sending sig to t's group (Linux's
 * __tty_check_change). */
static int tty_check_change(struct task *t, struct tty *tty, int sig)
{
	if (!is_ctty(t, tty) || !tty->pgrp || t->proc->pgid == tty->pgrp)
		return 0;
	if (sig_ignored_or_blocked(t, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_is_orphaned(t->proc->pgid))
		return -EIO;
	tty_signal_pgrp(t->proc->pgid, sig);
	return -ERESTARTSYS;
}

/* One sleep on the tty until woken or deadline (CLOCK_MONOTONIC). */
static int tty_sleep(struct tty *tty, s64 deadline)
{
	struct wait_entry we;
	int ret;

	wait_add(&tty->wq, &we);
	ret = kernel_sleep(CLOCK_MONOTONIC, deadline, SLEEP_INTR);
	wait_del(&we);
	return ret;
}

static long tty_read(struct file *f, struct uio *u, s64 *pos)
{
	struct tty *tty = f->priv;
	u8 buf[TTY_RBUF];
	s64 deadline = -1;
	size_t seen = 0, n;
	int ret;

	if (tty->hungup)
		return 0;
	ret = tty_check_change(current, tty, SIGTTIN);
	if (ret)
		return ret;
	for (;;) {
		const u8 *cc = tty->termios.c_cc;
		s64 vtime = cc[VTIME] * (NSEC_PER_SEC / 10);

		if (tty->hungup)
			return -EIO;	/* hung up while it waited */
		if (tty->termios.c_lflag & ICANON) {
			if (n_tty_readable(tty))
				break;
		} else {
			size_t need = cc[VMIN] ? MIN((size_t)cc[VMIN], u->len) : 1;

			if (tty->rq_len >= need)
				break;
			if (!cc[VMIN] && !cc[VTIME])
				return 0;	/* even with O_NONBLOCK, as Linux */
			if (!cc[VMIN] && vtime && deadline < 0)
				deadline = clock_ns(CLOCK_MONOTONIC) + vtime;
			if (cc[VMIN] && vtime && tty->rq_len > seen) {
				/* the interbyte timer starts again */
				seen = tty->rq_len;
				deadline = clock_ns(CLOCK_MONOTONIC) + vtime;
			}
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = tty_sleep(tty, deadline);
		if (ret == -ETIMEDOUT)
			break;
		if (ret && !tty->hungup)	/* a hangup's SIGHUP: -EIO first */
			return -ERESTARTSYS;
	}
	n = n_tty_take(tty, buf, MIN(u->len, sizeof(buf)));
	n = uio_copy_out(u, 0, buf, n);
	tty_wake(tty, POLLOUT | POLLWRNORM);
	return n;
}

bool tty_output_ready(struct tty *tty)
{
	return tty->driver->output(tty);
}

size_t tty_host_input(struct tty *tty, const u8 *buf, size_t n)
{
	size_t i = 0;

	if (tty->hungup)
		return n;	/* nobody reads them any more */
	for (; i < n && n_tty_receive_room(tty); i++)
		n_tty_receive(tty, buf[i]);
	tty_wake(tty, POLLIN | POLLRDNORM);
	if (tty->ob_len)
		tty_output_ready(tty);	/* the echo */
	return i;
}

static long tty_write(struct file *f, struct uio *u, s64 *pos)
{
	struct tty *tty = f->priv;
	size_t done = 0, have = 0, i = 0;
	u8 buf[512];
	int ret;

	if (tty->termios.c_lflag & TOSTOP) {
		ret = tty_check_change(current, tty, SIGTTOU);
		if (ret)
			return ret;
	}
	while (done < u->len) {
		if (tty->hungup)
			return done ? (long)done : -EIO;
		if (i == have) {
			have = uio_copy_in(u, done, buf, MIN(sizeof(buf), u->len - done));
			i = 0;
			if (!have)
				return done ? (long)done : -EFAULT;
		}
		if (n_tty_output(tty, buf[i])) {
			i++;
			done++;
			continue;
		}
		if (tty_output_ready(tty))
			continue;	/* the console wrote some out */
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (tty_sleep(tty, -1))
			return done ? (long)done : -ERESTARTSYS;
	}
	tty_output_ready(tty);
	return done;
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = f->priv;
	unsigned mask = 0;

	poll_wait(f, &tty->wq, pt);
	if (tty->hungup)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP |
		       POLLERR;
	if (n_tty_readable(tty))
		mask |= POLLIN | POLLRDNORM;
	if (tty->ob_len < TTY_OBUF - 1)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static long put_int(struct task *t, u64 arg, int val)
{
	return copy_to_user(t, UPTR(arg), &val, sizeof(val)) ? -EFAULT : 0;
}

static long get_int(struct task *t, u64 arg, int *val)
{
	return copy_from_user(t, val, UPTR(arg), sizeof(*val)) ? -EFAULT : 0;
}

/* The terminal leaves its session: SIGHUP (and SIGCONT when cont) for the
 * foreground group. */
static void tty_disassociate(struct tty *tty, bool cont)
{
	int pgrp = tty->pgrp;

	tty->session = 0;
	tty->pgrp = 0;
	tty_signal_pgrp(pgrp, SIGHUP);
	if (cont)
		tty_signal_pgrp(pgrp, SIGCONT);
}

static long tiocsctty(struct task *t, struct tty *tty, u64 arg)
{
	struct process *p = t->proc;

	if (is_ctty(t, tty) && p->pid == p->sid)
		return 0;
	if (p->pid != p->sid || tty_of_session(p->sid))
		return -EPERM;
	if (tty->session) {
		/* stealing it from another session: root with arg 1 */
		if (arg != 1 || p->cred.euid != 0)
			return -EPERM;
		tty_disassociate(tty, true);
	}
	tty->session = p->sid;
	tty->pgrp = p->pgid;
	return 0;
}

static long tiocspgrp(struct task *t, struct tty *tty, u64 arg)
{
	int pgrp, ret;
	bool found = false;

	if (!is_ctty(t, tty))
		return -ENOTTY;
	ret = tty_check_change(t, tty, SIGTTOU);
	if (ret == -EIO)
		return -ENOTTY;
	if (ret)
		return ret;
	if (get_int(t, arg, &pgrp))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		if (p->pgid != pgrp || p->exit_done)
			continue;
		if (p->sid != tty->session)
			return -EPERM;
		found = true;
	}
	if (!found)
		return -ESRCH;
	tty->pgrp = pgrp;
	return 0;
}

static long tty_set_termios(struct task *t, struct tty *tty, bool master,
			    unsigned cmd, u64 arg)
{
	struct linux_termios tio, old = tty->termios;
	int ret;

	if (!master) {
		ret = tty_check_change(t, tty, SIGTTOU);
		if (ret)
			return ret;
	}
	if (copy_from_user(t, &tio, UPTR(arg), sizeof(tio)))
		return -EFAULT;
	if (cmd == TCSETSF)
		n_tty_flush_input(tty);
	tty->termios = tio;
	n_tty_set_termios(tty, &old);
	tty_wake(tty, 0);
	return 0;
}

long tty_ioctl_common(struct task *t, struct tty *tty, struct file *f,
		      bool master, unsigned cmd, u64 arg)
{
	struct linux_winsize ws;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(t, UPTR(arg), &tty->termios,
				    sizeof(tty->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set_termios(t, tty, master, cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user(t, UPTR(arg), &tty->winsize,
				    sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(t, &ws, UPTR(arg), sizeof(ws)))
			return -EFAULT;
		if (memcmp(&ws, &tty->winsize, sizeof(ws))) {
			tty->winsize = ws;
			tty_signal_pgrp(tty->pgrp, SIGWINCH);
		}
		return 0;
	case TIOCGPGRP:
		if (!master && !is_ctty(t, tty))
			return -ENOTTY;
		return put_int(t, arg, tty->pgrp);
	case TIOCSPGRP:
		return tiocspgrp(t, tty, arg);
	case TIOCGSID:
		if ((!master && !is_ctty(t, tty)) || !tty->session)
			return -ENOTTY;
		return put_int(t, arg, tty->session);
	case TIOCSCTTY:
		return tiocsctty(t, tty, arg);
	case TIOCNOTTY:
		if (master || !is_ctty(t, tty))
			return -ENOTTY;
		if (t->proc->pid == t->proc->sid)
			tty_disassociate(tty, true);
		return 0;
	case FIONREAD:
		return put_int(t, arg, master ? (int)tty->ob_len :
					 (int)n_tty_chars(tty));
	case TIOCOUTQ:
		return put_int(t, arg, master ? 0 : (int)tty->ob_len);
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		/* the master's input is the slave's output */
		if (arg == TCIOFLUSH || arg == (master ? TCOFLUSH : TCIFLUSH))
			n_tty_flush_input(tty);
		if (arg == TCIOFLUSH || arg == (master ? TCIFLUSH : TCOFLUSH))
			n_tty_flush_output(tty);
		tty_wake(tty, 0);
		return 0;
	case TCXONC:
		return arg > 3 ? -EINVAL : 0;
	case TCSBRK:
	case TCSBRKP:
		return 0;
	case TIOCSTI:
		return -EPERM;		/* refused: see the top comment */
	}
	(void)f;
	return -ENOIOCTLCMD;
}

static long tty_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	long ret = tty_ioctl_common(t, f->priv, f, false, cmd, arg);

	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

static void tty_release(struct file *f)
{
	struct tty *tty = f->priv;

	tty->slave_opens--;
	tty_wake(tty, 0);
	tty->driver->close(tty);
}

static const struct file_ops tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.release = tty_release,
};

int tty_open_file(struct tty *tty, struct file *f, bool noctty)
{
	struct process *p = current->proc;

	f->fop = &tty_fops;
	f->priv = tty;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	tty->slave_opens++;
	tty->slave_opened = true;
	if (!noctty && p->pid == p->sid && !tty->session &&
	    !tty_of_session(p->sid) && !tty->hungup) {
		tty->session = p->sid;
		tty->pgrp = p->pgid;
	}
	tty_wake(tty, 0);
	return 0;
}

void tty_hangup(struct tty *tty)
{
	struct process *leader = tty->session ? process_find(tty->session) : NULL;

	tty->hungup = true;
	if (leader && !leader->exit_done && !leader->exiting) {
		send_signal(leader, NULL, SIGHUP, NULL);
		send_signal(leader, NULL, SIGCONT, NULL);
	}
	if (tty->session)
		tty_disassociate(tty, true);
	tty_wake(tty, 0);
}

void tty_session_exit(struct process *p)
{
	struct tty *tty;

	if (p->pid != p->sid)
		return;
	tty = tty_of_session(p->sid);
	if (tty)
		tty_disassociate(tty, false);
}

void tty_proc_stat(const struct process *p, u32 *tty_nr, int *tpgid)
{
	struct tty *tty = tty_of_session(p->sid);
	u32 minor;

	*tty_nr = 0;
	*tpgid = -1;
	if (!tty)
		return;
	minor = tty->index;
	*tty_nr = (tty->driver->major << 8) | (minor & 0xff) |
		  ((minor & ~0xffu) << 12);
	if (tty->pgrp)
		*tpgid = tty->pgrp;
}

int tty_open_ctty(struct file *f)
{
	struct tty *tty = tty_of_session(current->proc->sid);

	if (!tty)
		return -ENXIO;
	return tty_open_file(tty, f, true);
}
