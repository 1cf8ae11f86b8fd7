// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The console: guest files on umk's own stdin, stdout and stderr.
 *
 * When umk's stdin and stdout are terminals and umk runs in the
 * foreground, the console is a tty of umk's tty layer
 * (tty/console_tty.c): the guest fds among 0-2 whose host fds are
 * terminals are files on that tty, named /dev/console.  The other fds
 * (and all of them otherwise: a pipe, a file, CI without a terminal,
 * `umk run -- make | less`, `umk run` in the background) pass straight
 * through to umk's host fds, as below.
 *
 * The pass-through: reads and writes are host readv/writev on the guest's
 * pages (with the kernel lock dropped while the host blocks; the uio's
 * frames are pinned, and the caller holds a reference on the file), and
 * the terminal ioctls a shell needs are answered from the host terminal.
 * A stdio fd on a terminal is /dev/console (devfs's node, so ttyname()
 * finds it); one on a pipe, a socket or a file is an anonymous file with
 * the host's attributes ("pipe:[N]"), so a pipe looks like a pipe.  The
 * host fds are umk's: no guest close ever closes them.
 *
 * Blocking reads wait for the host fd together with the task's wake
 * eventfd, so a signal interrupts them; poll, select and epoll wait for
 * the host fds the same way (console_poll names them with
 * poll_wait_host).  A write that the host answers EPIPE sends SIGPIPE.
 *
 * A pass-through on a terminal has no job control of its own: TIOCSPGRP
 * names a foreground group that TIOCGPGRP answers while a process is in
 * it (else the caller's own group, so a shell starting believes it is in
 * the foreground); the host terminal's signals are umk's own (^C ends
 * umk, ^Z stops it, as they would any program).
 */
#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"
#include "tty/tty.h"

struct console {
	int rfd, wfd;		/* host fds to read and to write */
	int ttyfd;		/* host fd of the terminal, or -1 */
};

/* Anonymous console inodes remember their host fd (for reopening through
 * /proc/PID/fd/N). */
struct console_inode {
	int fd;
};

static const struct file_ops console_fops;

/* The terminal console's foreground process group (TIOCSPGRP), 0: none. */
static int console_pgrp;

/* console_pgrp while a process is in it, else 0. */
static int console_fg(void)
{
	for (struct process *p = process_next(NULL); console_pgrp && p;
	     p = process_next(p))
		if (p->pgid == console_pgrp && !p->exit_done && !p->exiting)
			return console_pgrp;
	return 0;
}

static bool host_is_tty(int fd)
{
	struct linux_termios tio;

	return fd >= 0 && host_tcgets(fd, &tio) == 0;
}

/*
 * Read from the host fd.  A blocking read first waits for the fd with the
 * task's wake eventfd (kernel_wait_host_fd), so a signal ends the wait:
 * -ERESTARTSYS, as a terminal read on Linux.  Another reader may take the
 * data between the wait and the read; the read then blocks in the host,
 * as it did before.
 */
static long console_read(struct file *f, struct uio *u, s64 *pos)
{
	struct console *c = f->priv;
	long n;
	int ret;

	for (;;) {
		if (f->flags & O_NONBLOCK) {
			if (!(poll_host_fd(c->rfd, POLLIN) & (POLLIN | POLLHUP | POLLERR)))
				return -EAGAIN;
		} else {
			ret = kernel_wait_host_fd(c->rfd, false, -1, SLEEP_INTR);
			if (ret)
				return ret;
		}
		host_kernel_unlock();
		n = host_readv(c->rfd, u->seg, u->nseg);
		host_kernel_lock();
		if (n != -EINTR && n != -EAGAIN)
			return n;
		if (n == -EAGAIN && (f->flags & O_NONBLOCK))
			return n;
	}
}


static long console_write(struct file *f, struct uio *u, s64 *pos)
{
	struct console *c = f->priv;
	struct host_iovec iov[UIO_MAXSEG];
	int first = 0, cnt = u->nseg;
	size_t done = 0;
	long n;

	memcpy(iov, u->seg, cnt * sizeof(iov[0]));
	while (first < cnt) {
		host_kernel_unlock();
		n = host_writev(c->wfd, iov + first, cnt - first);
		if (n == -EAGAIN && !(f->flags & O_NONBLOCK))
			host_fd_poll(c->wfd, true, -1);
		host_kernel_lock();
		if (n == -EINTR || (n == -EAGAIN && !(f->flags & O_NONBLOCK)))
			continue;
		if (n == -EPIPE)
			sigpipe_current();
		if (n < 0)
			return done ? (long)done : n;
		if (n == 0)
			break;
		done += n;
		while (first < cnt && (size_t)n >= iov[first].len)
			n -= iov[first++].len;
		if (first < cnt) {
			iov[first].base = (char *)iov[first].base + n;
			iov[first].len -= n;
		}
	}
	return done;
}

/* What the host fds are ready for: rfd for reading, wfd for writing. */
static unsigned console_poll(struct file *f, struct poll_table *pt)
{
	struct console *c = f->priv;
	unsigned mask = 0;

	if (c->rfd == c->wfd && (f->fmode & FMODE_READ) && (f->fmode & FMODE_WRITE)) {
		poll_wait_host(f, c->rfd, POLLIN | POLLOUT, pt);
		return poll_host_fd(c->rfd, POLLIN | POLLOUT);
	}
	if (f->fmode & FMODE_READ) {
		poll_wait_host(f, c->rfd, POLLIN, pt);
		mask |= poll_host_fd(c->rfd, POLLIN);
	}
	if (f->fmode & FMODE_WRITE) {
		poll_wait_host(f, c->wfd, POLLOUT, pt);
		mask |= poll_host_fd(c->wfd, POLLOUT);
	}
	return mask;
}

static s64 console_llseek(struct file *f, s64 off, int whence)
{
	struct console *c = f->priv;
	s64 pos = host_lseek(c->rfd, off, whence);

	if (pos >= 0)
		f->pos = pos;
	return pos;
}

static long console_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	struct console *c = f->priv;
	struct linux_termios tio;
	struct linux_winsize ws;
	int val, err;

	if (cmd == FIONREAD) {
		err = host_fionread(c->rfd, &val);
		if (err)
			return err;
		return copy_to_user(t, UPTR(arg), &val, sizeof(val));
	}
	if (c->ttyfd < 0)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		err = host_tcgets(c->ttyfd, &tio);
		if (err)
			return err;
		return copy_to_user(t, UPTR(arg), &tio, sizeof(tio));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(t, &tio, UPTR(arg), sizeof(tio)))
			return -EFAULT;
		host_kernel_unlock();
		err = host_tcsets(c->ttyfd, cmd, &tio);
		host_kernel_lock();
		return err;
	case TIOCGWINSZ:
		err = host_tiocgwinsz(c->ttyfd, &ws);
		if (err)
			return err;
		return copy_to_user(t, UPTR(arg), &ws, sizeof(ws));
	case TIOCSWINSZ:
		pr_once(LOG_INFO, "console: TIOCSWINSZ ignored");
		return 0;
	case TIOCGPGRP:
		val = console_fg() ? console_pgrp : t->proc->pgid;
		return copy_to_user(t, UPTR(arg), &val, sizeof(val));
	case TIOCSPGRP:
		if (copy_from_user(t, &val, UPTR(arg), sizeof(val)))
			return -EFAULT;
		if (val < 0)
			return -EINVAL;
		console_pgrp = val;
		return 0;
	case TIOCGSID:
		val = t->proc->sid;
		return copy_to_user(t, UPTR(arg), &val, sizeof(val));
	case TIOCSCTTY:
	case TIOCNOTTY:
		return 0;
	}
	return -ENOTTY;
}

static int console_getattr(struct file *f, struct linux_stat *st)
{
	struct console *c = f->priv;
	int err;

	if (f->path.mnt && f->path.mnt->parent) {
		/* a node in the tree (/dev/console): its own attributes */
		vfs_fill_stat(f->inode, st);
		return 0;
	}
	err = host_fstat(c->rfd, st);
	if (err)
		return err;
	st->st_uid = host_uid_to_guest(st->st_uid);
	st->st_gid = host_gid_to_guest(st->st_gid);
	st->st_dev = f->inode->sb->dev;
	return 0;
}

static void console_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops console_fops = {
	.read = console_read,
	.write = console_write,
	.llseek = console_llseek,
	.ioctl = console_ioctl,
	.getattr = console_getattr,
	.poll = console_poll,
	.release = console_release,
};

/* Attach a struct console for host fds rfd/wfd to f. */
static int console_attach(struct file *f, int rfd, int wfd)
{
	struct console *c = kzalloc(sizeof(*c));
	struct linux_stat st;

	if (!c)
		return -ENOMEM;
	c->rfd = rfd;
	c->wfd = wfd;
	c->ttyfd = host_is_tty(rfd) ? rfd : host_is_tty(wfd) ? wfd : -1;
	f->priv = c;
	f->fop = &console_fops;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	/* A file behind stdin can be seeked (bash's read builtin likes it). */
	if (c->ttyfd < 0 && !host_fstat(rfd, &st) && S_ISREG(st.st_mode))
		f->fmode |= FMODE_LSEEK;
	return 0;
}

int console_chrdev_open(struct file *f, bool tty)
{
	const int *fd;
	int rfd, wfd;
	int i;

	if (!boot_params)
		return -ENXIO;
	if (console_tty)	/* /dev/tty: only a controlling terminal */
		return tty ? -ENXIO : console_tty_open(f);
	fd = boot_params->console_fd;
	rfd = fd[0];
	wfd = fd[1];
	for (i = 0; i < 3; i++) {
		if (host_is_tty(fd[i])) {
			rfd = host_is_tty(fd[0]) ? fd[0] : fd[i];
			wfd = host_is_tty(fd[1]) ? fd[1] : fd[i];
			return console_attach(f, rfd, wfd);
		}
	}
	if (tty)
		return -ENXIO;
	return console_attach(f, rfd, wfd);
}

/* ---- anonymous console files ---- */

static int console_inode_open(struct inode *ino, struct file *f)
{
	struct console_inode *ci = ino->priv;

	return console_attach(f, ci->fd, ci->fd);
}

static void console_inode_evict(struct inode *ino)
{
	kfree(ino->priv);
}

static const struct inode_ops console_iops = {
	.open = console_inode_open,
	.evict = console_inode_evict,
};

static int console_open_anon(int host_fd, unsigned flags, struct file **out)
{
	struct console_inode *ci;
	struct linux_stat st;
	struct inode *ino;
	struct file *f;
	char name[48];
	u32 type;
	int err;

	err = host_fstat(host_fd, &st);
	if (err)
		return err;
	type = st.st_mode & S_IFMT;
	if (type == S_IFIFO)
		snprintf(name, sizeof(name), "pipe:[%llu]",
			 (unsigned long long)st.st_ino);
	else if (type == S_IFSOCK)
		snprintf(name, sizeof(name), "socket:[%llu]",
			 (unsigned long long)st.st_ino);
	else
		snprintf(name, sizeof(name), "anon_inode:[console]");
	ci = kzalloc(sizeof(*ci));
	if (!ci)
		return -ENOMEM;
	ci->fd = host_fd;
	ino = anon_inode_alloc(type | 0666);
	if (!ino) {
		kfree(ci);
		return -ENOMEM;
	}
	ino->priv = ci;
	ino->iop = &console_iops;
	ino->fop = &console_fops;
	ino->rdev = st.st_rdev;
	err = anon_file_open(ino, name, &console_fops, flags, &f);
	if (err)
		return err;
	err = console_attach(f, host_fd, host_fd);
	if (err) {
		f->fop = NULL;
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

int console_open(struct task *t, int host_fd, unsigned flags, struct file **out)
{
	struct path p;
	struct file *f;
	int err;

	if (!host_is_tty(host_fd) ||
	    vfs_lookup(t, AT_FDCWD, "/dev/console", LOOKUP_FOLLOW, &p))
		return console_open_anon(host_fd, flags, out);
	if (!S_ISCHR(p.dentry->inode->mode)) {
		path_put(&p);
		return console_open_anon(host_fd, flags, out);
	}
	f = file_alloc();
	if (!f) {
		path_put(&p);
		return -ENOMEM;
	}
	f->flags = flags;
	f->fmode = FMODE_READ | FMODE_WRITE;
	f->path = p;
	f->inode = inode_get(p.dentry->inode);
	if (console_tty)
		err = console_tty_open(f);
	else
		err = console_attach(f, host_fd, host_fd);
	if (err) {
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

/* The console is a tty when stdin and stdout are terminals umk may take
 * (raw).  (Not with stdout on a pipe: in `umk run -- make | less` the
 * keys are less's, umk must not read them.) */
static void console_tty_start(struct task *t)
{
	const int *fd = boot_params->console_fd;

	if (!host_is_tty(fd[0]) || !host_is_tty(fd[1]))
		return;
	if (console_tty_setup(fd[0], fd[1]))
		return;
	if (!boot_params->boot) {
		/* umk run: the command's terminal, as a shell's command has */
		console_tty->session = t->proc->sid;
		console_tty->pgrp = t->proc->pgid;
	}
}

int console_install_stdio(struct task *t)
{
	struct file *f;
	int i, err;

	console_tty_start(t);
	for (i = 0; i < 3; i++) {
		if (boot_params->console_fd[i] < 0)
			continue;
		err = console_open(t, boot_params->console_fd[i], O_RDWR, &f);
		if (err)
			return err;
		err = fd_install_at(t, i, f, false);
		if (err < 0) {
			file_put(f);
			return err;
		}
	}
	return 0;
}
