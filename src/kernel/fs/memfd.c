// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memfd_create(2) and file seals.
 *
 * A memfd is a tmpfs regular file that no directory names (nlink 0), on
 * an internal tmpfs mounted nowhere.  Its dentry's name is all d_path
 * gives for such a mount, so it is what Linux shows in /proc/PID/fd and
 * /proc/PID/maps: "/memfd:NAME (deleted)".  Everything else is tmpfs's:
 * read, write, ftruncate, fallocate and mmap share its page cache, and
 * /proc/PID/fd/N reopens it.
 *
 * Seals (fcntl F_ADD_SEALS, F_GET_SEALS) are kept in inode->seals, for
 * every tmpfs regular file; a file that does not allow sealing holds
 * F_SEAL_SEAL, so nothing can be added.  They are enforced where the
 * change happens: vfs_write, truncate and fallocate (vfs/rw.c), mmap and
 * mprotect of shared writable mappings (sys_mm.c, mm/mmap.c), chmod of
 * execute bits under F_SEAL_EXEC (vfs/attr.c).
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"

#define SEALS_KNOWN (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | \
		     F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC)

static struct mount memfd_mnt;

/* The internal tmpfs and its mount, made on first use. */
static int memfd_init(void)
{
	struct super_block *sb;
	struct inode *root;
	int err;

	if (memfd_mnt.sb)
		return 0;
	err = tmpfs_new("tmpfs", 01777, &sb, &root);
	if (err)
		return err;
	memfd_mnt.root = d_alloc_anon("/", root);
	if (!memfd_mnt.root)
		return -ENOMEM;
	memfd_mnt.sb = sb;
	memfd_mnt.source = "none";
	memfd_mnt.refs = 1;
	return 0;
}

/* A new file of the internal tmpfs with no name, called dname in
 * /proc/PID/fd and maps, open for reading and writing. */
static int unnamed_file(const char *dname, struct inode **inop, struct file **out)
{
	struct inode *ino;
	struct dentry *d;
	struct file *f;
	int err;

	err = memfd_init();
	if (err)
		return err;
	err = tmpfs_new_file(memfd_mnt.sb, NULL, S_IFREG | 0777, &ino);
	if (err)
		return err;
	d = d_alloc_anon(dname, ino);
	if (!d)
		return -ENOMEM;
	f = file_alloc();
	if (!f) {
		dput(d);
		return -ENOMEM;
	}
	f->flags = O_RDWR | O_LARGEFILE;
	f->fmode = FMODE_READ | FMODE_WRITE | FMODE_LSEEK | FMODE_PREAD;
	f->path.mnt = mnt_get(&memfd_mnt);
	f->path.dentry = d;
	f->inode = inode_get(d->inode);
	f->fop = f->inode->fop;
	*inop = ino;
	*out = f;
	return 0;
}

int memfd_new(struct task *t, const char *name, unsigned flags,
	      struct file **out)
{
	char dname[sizeof("/memfd:") + MFD_NAME_MAX + sizeof(" (deleted)")];
	struct inode *ino;
	int err;

	snprintf(dname, sizeof(dname), "/memfd:%s (deleted)", name);
	err = unnamed_file(dname, &ino, out);
	if (err)
		return err;
	if (flags & MFD_NOEXEC_SEAL) {
		ino->mode &= ~0111;
		ino->seals = F_SEAL_EXEC;
	} else if (flags & MFD_ALLOW_SEALING) {
		ino->seals = 0;
	}
	return 0;
}

/*
 * The memory behind a shared anonymous mapping (MAP_SHARED|MAP_ANONYMOUS,
 * or MAP_SHARED of /dev/zero): as on Linux, an unnamed tmpfs file of the
 * mapping's size, "/dev/zero (deleted)" in maps.  Processes that inherit
 * the mapping across fork fault in the same frames from its page cache,
 * also the pages no one had touched before the fork.
 */
int shmem_zero_file(u64 size, struct file **out)
{
	struct inode *ino;
	int err;

	*out = NULL;
	err = unnamed_file("/dev/zero (deleted)", &ino, out);
	if (!err)
		err = ino->iop->truncate(ino, size);
	if (err && *out) {
		file_put(*out);
		*out = NULL;
	}
	return err;
}

/* Whether some address space maps ino shared and writable, or could
 * make such a mapping writable (mprotect): as Linux counts them, shared
 * mappings of files opened for writing. */
static bool mapped_writable(struct inode *ino)
{
	struct process *p = NULL;

	while ((p = process_next(p))) {
		struct mm *mm = p->mm;

		if (!mm)
			continue;
		for (int i = 0; i < mm->vmas.n; i++) {
			struct vma *v = &mm->vmas.v[i];

			if (v->file && v->file->inode == ino &&
			    (v->flags & VMA_SHARED) &&
			    ((v->prot & PROT_WRITE) || (v->file->fmode & FMODE_WRITE)))
				return true;
		}
	}
	return false;
}

static long add_seals(struct file *f, u64 seals)
{
	struct inode *ino = f->inode;

	if (seals & ~(u64)SEALS_KNOWN)
		return -EINVAL;
	if (!(f->fmode & FMODE_WRITE))
		return -EPERM;
	if (ino->seals & F_SEAL_SEAL)
		return -EPERM;
	if ((seals & F_SEAL_WRITE) && !(ino->seals & F_SEAL_WRITE) &&
	    mapped_writable(ino))
		return -EBUSY;
	ino->seals |= seals;
	return 0;
}

long memfd_fcntl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	struct inode *ino = f->inode;

	if (!ino || !S_ISREG(ino->mode) || ino->sb->magic != TMPFS_MAGIC ||
	    (f->fmode & FMODE_PATH))
		return -EINVAL;
	switch (cmd) {
	case F_ADD_SEALS:
		return add_seals(f, (u32)arg);
	case F_GET_SEALS:
		return ino->seals;
	}
	return -EINVAL;
}
