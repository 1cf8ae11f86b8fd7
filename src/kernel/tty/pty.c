// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pseudo-terminals: /dev/ptmx and /dev/pts/N (Unix 98 ptys).
 *
 * Opening /dev/ptmx (posix_openpt) makes a new tty, numbered with the
 * lowest free N, and gives its master; /dev/pts/N appears (owned by the
 * opener, mode 0620: grantpt has nothing left to do) and is locked until
 * TIOCSPTLCK(0) (unlockpt).  TIOCGPTN gives N (ptsname), TIOCGPTPEER opens
 * the slave through the caller's /dev/pts/N.  Opening /dev/pts/N (char
 * 136:N) gives a slave: a tty file (tty_io.c).
 *
 * What the master writes is typed on the slave (through the line
 * discipline, n_tty.c); what it reads is the slave's output after OPOST
 * and the echo.  Closing the last master file hangs the slave up (its
 * session leader and foreground group get SIGHUP and SIGCONT, reads give
 * 0, writes -EIO) and removes /dev/pts/N; once every slave file that was
 * opened is closed again, master reads give -EIO when the output is
 * drained, as Linux's.  The termios and window-size ioctls on the master
 * act on the slave, as Linux's do.  The slave's tty_driver (pty_driver)
 * wakes the master when output is queued and frees the pty once neither
 * side is open.
 */
#include "kernel.h"
#include "task.h"
#include "sched.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "vfs/poll.h"
#include "tty/tty.h"

#define PTY_MAX		4096

struct tty *tty_list;

void tty_wake(struct tty *tty, unsigned key)
{
	wake_up_poll(&tty->wq, key);
}

static const struct tty_driver pty_driver;

static struct tty *pty_find(u32 index)
{
	for (struct tty *tty = tty_list; tty; tty = tty->next)
		if (tty->driver == &pty_driver && (u32)tty->index == index)
			return tty;
	return NULL;
}

/* Free the pty once neither side is open. */
static void pty_put(struct tty *tty)
{
	struct tty **pp;

	if (tty->master_opens || tty->slave_opens)
		return;
	for (pp = &tty_list; *pp; pp = &(*pp)->next) {
		if (*pp == tty) {
			*pp = tty->next;
			break;
		}
	}
	kfree(tty);
}

/* The slave wrote: the master has something to read. */
static bool pty_output(struct tty *tty)
{
	tty_wake(tty, POLLIN | POLLRDNORM);
	return false;
}

static const struct tty_driver pty_driver = {
	.major = PTY_SLAVE_MAJOR,
	.output = pty_output,
	.close = pty_put,
};

static long ptm_read(struct file *f, struct uio *u, s64 *pos)
{
	struct tty *tty = f->priv;
	size_t n, first;

	while (!tty->ob_len) {
		if (tty->slave_opened && !tty->slave_opens)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_once(&tty->wq))
			return -ERESTARTSYS;
	}
	n = MIN(tty->ob_len, u->len);
	first = MIN(n, TTY_OBUF - tty->ob_head);
	n = uio_copy_out(u, 0, tty->ob + tty->ob_head, first);
	if (n == first && n < MIN(tty->ob_len, u->len))
		n += uio_copy_out(u, first, tty->ob, MIN(tty->ob_len, u->len) - first);
	tty->ob_head = (tty->ob_head + n) % TTY_OBUF;
	tty->ob_len -= n;
	if (!tty->ob_len)
		tty->ob_head = 0;
	tty_wake(tty, POLLOUT | POLLWRNORM);
	return n ? (long)n : -EFAULT;
}

static long ptm_write(struct file *f, struct uio *u, s64 *pos)
{
	struct tty *tty = f->priv;
	size_t done = 0, have = 0, i = 0;
	u8 buf[512];

	while (done < u->len) {
		if (i == have) {
			have = uio_copy_in(u, done, buf, MIN(sizeof(buf), u->len - done));
			i = 0;
			if (!have)
				return done ? (long)done : -EFAULT;
		}
		if (n_tty_receive_room(tty)) {
			n_tty_receive(tty, buf[i++]);
			done++;
			continue;
		}
		tty_wake(tty, POLLIN | POLLRDNORM);
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (wait_once(&tty->wq))
			return done ? (long)done : -ERESTARTSYS;
	}
	tty_wake(tty, POLLIN | POLLRDNORM);
	return done;
}

static unsigned ptm_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = f->priv;
	unsigned mask = 0;

	poll_wait(f, &tty->wq, pt);
	if (tty->ob_len)
		mask |= POLLIN | POLLRDNORM;
	if (tty->slave_opened && !tty->slave_opens)
		mask |= POLLHUP;
	if (n_tty_receive_room(tty))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

/* TIOCGPTPEER: the slave, opened through the caller's /dev/pts/N. */
static long ptm_open_peer(struct task *t, struct tty *tty, u64 flags)
{
	char path[32];
	struct path p;
	struct file *f;
	int fd, err;

	if (flags & ~(O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	snprintf(path, sizeof(path), "/dev/pts/%d", tty->index);
	err = vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = vfs_open_path(t, &p, (flags & ~O_CLOEXEC) | O_NOCTTY, &f);
	path_put(&p);
	if (err)
		return err;
	fd = fd_install(t, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long ptm_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	struct tty *tty = f->priv;
	int val;
	long ret;

	switch (cmd) {
	case TIOCGPTN:
		val = tty->index;
		return copy_to_user(t, UPTR(arg), &val, sizeof(val)) ? -EFAULT : 0;
	case TIOCSPTLCK:
		if (copy_from_user(t, &val, UPTR(arg), sizeof(val)))
			return -EFAULT;
		tty->locked = val != 0;
		return 0;
	case TIOCGPTLCK:
		val = tty->locked;
		return copy_to_user(t, UPTR(arg), &val, sizeof(val)) ? -EFAULT : 0;
	case TIOCGPTPEER:
		return ptm_open_peer(t, tty, arg);
	}
	ret = tty_ioctl_common(t, tty, f, true, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

static void ptm_release(struct file *f)
{
	struct tty *tty = f->priv;

	if (--tty->master_opens)
		return;
	tty_hangup(tty);
	devfs_pts_remove(tty->index, tty->devdir);
	if (tty->devdir)
		dput(tty->devdir);
	tty->devdir = NULL;
	pty_put(tty);
}

static const struct file_ops ptm_fops = {
	.read = ptm_read,
	.write = ptm_write,
	.ioctl = ptm_ioctl,
	.poll = ptm_poll,
	.release = ptm_release,
};

int ptmx_open(struct file *f)
{
	struct cred *c = &current->proc->cred;
	struct tty *tty;
	int index, err;

	for (index = 0; index < PTY_MAX && pty_find(index); index++)
		;
	if (index == PTY_MAX)
		return -ENOSPC;
	tty = kzalloc(sizeof(*tty));
	if (!tty)
		return -ENOMEM;
	tty->driver = &pty_driver;
	tty->index = index;
	n_tty_init_termios(&tty->termios);
	waitqueue_init(&tty->wq);
	tty->locked = true;
	tty->master_opens = 1;
	err = devfs_pts_add(index, c->fsuid, c->fsgid);
	if (err) {
		kfree(tty);
		return err;
	}
	if (f->path.dentry && f->path.dentry->parent != f->path.dentry)
		tty->devdir = dget(f->path.dentry->parent);
	tty->next = tty_list;
	tty_list = tty;
	f->fop = &ptm_fops;
	f->priv = tty;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	return 0;
}

int pts_open(u32 index, struct file *f)
{
	struct tty *tty = pty_find(index);

	if (!tty || !tty->master_opens)
		return -ENXIO;
	if (tty->locked)
		return -EIO;
	return tty_open_file(tty, f, f->flags & O_NOCTTY);
}
