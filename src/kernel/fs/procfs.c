// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs, the file system: /proc made from umk's own state.
 *
 * Nothing is stored: inodes are made on lookup from the tables of
 * procfs_sys.c and procfs_pid.c and from the process list, and each one
 * remembers its table entry, its process (pid) and, under fd/, its fd.
 * ->revalidate drops the cached names of processes that are gone and of
 * fds that were closed.  Regular files are generated when opened and read
 * from that snapshot.  Links under /proc/PID (exe, cwd, root, fd/N) are
 * magic: readlink gives the name, and the walk goes straight to the place
 * itself (so /dev/stdin reopens the very pipe of fd 0); following them
 * needs the right to inspect the process (root, or the same effective
 * uid), as Linux's ptrace check; so does opening maps, smaps, environ
 * and fdinfo/N.
 *
 * /proc/PID/task/TID holds the same kind of files for one thread (its
 * own state, registers' signal mask, CPU time); /proc/PID/fdinfo/N tells
 * an open file's position and flags.
 *
 * Inode numbers: 1 for the root, the entry's address for the fixed files,
 * (pid << 32 | entry) under /proc/PID, (pid << 32 | 1 << 31 | fd) for fd
 * links, (pid << 32 | 1 << 29 | fd) for fdinfo files and
 * (tid << 32 | 1 << 30 | entry) under /proc/PID/task/TID.
 *
 * The same code serves sysfs (fs/sysfs.c): a tree of entry tables with no
 * processes in it (proc_tree_new).
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "fs/procfs.h"

#define POS_PID_BASE	0x10000		/* readdir of /proc: pos = base + pid */
#define FD_INO_BIT	0x80000000ULL
#define TID_INO_BIT	0x40000000ULL
#define FDINFO_INO_BIT	0x20000000ULL

struct proc_inode {
	const struct proc_entry *ent;
	int pid;			/* 0 outside /proc/PID */
	int tid;			/* under /proc/PID/task/TID, else 0 */
	int fd;				/* PROC_FD_LINK, PROC_FDINFO_FILE */
};

/* A generated file's text. */
struct proc_buf {
	char *buf;
	size_t len;
};

static const struct proc_entry root_ent = {
	"/", S_IFDIR | 0555, PROC_ROOT, .sub = proc_root_entries,
};
static const struct proc_entry pid_dir_ent = {
	"", S_IFDIR | 0555, PROC_PID_DIR, .sub = proc_pid_entries,
};
static const struct proc_entry fd_link_ent = {
	"", S_IFLNK | 0700, PROC_FD_LINK,
};
static const struct proc_entry fdinfo_file_ent = {
	"", S_IFREG | 0444, PROC_FDINFO_FILE,
};
static const struct proc_entry tid_dir_ent = {
	"", S_IFDIR | 0555, PROC_TID_DIR, .sub = proc_tid_entries,
};

static const struct inode_ops proc_dir_iops, proc_file_iops, proc_link_iops,
	proc_magic_iops;
static const struct file_ops proc_dir_fops, proc_file_fops;

int proc_parse_num(const char *s)
{
	long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 0x3fffffff)
			return -1;
	}
	return (int)v;
}

void proc_put_escaped(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			sbuf_printf(sb, "\\%03o", (unsigned char)*s);
		else
			sbuf_putc(sb, *s);
	}
}

static struct proc_inode *PI(struct inode *ino)
{
	return ino->priv;
}

static struct process *proc_process(struct inode *ino)
{
	int pid = PI(ino)->pid;

	return pid ? process_find(pid) : NULL;
}

/* The thread tid of p, or NULL. */
static struct task *proc_thread(struct process *p, int tid)
{
	struct task *t = tid && p ? task_find(tid) : NULL;

	return t && t->proc == p ? t : NULL;
}

/* The open file at fd of p, without a new reference, or NULL. */
static struct file *proc_fd_file(struct process *p, int fd)
{
	struct fdtable *ft = p ? p->files : NULL;

	if (!ft || fd < 0 || fd >= ft->size)
		return NULL;
	return ft->fd[fd];
}

static struct inode *proc_make_inode(struct super_block *sb,
				     const struct proc_entry *ent, int pid,
				     int tid, int fd, u64 index)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi));
	struct process *p = pid ? process_find(pid) : NULL;
	struct inode *ino;

	if (!pi)
		return NULL;
	ino = inode_alloc(sb, ent->mode);
	if (!ino) {
		kfree(pi);
		return NULL;
	}
	pi->ent = ent;
	pi->pid = pid;
	pi->tid = tid;
	pi->fd = fd;
	ino->priv = pi;
	if (ent == sb->priv)
		ino->ino = 1;
	else if (!pid)
		ino->ino = (uintptr_t)ent & 0x7fffffff;
	else if (ent->kind == PROC_FD_LINK)
		ino->ino = ((u64)pid << 32) | FD_INO_BIT | (u32)fd;
	else if (ent->kind == PROC_FDINFO_FILE)
		ino->ino = ((u64)pid << 32) | FDINFO_INO_BIT | (u32)fd;
	else if (tid)
		ino->ino = ((u64)tid << 32) | TID_INO_BIT | index;
	else
		ino->ino = ((u64)pid << 32) | index;
	if (p) {
		ino->uid = p->cred.euid;
		ino->gid = p->cred.egid;
	}
	if (ent->kind == PROC_FD_LINK) {
		/* lr-x------ for a read-only fd, l-wx------ write-only, ... */
		struct file *f = proc_fd_file(p, fd);
		unsigned fm = f ? f->fmode : 0;

		ino->mode = S_IFLNK | 0100 | (fm & FMODE_READ ? 0400 : 0) |
			    (fm & FMODE_WRITE ? 0200 : 0);
	}
	switch (ent->kind) {
	case PROC_FILE:
	case PROC_FDINFO_FILE:
		ino->iop = &proc_file_iops;
		ino->fop = &proc_file_fops;
		break;
	case PROC_LINK:
	case PROC_FD_LINK:
		ino->iop = (ent->get || ent->kind == PROC_FD_LINK) ?
			   &proc_magic_iops : &proc_link_iops;
		ino->size = ent->kind == PROC_FD_LINK ? 64 : 0;	/* as Linux */
		break;
	default:
		ino->iop = &proc_dir_iops;
		ino->fop = &proc_dir_fops;
		ino->nlink = 2;
		break;
	}
	return ino;
}

static int proc_revalidate(struct inode *ino)
{
	struct proc_inode *pi = PI(ino);
	struct process *p;

	if (!pi->pid)
		return 0;
	p = process_find(pi->pid);
	if (!p)
		return -ENOENT;
	if ((pi->ent->kind == PROC_FD_LINK ||
	     pi->ent->kind == PROC_FDINFO_FILE) && !proc_fd_file(p, pi->fd))
		return -ENOENT;
	if (pi->tid && !proc_thread(p, pi->tid))
		return -ENOENT;
	ino->uid = p->cred.euid;
	ino->gid = p->cred.egid;
	return 0;
}

static void proc_evict(struct inode *ino)
{
	kfree(ino->priv);
}

/* ---- directories ---- */

static int proc_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct proc_inode *pi = PI(dir);
	const struct proc_entry *e;
	struct process *p = proc_process(dir);
	int num;

	if (pi->pid && !p)
		return -ENOENT;
	if (pi->tid && !proc_thread(p, pi->tid))
		return -ENOENT;
	if (pi->ent->kind == PROC_FD_DIR || pi->ent->kind == PROC_FDINFO_DIR) {
		num = proc_parse_num(name);
		if (num < 0 || !proc_fd_file(p, num))
			return -ENOENT;
		e = pi->ent->kind == PROC_FD_DIR ? &fd_link_ent : &fdinfo_file_ent;
		*out = proc_make_inode(dir->sb, e, pi->pid, pi->tid, num, 0);
		return *out ? 0 : -ENOMEM;
	}
	if (pi->ent->kind == PROC_TASK_DIR) {
		num = proc_parse_num(name);
		if (num <= 0 || !proc_thread(p, num))
			return -ENOENT;
		*out = proc_make_inode(dir->sb, &tid_dir_ent, pi->pid, num, 0, 0);
		return *out ? 0 : -ENOMEM;
	}
	for (e = pi->ent->sub; e && e->name; e++) {
		if (!strcmp(e->name, name)) {
			*out = proc_make_inode(dir->sb, e, pi->pid, pi->tid, 0,
					       e - pi->ent->sub + 1);
			return *out ? 0 : -ENOMEM;
		}
	}
	if (pi->ent->kind == PROC_ROOT) {
		struct task *th;

		num = proc_parse_num(name);
		if (num > 0 && process_find(num)) {
			*out = proc_make_inode(dir->sb, &pid_dir_ent, num, 0,
					       0, 0);
			return *out ? 0 : -ENOMEM;
		}
		/* /proc/TID of a thread: not listed, but there (as Linux),
		 * its files the thread's own */
		th = num > 0 ? task_find(num) : NULL;
		if (th) {
			*out = proc_make_inode(dir->sb, &pid_dir_ent,
					       th->proc->pid, num, 0, 0);
			return *out ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

/* /proc/PID/task: the threads in tid order, from ctx->pos (2 + tid). */
static int proc_readdir_threads(struct process *p, struct dir_ctx *ctx)
{
	struct task *t, *next;
	char name[16];

	for (;;) {
		next = NULL;
		for (t = p->threads; t; t = t->next_thread)
			if (t->tid >= ctx->pos - 2 &&
			    (!next || t->tid < next->tid))
				next = t;
		if (!next)
			return 0;
		snprintf(name, sizeof(name), "%d", next->tid);
		if (!dir_emit(ctx, name, strlen(name),
			      ((u64)next->tid << 32) | TID_INO_BIT, DT_DIR,
			      next->tid + 3))
			return 0;
	}
}

static int proc_readdir(struct file *f, struct dir_ctx *ctx)
{
	struct inode *dir = f->inode;
	struct proc_inode *pi = PI(dir);
	struct process *p = proc_process(dir);
	const struct proc_entry *e;
	char name[16];
	s64 i, n = 0;
	u64 ino;

	if (pi->pid && !p)
		return -ENOENT;
	if (ctx->pos == 0 && !dir_emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (ctx->pos == 1 && !dir_emit(ctx, "..", 2, 1, DT_DIR, 2))
		return 0;

	if (pi->ent->kind == PROC_FD_DIR || pi->ent->kind == PROC_FDINFO_DIR) {
		bool links = pi->ent->kind == PROC_FD_DIR;

		for (i = ctx->pos - 2; p->files && i < p->files->size; i++) {
			if (!p->files->fd[i])
				continue;
			snprintf(name, sizeof(name), "%d", (int)i);
			ino = ((u64)pi->pid << 32) | (u32)i |
			      (links ? FD_INO_BIT : FDINFO_INO_BIT);
			if (!dir_emit(ctx, name, strlen(name), ino,
				      links ? DT_LNK : DT_REG, i + 3))
				return 0;
		}
		return 0;
	}
	if (pi->ent->kind == PROC_TASK_DIR)
		return proc_readdir_threads(p, ctx);

	for (e = pi->ent->sub; e && e->name; e++, n++) {
		if (ctx->pos > n + 2)
			continue;
		if (pi->tid)
			ino = ((u64)pi->tid << 32) | TID_INO_BIT | (n + 1);
		else if (pi->pid)
			ino = ((u64)pi->pid << 32) | (n + 1);
		else
			ino = (uintptr_t)e & 0x7fffffff;
		if (!dir_emit(ctx, e->name, strlen(e->name), ino,
			      vfs_dtype(e->mode), n + 3))
			return 0;
	}

	if (pi->ent->kind != PROC_ROOT)
		return 0;
	if (ctx->pos < POS_PID_BASE)
		ctx->pos = POS_PID_BASE;
	for (p = process_next(NULL); p; p = process_next(p)) {
		if (p->pid < ctx->pos - POS_PID_BASE)
			continue;
		snprintf(name, sizeof(name), "%d", p->pid);
		if (!dir_emit(ctx, name, strlen(name), (u64)p->pid << 32,
			      DT_DIR, POS_PID_BASE + p->pid + 1))
			return 0;
	}
	return 0;
}

static s64 proc_dir_llseek(struct file *f, s64 off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_llseek(f, off, whence, 0);
}

static const struct inode_ops proc_dir_iops = {
	.lookup = proc_lookup,
	.revalidate = proc_revalidate,
	.evict = proc_evict,
};

static const struct file_ops proc_dir_fops = {
	.readdir = proc_readdir,
	.llseek = proc_dir_llseek,
};

/* ---- generated files ---- */

static int proc_open(struct inode *ino, struct file *f)
{
	struct proc_inode *pi = PI(ino);
	struct process *p = proc_process(ino);
	struct proc_buf *pb;
	struct task *thread;
	struct sbuf sb;
	int err;

	if (pi->pid && !p)
		return -ENOENT;
	if ((f->fmode & FMODE_WRITE) && !pi->ent->write)
		return -EACCES;
	thread = proc_thread(p, pi->tid);
	if (pi->tid && !thread)
		return -ENOENT;
	if ((pi->ent->inspect || pi->ent->kind == PROC_FDINFO_FILE) && current &&
	    current->proc->cred.fsuid && current->proc->cred.fsuid != p->cred.euid)
		return -EACCES;
	pb = kzalloc(sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	sbuf_init(&sb);
	if (pi->ent->kind == PROC_FDINFO_FILE) {
		struct file *of = proc_fd_file(p, pi->fd);

		err = of ? proc_show_fdinfo(&sb, of, p->files->cloexec[pi->fd]) :
			   -ENOENT;
	} else if (pi->ent->show_entry) {
		err = pi->ent->show_entry(&sb, pi->ent);
	} else if (pi->ent->show_thread) {
		err = pi->ent->show_thread(&sb, p, thread, current);
	} else {
		err = pi->ent->show(&sb, p, current);
	}
	if (!err && sb.overflow)
		err = -ENOMEM;
	if (err) {
		sbuf_free(&sb);
		kfree(pb);
		return err;
	}
	pb->buf = sb.buf;
	pb->len = sb.len;
	f->priv = pb;
	return 0;
}

static long proc_read(struct file *f, struct uio *u, s64 *pos)
{
	struct proc_buf *pb = f->priv;
	size_t n;

	if (*pos >= (s64)pb->len)
		return 0;
	n = uio_copy_out(u, 0, pb->buf + *pos, MIN(pb->len - *pos, u->len));
	*pos += n;
	return n;
}

#define PROC_WRITE_MAX	64

static long proc_write(struct file *f, struct uio *u, s64 *pos)
{
	struct proc_inode *pi = PI(f->inode);
	struct process *p = proc_process(f->inode);
	char buf[PROC_WRITE_MAX];
	size_t n;
	long err;

	if ((pi->pid && !p) || !pi->ent->write)	/* (system files: no p) */
		return -ENOENT;
	n = uio_copy_in(u, 0, buf, MIN(u->len, sizeof(buf)));
	if (pi->tid && !proc_thread(p, pi->tid))
		return -ENOENT;
	err = pi->ent->write(p, proc_thread(p, pi->tid), current, buf, n);
	return err < 0 ? err : (long)u->len;	/* the rest is ignored */
}

/* O_TRUNC of a writable file: nothing to cut, as on Linux. */
static int proc_truncate(struct inode *ino, s64 size)
{
	return PI(ino)->ent->write ? 0 : -EACCES;
}

static s64 proc_file_llseek(struct file *f, s64 off, int whence)
{
	struct proc_buf *pb = f->priv;

	return generic_llseek(f, off, whence, pb->len);
}

static void proc_release(struct file *f)
{
	struct proc_buf *pb = f->priv;

	if (pb) {
		kfree(pb->buf);
		kfree(pb);
	}
}

static const struct inode_ops proc_file_iops = {
	.open = proc_open,
	.truncate = proc_truncate,
	.revalidate = proc_revalidate,
	.evict = proc_evict,
};

static const struct file_ops proc_file_fops = {
	.read = proc_read,
	.write = proc_write,
	.llseek = proc_file_llseek,
	.release = proc_release,
};

/* ---- links ---- */

static long proc_readlink(struct inode *ino, char *buf, size_t len)
{
	struct proc_inode *pi = PI(ino);
	struct process *p = proc_process(ino);
	struct task *reader = current;
	struct file *f;
	char *tmp;
	long n;

	if (pi->pid && !p)
		return -ENOENT;
	if (pi->ent->kind != PROC_FD_LINK)
		return pi->ent->link(p, reader, buf, len);
	f = proc_fd_file(p, pi->fd);
	if (!f)
		return -ENOENT;
	tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	n = reader ? vfs_file_path(reader, f, tmp, PATH_MAX) :
		     d_path(&f->path, NULL, tmp, PATH_MAX);
	if (n >= 0) {
		n = MIN((size_t)n, len);
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	return n;
}

static int proc_get_link(struct task *t, struct inode *ino, struct path *out)
{
	struct proc_inode *pi = PI(ino);
	struct process *p = proc_process(ino);
	struct file *f;

	if (!p)
		return -ENOENT;
	if (t && t->proc->cred.fsuid && t->proc->cred.fsuid != p->cred.euid)
		return -EACCES;
	if (pi->ent->kind != PROC_FD_LINK)
		return pi->ent->get(p, out);
	f = proc_fd_file(p, pi->fd);
	if (!f || !f->path.dentry)
		return -ENOENT;
	*out = f->path;
	path_get(out);
	return 0;
}

static const struct inode_ops proc_link_iops = {
	.readlink = proc_readlink,
	.revalidate = proc_revalidate,
	.evict = proc_evict,
};

static const struct inode_ops proc_magic_iops = {
	.readlink = proc_readlink,
	.get_link = proc_get_link,
	.revalidate = proc_revalidate,
	.evict = proc_evict,
};

/* ---- the file system ---- */

int proc_tree_new(const char *fstype, u64 magic, const struct proc_entry *root_e,
		  struct super_block **sbp, struct inode **rootp)
{
	struct super_block *sb = sb_alloc(fstype, magic, NULL);
	struct inode *root;

	if (!sb)
		return -ENOMEM;
	sb->priv = (void *)root_e;
	root = proc_make_inode(sb, root_e, 0, 0, 0, 0);
	if (!root) {
		kfree(sb);
		return -ENOMEM;
	}
	*sbp = sb;
	*rootp = root;
	return 0;
}

int procfs_new(struct super_block **sbp, struct inode **rootp)
{
	return proc_tree_new("proc", PROC_SUPER_MAGIC, &root_ent, sbp, rootp);
}
