// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inotify(7): inotify_init, inotify_init1, inotify_add_watch,
 * inotify_rm_watch, and the inotify fd they make.
 *
 * An instance (the anonymous file "anon_inode:inotify") has a queue of
 * events and a list of watches.  A watch (vfs/fsnotify.h) is on one inode,
 * with a watch descriptor (1, 2, ... as Linux hands them out: cyclically,
 * never the last one again at once) and the events it wants; the VFS's
 * hooks (vfs/fsnotify.c) queue events on it.  read(2) takes whole events
 * (struct inotify_event, then the name NUL-padded to a multiple of 16
 * bytes; -EINVAL when the next one does not fit), waiting for one unless
 * O_NONBLOCK (-EAGAIN); poll, select and epoll see POLLIN while the queue
 * is not empty; FIONREAD gives the bytes queued.
 *
 * Lifetimes: a watch holds a reference on the dentry it was added
 * through (so on its inode); it goes with inotify_rm_watch, IN_ONESHOT,
 * its inode's end, or the instance's: the last close of the inotify file
 * frees its watches and its queue.  The instance's file is shared by
 * dup and fork like any other; close-on-exec is IN_CLOEXEC.
 *
 * As Linux: an event identical to the last one queued is dropped
 * (coalescing); past max_queued_events one IN_Q_OVERFLOW (wd -1) ends the
 * queue and later events are lost; a watch that goes (inotify_rm_watch,
 * IN_ONESHOT after its event, its inode's last name gone) queues
 * IN_IGNORED.  Each user (effective uid) may have max_user_instances
 * instances (-EMFILE) and max_user_watches watches (-ENOSPC); the three
 * limits show, read-only, in /proc/sys/fs/inotify.
 *
 * Only what happens through umk's VFS makes events: a change the host
 * makes to a hostfs tree behind umk's back is not seen.  A directory's
 * IN_DELETE_SELF comes when it is removed (Linux waits until its last
 * user, a working directory say, lets go).  IN_UNMOUNT never comes (umk
 * has no umount).  hostfs gives two hard links of a host file two inodes,
 * so a watch through one name does not hear of changes through the other.
 */
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "abi/inotify.h"
#include "abi/misc.h"
#include "abi/poll.h"
#include "fs/anon_fd.h"
#include "vfs/fsnotify.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define INOTIFY_IOC_SETNEXTWD	0x40044900	/* _IOW('I', 0, __s32) */
#define WD_MAX			0x7fffffff

unsigned long fsnotify_nwatches;

unsigned inotify_max_queued_events = 16384;
unsigned inotify_max_user_instances = 128;
unsigned inotify_max_user_watches;	/* set from --mem at first use */

/* One event in a queue; name is len bytes, NUL-padded (len 0: none). */
struct inotify_kevent {
	struct inotify_kevent *next;
	s32 wd;
	u32 mask, cookie, len;
	char name[];
};

/* What one user has: instances and watches, against the limits. */
struct inotify_user {
	struct inotify_user *next;
	u32 uid;
	unsigned instances, watches;
};

struct inotify {
	struct waitqueue wq;
	struct inotify_kevent *head, *tail;
	unsigned nevents;
	u32 bytes;			/* FIONREAD */
	struct inotify_watch *watches;
	int last_wd;
	struct inotify_user *user;
};

static struct inotify_user *users;
static const struct file_ops inotify_fops;

/* Linux's default: 1% of memory at ~1 KiB a watch, within [8192, 1048576]. */
static unsigned max_user_watches(void)
{
	u64 n;

	if (!inotify_max_user_watches) {
		n = phys_total_frames() * PAGE_SIZE / 100 / 1024;
		inotify_max_user_watches = MAX(8192, MIN(n, 1048576));
	}
	return inotify_max_user_watches;
}

unsigned inotify_limit_user_watches(void)
{
	return max_user_watches();
}

static struct inotify_user *user_get(u32 uid)
{
	struct inotify_user *u;

	for (u = users; u; u = u->next)
		if (u->uid == uid)
			return u;
	u = kzalloc(sizeof(*u));
	if (!u)
		return NULL;
	u->uid = uid;
	u->next = users;
	users = u;
	return u;
}

/* ---- the queue ---- */

static bool same_event(const struct inotify_kevent *e, s32 wd, u32 mask,
		       u32 cookie, const char *name)
{
	if (e->wd != wd || e->mask != mask || e->cookie != cookie)
		return false;
	if (!name)
		return !e->len;
	return e->len && !strcmp(e->name, name);
}

static void queue_event(struct inotify *in, s32 wd, u32 mask, u32 cookie,
			const char *name)
{
	struct inotify_kevent *e;
	size_t nlen = name ? strlen(name) : 0;
	u32 len = 0;

	if (nlen)
		len = ALIGN_UP(nlen + 1, sizeof(struct linux_inotify_event));

	if (in->nevents >= inotify_max_queued_events) {
		if (in->tail && in->tail->mask == IN_Q_OVERFLOW)
			return;
		wd = -1;
		mask = IN_Q_OVERFLOW;
		cookie = 0;
		name = NULL;
		len = 0;
	} else if (in->tail && same_event(in->tail, wd, mask, cookie, name)) {
		return;
	}
	e = kzalloc(sizeof(*e) + len);
	if (!e)
		return;		/* lost, as when the queue overflows */
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->len = len;
	if (len)
		memcpy(e->name, name, nlen);
	if (in->tail)
		in->tail->next = e;
	else
		in->head = e;
	in->tail = e;
	in->nevents++;
	in->bytes += sizeof(struct linux_inotify_event) + len;
	wake_up_poll(&in->wq, POLLIN | POLLRDNORM);
}

static void dequeue_event(struct inotify *in)
{
	struct inotify_kevent *e = in->head;

	in->head = e->next;
	if (!in->head)
		in->tail = NULL;
	in->nevents--;
	in->bytes -= sizeof(struct linux_inotify_event) + e->len;
	kfree(e);
}

/* ---- watches ---- */

void inotify_watch_event(struct inotify_watch *w, u32 mask, const char *name,
			 u32 cookie)
{
	queue_event(w->in, w->wd, mask, cookie, name);
	if (w->mask & IN_ONESHOT)
		inotify_watch_remove(w);
}

/* Take w off its inode's and its instance's lists and free it. */
static void watch_free(struct inotify_watch *w)
{
	struct inotify_watch **pp;

	for (pp = &w->inode->watches; *pp; pp = &(*pp)->inode_next)
		if (*pp == w) {
			*pp = w->inode_next;
			break;
		}
	for (pp = &w->in->watches; *pp; pp = &(*pp)->in_next)
		if (*pp == w) {
			*pp = w->in_next;
			break;
		}
	fsnotify_nwatches--;
	w->in->user->watches--;
	dput(w->dentry);
	kfree(w);
}

void inotify_watch_remove(struct inotify_watch *w)
{
	queue_event(w->in, w->wd, IN_IGNORED, 0, NULL);
	watch_free(w);
}

static struct inotify_watch *watch_by_wd(struct inotify *in, int wd)
{
	struct inotify_watch *w;

	for (w = in->watches; w; w = w->in_next)
		if (w->wd == wd)
			return w;
	return NULL;
}

/* The next free watch descriptor after the last one handed out. */
static int next_wd(struct inotify *in)
{
	int wd = in->last_wd;

	do
		wd = wd >= WD_MAX ? 1 : wd + 1;
	while (watch_by_wd(in, wd));
	in->last_wd = wd;
	return wd;
}

/* inotify_add_watch on a resolved path: the wd, or -errno. */
static int watch_add(struct inotify *in, const struct path *p, u32 mask)
{
	struct inode *ino = p->dentry->inode;
	struct inotify_watch *w;
	u32 want = mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);

	for (w = ino->watches; w; w = w->inode_next)
		if (w->in == in)
			break;
	if (w) {
		if (mask & IN_MASK_CREATE)
			return -EEXIST;
		if (mask & IN_MASK_ADD)
			want |= w->mask;
		w->mask = want;
		return w->wd;
	}
	if (in->user->watches >= max_user_watches())
		return -ENOSPC;
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->in = in;
	w->inode = ino;
	w->dentry = dget(p->dentry);
	w->mask = want;
	w->wd = next_wd(in);
	w->inode_next = ino->watches;
	ino->watches = w;
	w->in_next = in->watches;
	in->watches = w;
	in->user->watches++;
	fsnotify_nwatches++;
	return w->wd;
}

/* ---- the file ---- */

static long inotify_read(struct file *f, struct uio *u, s64 *pos)
{
	struct inotify *in = f->priv;
	struct linux_inotify_event hdr;
	struct inotify_kevent *e;
	size_t done = 0, size;
	int ret;

	while (!in->head) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_once(&in->wq);
		if (ret)
			return ret;
	}
	while ((e = in->head)) {
		size = sizeof(hdr) + e->len;
		if (size > u->len - done)
			return done ? (long)done : -EINVAL;
		hdr.wd = e->wd;
		hdr.mask = e->mask;
		hdr.cookie = e->cookie;
		hdr.len = e->len;
		if (uio_copy_out(u, done, &hdr, sizeof(hdr)) != sizeof(hdr) ||
		    uio_copy_out(u, done + sizeof(hdr), e->name, e->len) !=
			    e->len)
			return done ? (long)done : -EFAULT;
		dequeue_event(in);
		done += size;
	}
	return done;
}

static unsigned inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify *in = f->priv;

	poll_wait(f, &in->wq, pt);
	return in->head ? POLLIN | POLLRDNORM : 0;
}

static long inotify_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	struct inotify *in = f->priv;
	int val;

	switch (cmd) {
	case FIONREAD:
		val = in->bytes;
		if (copy_to_user(t, UPTR(arg), &val, sizeof(val)))
			return -EFAULT;
		return 0;
	case INOTIFY_IOC_SETNEXTWD:
		if (arg < 1 || arg > WD_MAX)
			return -EINVAL;
		in->last_wd = arg - 1;
		return 0;
	}
	return -ENOTTY;
}

static void inotify_release(struct file *f)
{
	struct inotify *in = f->priv;

	if (!in)
		return;
	while (in->watches)
		watch_free(in->watches);
	while (in->head)
		dequeue_event(in);
	in->user->instances--;
	kfree(in);
}

static const struct file_ops inotify_fops = {
	.read = inotify_read,
	.poll = inotify_poll,
	.ioctl = inotify_ioctl,
	.release = inotify_release,
};

/* The instance behind fd, with a reference on its file; -EBADF, or
 * -EINVAL when fd is no inotify fd. */
static int inotify_fd_get(struct task *t, int fd, struct file **out)
{
	struct file *f = fd_get(t, fd);
	int err;

	if (!f)
		return -EBADF;
	if (f->fop != &inotify_fops) {
		err = (f->fmode & FMODE_PATH) ? -EBADF : -EINVAL;
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}


/* ---- the syscalls ---- */

long sys_inotify_init1(struct task *t, const struct sysargs *a)
{
	unsigned flags = (unsigned)a->a[0];
	struct inotify_user *u;
	struct inotify *in;
	int fd;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	u = user_get(t->proc->cred.euid);
	if (!u)
		return -ENOMEM;
	if (u->instances >= inotify_max_user_instances)
		return -EMFILE;
	in = kzalloc(sizeof(*in));
	if (!in)
		return -ENOMEM;
	waitqueue_init(&in->wq);
	in->user = u;
	u->instances++;
	/* read-only: write(2) is -EBADF, as Linux's; IN_NONBLOCK and
	 * IN_CLOEXEC are O_NONBLOCK and O_CLOEXEC */
	fd = anon_fd_install_mode(t, "anon_inode:inotify", &inotify_fops, in, O_RDONLY,
				  flags);
	if (fd < 0) {
		u->instances--;
		kfree(in);
	}
	return fd;
}

long sys_inotify_init(struct task *t, const struct sysargs *a)
{
	struct sysargs b = *a;

	b.a[0] = 0;
	return sys_inotify_init1(t, &b);
}

/* A mask with none of these is -EINVAL (Linux's ALL_INOTIFY_BITS). */
#define ALL_INOTIFY_BITS						\
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED |	\
	 IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE |	\
	 IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

long sys_inotify_add_watch(struct task *t, const struct sysargs *a)
{
	int fd = a->a[0];
	u32 mask = (u32)a->a[2];
	unsigned lookup = 0;
	struct file *f;
	struct path p;
	char *path;
	long ret;

	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if (!(mask & ALL_INOTIFY_BITS))
		return -EINVAL;
	ret = inotify_fd_get(t, fd, &f);
	if (ret)
		return ret;
	ret = getname(t, UPTR(a->a[1]), &path);
	if (ret < 0)
		goto out_file;
	if (!(mask & IN_DONT_FOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (mask & IN_ONLYDIR)
		lookup |= LOOKUP_DIRECTORY;
	ret = vfs_lookup(t, AT_FDCWD, path, lookup, &p);
	kfree(path);
	if (ret)
		goto out_file;
	ret = inode_permission(t, p.dentry->inode, MAY_READ);
	if (!ret)
		ret = watch_add(f->priv, &p, mask);
	path_put(&p);
out_file:
	file_put(f);
	return ret;
}

long sys_inotify_rm_watch(struct task *t, const struct sysargs *a)
{
	int fd = a->a[0], wd = a->a[1];
	struct inotify_watch *w;
	struct file *f;
	int ret;

	ret = inotify_fd_get(t, fd, &f);
	if (ret)
		return ret;
	w = watch_by_wd(f->priv, wd);
	if (w)
		inotify_watch_remove(w);
	else
		ret = -EINVAL;
	file_put(f);
	return ret;
}
