// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File descriptor tables.
 *
 * A process's fds index an array of struct file references, with one
 * close-on-exec flag per slot.  The array grows on demand up to the
 * process's RLIMIT_NOFILE soft limit (FD_MAX_DEFAULT when unset); new fds
 * take the lowest free slot, as POSIX requires.  Threads share the table
 * (refs); fork() copies it with fdtable_dup().
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

#define FD_MAX_HARD	(1 << 20)	/* Linux's nr_open */
#define FD_INITIAL	64

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *ft = kzalloc(sizeof(*ft));

	if (!ft)
		return NULL;
	ft->fd = kzalloc(FD_INITIAL * sizeof(*ft->fd));
	ft->cloexec = kzalloc(FD_INITIAL);
	if (!ft->fd || !ft->cloexec) {
		kfree(ft->fd);
		kfree(ft->cloexec);
		kfree(ft);
		return NULL;
	}
	ft->size = FD_INITIAL;
	ft->refs = 1;
	return ft;
}

struct fdtable *fdtable_get(struct fdtable *ft)
{
	if (ft)
		ft->refs++;
	return ft;
}

void fdtable_put(struct fdtable *ft)
{
	int i;

	if (!ft)
		return;
	BUG_ON(ft->refs <= 0);
	if (--ft->refs)
		return;
	for (i = 0; i < ft->size; i++) {
		if (ft->fd[i])
			locks_remove_posix(ft, ft->fd[i]->inode);
		file_put(ft->fd[i]);
	}
	kfree(ft->fd);
	kfree(ft->cloexec);
	kfree(ft);
}

/* Make room for slot nr. */
static int fdtable_expand(struct fdtable *ft, int nr)
{
	struct file **fd;
	u8 *cloexec;
	int size = ft->size;

	if (nr < size)
		return 0;
	while (size <= nr)
		size *= 2;
	fd = kzalloc(size * sizeof(*fd));
	cloexec = kzalloc(size);
	if (!fd || !cloexec) {
		kfree(fd);
		kfree(cloexec);
		return -ENOMEM;
	}
	memcpy(fd, ft->fd, ft->size * sizeof(*fd));
	memcpy(cloexec, ft->cloexec, ft->size);
	kfree(ft->fd);
	kfree(ft->cloexec);
	ft->fd = fd;
	ft->cloexec = cloexec;
	ft->size = size;
	return 0;
}

struct fdtable *fdtable_dup(struct fdtable *old)
{
	struct fdtable *ft = fdtable_alloc();
	int i;

	if (!ft)
		return NULL;
	if (fdtable_expand(ft, old->size - 1)) {
		fdtable_put(ft);
		return NULL;
	}
	for (i = 0; i < old->size; i++) {
		ft->fd[i] = file_get(old->fd[i]);
		ft->cloexec[i] = old->cloexec[i];
	}
	return ft;
}

int fd_limit(struct task *t)
{
	u64 cur = t->proc->rlim[RLIMIT_NOFILE].rlim_cur;

	if (!cur)
		return FD_MAX_DEFAULT;
	return cur > FD_MAX_HARD ? FD_MAX_HARD : (int)cur;
}

int fd_install(struct task *t, struct file *f, int min, bool cloexec)
{
	struct fdtable *ft = t->proc->files;
	int limit = fd_limit(t);
	int fd;

	if (min < 0)
		return -EINVAL;
	for (fd = min; fd < ft->size && ft->fd[fd]; fd++)
		;
	if (fd >= limit)
		return -EMFILE;
	if (fdtable_expand(ft, fd))
		return -ENOMEM;
	ft->fd[fd] = f;
	ft->cloexec[fd] = cloexec;
	return fd;
}

int fd_install_at(struct task *t, int fd, struct file *f, bool cloexec)
{
	struct fdtable *ft = t->proc->files;
	struct file *old;

	if (fd < 0 || fd >= fd_limit(t))
		return -EBADF;
	if (fdtable_expand(ft, fd))
		return -ENOMEM;
	old = ft->fd[fd];
	ft->fd[fd] = f;
	ft->cloexec[fd] = cloexec;
	if (old)
		locks_remove_posix(ft, old->inode);
	file_put(old);
	return fd;
}

struct file *fd_get(struct task *t, int fd)
{
	struct fdtable *ft = t->proc->files;

	if (!ft || fd < 0 || fd >= ft->size)
		return NULL;
	return file_get(ft->fd[fd]);
}

int fd_close(struct task *t, int fd)
{
	struct fdtable *ft = t->proc->files;
	struct file *f;

	if (fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	f = ft->fd[fd];
	ft->fd[fd] = NULL;
	ft->cloexec[fd] = 0;
	locks_remove_posix(ft, f->inode);	/* POSIX: any close drops them */
	file_put(f);
	return 0;
}

int fd_get_cloexec(struct task *t, int fd)
{
	struct fdtable *ft = t->proc->files;

	if (fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	return ft->cloexec[fd];
}

int fd_set_cloexec(struct task *t, int fd, bool on)
{
	struct fdtable *ft = t->proc->files;

	if (fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	ft->cloexec[fd] = on;
	return 0;
}

void fd_close_on_exec(struct task *t)
{
	struct fdtable *ft = t->proc->files;
	int fd;

	for (fd = 0; fd < ft->size; fd++)
		if (ft->fd[fd] && ft->cloexec[fd])
			fd_close(t, fd);
}
