// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tmpfs: a file system in umk's memory.
 *
 * Directories are lists of entries (name, inode reference), kept in the
 * order they were made; each entry has a cookie, the directory position
 * after "." (0) and ".." (1), so a listing resumes correctly even when
 * entries are removed between two getdents64 calls (rm -r does that).
 * Symlinks keep their text.  Regular files keep their data in a page
 * cache (mm/pagecache.c): frames of guest memory, so the data counts
 * against --mem, and a mapping of the file maps those very frames (shared
 * for MAP_SHARED, copy-on-write for MAP_PRIVATE).
 *
 * An inode lives while a directory entry or the VFS references it: nlink
 * counts entries (directories: 2 + subdirectories; hard links of other
 * files), refs counts users.
 * Extended attributes are a list of (name, value) on the inode, at most
 * TMPFS_XATTR_BYTES of names and values per inode (-ENOSPC beyond).
 * The same code serves devfs (device nodes made with tmpfs_mknod).
 *
 * Mount options (mount -t tmpfs -o ...): size= (bytes, k/m/g or % of
 * guest memory; file data beyond it is -ENOSPC, counted by file sizes,
 * as statfs shows), mode=, uid=, gid= of the root directory.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"

struct tmpfs_dirent {
	struct tmpfs_dirent *next, *prev;
	char *name;
	struct inode *ino;	/* one reference */
	s64 cookie;		/* directory position of this entry */
};

struct tmpfs_xattr {
	struct tmpfs_xattr *next;
	char *name;
	void *value;
	size_t size;
};

#define TMPFS_XATTR_BYTES (1024 * 1024)

struct tmpfs_inode {
	/* extended attributes, any kind of file */
	struct tmpfs_xattr *xattrs;
	size_t xattr_bytes;	/* their names' and values' bytes */
	/* directories */
	struct tmpfs_dirent *first, *last;
	s64 next_cookie;
	int nentries;
	struct inode *parent;	/* for "..": not a reference */
	/* symlinks */
	char *target;
	/* regular files */
	struct pagecache pc;
};

struct tmpfs_sb {
	u64 next_ino;
	u64 pages;		/* data pages in all files */
	/* mount options (mount(2)'s data) */
	u64 max_pages;		/* size=: 0 is all of guest memory */
	u32 root_mode;		/* mode= (shown when not 1777) */
	u32 uid, gid;		/* uid=, gid= of the root */
};

#define BOGO_DIRENT_SIZE 20	/* a directory's st_size per entry, as Linux */

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_file_fops, tmpfs_dir_fops;

static struct tmpfs_inode *TI(struct inode *ino)
{
	return ino->priv;
}

static void tmpfs_set_size(struct inode *ino, s64 size)
{
	struct tmpfs_sb *ts = ino->sb->priv;
	u64 old = ALIGN_UP((u64)ino->size, PAGE_SIZE) >> PAGE_SHIFT;
	u64 new = ALIGN_UP((u64)size, PAGE_SIZE) >> PAGE_SHIFT;

	ts->pages += new - old;
	ino->size = size;
}

/* st_blocks: the frames the file holds (holes take none), as Linux. */
static void tmpfs_count_blocks(struct inode *ino)
{
	ino->blocks = TI(ino)->pc.nframes * (PAGE_SIZE / 512);
}

static struct inode *tmpfs_new_inode(struct super_block *sb, struct inode *dir,
				     u32 mode)
{
	struct tmpfs_sb *ts = sb->priv;
	struct task *t = current;
	struct tmpfs_inode *ti;
	struct inode *ino;

	ti = kzalloc(sizeof(*ti));
	if (!ti)
		return NULL;
	ino = inode_alloc(sb, mode);
	if (!ino) {
		kfree(ti);
		return NULL;
	}
	ti->next_cookie = 2;
	ino->priv = ti;
	ino->ino = ts->next_ino++;
	ino->iop = &tmpfs_iops;
	if (t) {
		ino->uid = t->proc->cred.fsuid;
		ino->gid = t->proc->cred.fsgid;
	}
	if (dir && (dir->mode & S_ISGID)) {
		ino->gid = dir->gid;
		if (S_ISDIR(mode))
			ino->mode |= S_ISGID;
	}
	if (S_ISREG(mode)) {
		ino->fop = &tmpfs_file_fops;
		ino->seals = F_SEAL_SEAL;	/* memfds may allow sealing */
	} else if (S_ISDIR(mode))
		ino->fop = &tmpfs_dir_fops;
	if (S_ISDIR(mode)) {
		ino->nlink = 2;
		ti->parent = dir ? dir : ino;
		ino->size = 2 * BOGO_DIRENT_SIZE;
	}
	return ino;
}

static struct tmpfs_dirent *dir_find(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *de;

	for (de = TI(dir)->first; de; de = de->next)
		if (!strcmp(de->name, name))
			return de;
	return NULL;
}

/* Add an entry for ino (taking over a reference) at the end of dir. */
static int dir_add(struct inode *dir, const char *name, struct inode *ino)
{
	struct tmpfs_inode *td = TI(dir);
	struct tmpfs_dirent *de = kzalloc(sizeof(*de));

	if (!de)
		return -ENOMEM;
	de->name = kstrdup(name);
	if (!de->name) {
		kfree(de);
		return -ENOMEM;
	}
	de->ino = ino;
	de->cookie = td->next_cookie++;
	de->prev = td->last;
	if (td->last)
		td->last->next = de;
	else
		td->first = de;
	td->last = de;
	td->nentries++;
	dir->size += BOGO_DIRENT_SIZE;
	inode_touch(dir, INODE_MTIME | INODE_CTIME);
	return 0;
}

/* Unlink de from dir; returns its inode reference to the caller. */
static struct inode *dir_del(struct inode *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_inode *td = TI(dir);
	struct inode *ino = de->ino;

	if (de->prev)
		de->prev->next = de->next;
	else
		td->first = de->next;
	if (de->next)
		de->next->prev = de->prev;
	else
		td->last = de->prev;
	td->nentries--;
	dir->size -= BOGO_DIRENT_SIZE;
	inode_touch(dir, INODE_MTIME | INODE_CTIME);
	kfree(de->name);
	kfree(de);
	return ino;
}

/* A new inode in dir under name; a reference in *out if out. */
static int tmpfs_make(struct inode *dir, const char *name, u32 mode,
		      struct inode **out)
{
	struct inode *ino;
	int err;

	if (!dir->nlink)
		return -ENOENT;		/* dir was removed */
	if (dir_find(dir, name))
		return -EEXIST;
	ino = tmpfs_new_inode(dir->sb, dir, mode);
	if (!ino)
		return -ENOMEM;
	err = dir_add(dir, name, ino);
	if (err) {
		inode_put(ino);
		return err;
	}
	if (S_ISDIR(mode))
		dir->nlink++;
	if (out)
		*out = inode_get(ino);
	return 0;
}

int tmpfs_new_file(struct super_block *sb, struct inode *dir, u32 mode,
		   struct inode **out)
{
	struct inode *ino = tmpfs_new_inode(sb, dir, mode);

	if (!ino)
		return -ENOMEM;
	ino->nlink = 0;
	*out = ino;
	return 0;
}

static int tmpfs_tmpfile(struct inode *dir, u32 mode, struct inode **out)
{
	if (!dir->nlink)
		return -ENOENT;		/* dir was removed */
	return tmpfs_new_file(dir->sb, dir, mode, out);
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct tmpfs_dirent *de = dir_find(dir, name);

	if (!de)
		return -ENOENT;
	*out = inode_get(de->ino);
	return 0;
}

static int tmpfs_create(struct inode *dir, const char *name, u32 mode,
			struct inode **out)
{
	return tmpfs_make(dir, name, mode, out);
}

static int tmpfs_mkdir(struct inode *dir, const char *name, u32 mode)
{
	return tmpfs_make(dir, name, mode, NULL);
}

int tmpfs_mknod(struct inode *dir, const char *name, u32 mode, u64 rdev)
{
	struct inode *ino;
	int err;

	err = tmpfs_make(dir, name, mode, &ino);
	if (err)
		return err;
	ino->rdev = rdev;
	inode_put(ino);
	return 0;
}

static int tmpfs_symlink(struct inode *dir, const char *name,
			 const char *target)
{
	struct inode *ino;
	char *text = kstrdup(target);
	int err;

	if (!text)
		return -ENOMEM;
	err = tmpfs_make(dir, name, S_IFLNK | 0777, &ino);
	if (err) {
		kfree(text);
		return err;
	}
	TI(ino)->target = text;
	ino->size = strlen(text);
	inode_put(ino);
	return 0;
}

static long tmpfs_readlink(struct inode *ino, char *buf, size_t len)
{
	const char *s = TI(ino)->target;
	size_t n;

	if (!s)
		return -EINVAL;
	n = MIN(strlen(s), len);
	memcpy(buf, s, n);
	return n;
}

/* Remove an entry's inode from the tree (unlink, rmdir, replaced by rename). */
static void tmpfs_drop_entry(struct inode *dir, struct tmpfs_dirent *de)
{
	struct inode *ino = dir_del(dir, de);

	if (S_ISDIR(ino->mode)) {
		ino->nlink = 0;
		dir->nlink--;
	} else {
		ino->nlink--;
	}
	inode_touch(ino, INODE_CTIME);
	inode_put(ino);
}

static int tmpfs_unlink(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *de = dir_find(dir, name);

	if (!de)
		return -ENOENT;
	if (S_ISDIR(de->ino->mode))
		return -EISDIR;
	tmpfs_drop_entry(dir, de);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *de = dir_find(dir, name);

	if (!de)
		return -ENOENT;
	if (!S_ISDIR(de->ino->mode))
		return -ENOTDIR;
	if (TI(de->ino)->nentries)
		return -ENOTEMPTY;
	tmpfs_drop_entry(dir, de);
	return 0;
}

/* A directory ino moves from odir to ndir: fix the link counts. */
static void move_dir(struct inode *ino, struct inode *odir, struct inode *ndir)
{
	if (!S_ISDIR(ino->mode) || odir == ndir)
		return;
	odir->nlink--;
	ndir->nlink++;
	TI(ino)->parent = ndir;
}

static int tmpfs_rename(struct inode *odir, const char *oname,
			struct inode *ndir, const char *nname, unsigned flags)
{
	struct tmpfs_dirent *ode = dir_find(odir, oname);
	struct tmpfs_dirent *nde = dir_find(ndir, nname);
	struct inode *ino;
	char *name;
	int err;

	if (!ode)
		return -ENOENT;
	if (flags & RENAME_EXCHANGE) {
		if (!nde)
			return -ENOENT;
		ino = ode->ino;
		ode->ino = nde->ino;
		nde->ino = ino;
		move_dir(nde->ino, odir, ndir);
		move_dir(ode->ino, ndir, odir);
		inode_touch(ode->ino, INODE_CTIME);
		inode_touch(nde->ino, INODE_CTIME);
		inode_touch(odir, INODE_MTIME | INODE_CTIME);
		inode_touch(ndir, INODE_MTIME | INODE_CTIME);
		return 0;
	}
	if (nde && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	/* the same name, or two hard links of one file: nothing to do (the
	 * VFS sees this too, except through an overlay's inodes) */
	if (nde == ode || (nde && nde->ino == ode->ino))
		return 0;
	if (nde) {
		if (S_ISDIR(nde->ino->mode) && TI(nde->ino)->nentries)
			return -ENOTEMPTY;
	}
	if (odir == ndir) {
		name = kstrdup(nname);
		if (!name)
			return -ENOMEM;
		if (nde)
			tmpfs_drop_entry(ndir, nde);
		kfree(ode->name);
		ode->name = name;
		inode_touch(odir, INODE_MTIME | INODE_CTIME);
		inode_touch(ode->ino, INODE_CTIME);
		return 0;
	}
	ino = inode_get(ode->ino);
	err = dir_add(ndir, nname, ino);
	if (err) {
		inode_put(ino);
		return err;
	}
	if (nde)
		tmpfs_drop_entry(ndir, nde);
	inode_put(dir_del(odir, ode));
	move_dir(ino, odir, ndir);
	inode_touch(ino, INODE_CTIME);
	return 0;
}

static int tmpfs_link(struct inode *old, struct inode *dir, const char *name)
{
	int err;

	/* a file with no name left stays so (unless O_TMPFILE made it
	 * linkable); the VFS checks too, but not through an overlay */
	if (!dir->nlink || (!old->nlink && !(old->iflags & I_LINKABLE)))
		return -ENOENT;
	if (dir_find(dir, name))
		return -EEXIST;
	err = dir_add(dir, name, inode_get(old));
	if (err) {
		inode_put(old);
		return err;
	}
	old->nlink++;
	inode_touch(old, INODE_CTIME);
	return 0;
}

static int tmpfs_setattr(struct inode *ino, const struct iattr *ia)
{
	if (ia->valid & ATTR_MODE)
		ino->mode = (ino->mode & S_IFMT) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		ino->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		ino->gid = ia->gid;
	if (ia->valid & ATTR_ATIME)
		ino->atime = ia->atime;
	if (ia->valid & ATTR_MTIME)
		ino->mtime = ia->mtime;
	inode_touch(ino, INODE_CTIME);
	return 0;
}

static int tmpfs_truncate(struct inode *ino, s64 size)
{
	if (size < ino->size)
		pagecache_truncate(&TI(ino)->pc, size);
	tmpfs_set_size(ino, size);
	tmpfs_count_blocks(ino);
	inode_touch(ino, INODE_MTIME | INODE_CTIME);
	return 0;
}

/* ---- extended attributes (the VFS checked names, sizes, rights) ---- */

static struct tmpfs_xattr **xattr_find(struct tmpfs_inode *ti, const char *name)
{
	struct tmpfs_xattr **pp;

	for (pp = &ti->xattrs; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->name, name))
			return pp;
	return pp;
}

static void xattr_free(struct tmpfs_inode *ti, struct tmpfs_xattr *x)
{
	ti->xattr_bytes -= strlen(x->name) + x->size;
	kfree(x->name);
	kfree(x->value);
	kfree(x);
}

static long xattr_set(struct tmpfs_inode *ti, struct tmpfs_xattr **pp,
		      const struct xattr_req *req)
{
	struct tmpfs_xattr *old = *pp, *x;
	size_t bytes = ti->xattr_bytes + strlen(req->name) + req->size;

	if (old && (req->flags & XATTR_CREATE))
		return -EEXIST;
	if (!old && (req->flags & XATTR_REPLACE))
		return -ENODATA;
	if (old)
		bytes -= strlen(old->name) + old->size;
	if (bytes > TMPFS_XATTR_BYTES)
		return -ENOSPC;
	x = kzalloc(sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->name = kstrdup(req->name);
	x->value = kmalloc(req->size ? req->size : 1);
	if (!x->name || !x->value) {
		kfree(x->name);
		kfree(x->value);
		kfree(x);
		return -ENOMEM;
	}
	memcpy(x->value, req->buf, req->size);
	x->size = req->size;
	ti->xattr_bytes += strlen(x->name) + x->size;
	if (old) {
		x->next = old->next;
		xattr_free(ti, old);
	}
	*pp = x;
	return 0;
}

static long tmpfs_xattr(struct inode *ino, const struct xattr_req *req)
{
	struct tmpfs_inode *ti = TI(ino);
	struct tmpfs_xattr **pp, *x;
	size_t len = 0;
	int err;

	if (req->op == XATTR_OP_LIST) {
		for (x = ti->xattrs; x; x = x->next) {
			err = xattr_list_add(req, &len, x->name);
			if (err)
				return err;
		}
		return len;
	}
	pp = xattr_find(ti, req->name);
	x = *pp;
	switch (req->op) {
	case XATTR_OP_GET:
		if (!x)
			return -ENODATA;
		if (req->size) {
			if (x->size > req->size)
				return -ERANGE;
			memcpy(req->buf, x->value, x->size);
		}
		return x->size;
	case XATTR_OP_SET:
		return xattr_set(ti, pp, req);
	case XATTR_OP_REMOVE:
		if (!x)
			return -ENODATA;
		*pp = x->next;
		xattr_free(ti, x);
		return 0;
	}
	return -EINVAL;
}

static void tmpfs_evict(struct inode *ino)
{
	struct tmpfs_inode *ti = TI(ino);
	struct tmpfs_dirent *de, *next;

	if (!ti)
		return;
	while (ti->xattrs) {
		struct tmpfs_xattr *x = ti->xattrs;

		ti->xattrs = x->next;
		xattr_free(ti, x);
	}
	for (de = ti->first; de; de = next) {
		next = de->next;
		inode_put(de->ino);
		kfree(de->name);
		kfree(de);
	}
	if (S_ISREG(ino->mode)) {
		pagecache_free(&ti->pc);
		tmpfs_set_size(ino, 0);
	}
	kfree(ti->target);
	kfree(ti);
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.readlink = tmpfs_readlink,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.symlink = tmpfs_symlink,
	.truncate = tmpfs_truncate,
	.evict = tmpfs_evict,
	.setattr = tmpfs_setattr,
	.link = tmpfs_link,
	.tmpfile = tmpfs_tmpfile,
	.xattr = tmpfs_xattr,
};

/* ---- regular files ---- */

static long tmpfs_read(struct file *f, struct uio *u, s64 *pos)
{
	struct inode *ino = f->inode;
	long n = pagecache_read(&TI(ino)->pc, u, *pos, ino->size);

	if (n > 0)
		*pos += n;
	return n;
}

static long tmpfs_write(struct file *f, struct uio *u, s64 *pos)
{
	struct inode *ino = f->inode;
	struct tmpfs_sb *ts = ino->sb->priv;
	struct uio lim;
	long n;

	if (ts->max_pages && *pos + (s64)u->len > ino->size) {
		/* room: whole pages left, and the rest of the last one */
		u64 used = ts->pages - (ALIGN_UP((u64)ino->size, PAGE_SIZE) >>
					PAGE_SHIFT);
		s64 end = used >= ts->max_pages ? 0 :
			  (s64)((ts->max_pages - used) << PAGE_SHIFT);

		if (end <= *pos)
			return -ENOSPC;
		if (*pos + (s64)u->len > end) {
			lim = *u;
			uio_trim(&lim, end - *pos);
			u = &lim;
		}
	}
	n = pagecache_write(&TI(ino)->pc, u, *pos);

	tmpfs_count_blocks(ino);
	if (n <= 0)
		return n;
	*pos += n;
	if (*pos > ino->size)
		tmpfs_set_size(ino, *pos);
	inode_touch(ino, INODE_MTIME | INODE_CTIME);
	return n;
}

static int tmpfs_mmap(struct file *f)
{
	return MMAP_PAGES;
}

static int tmpfs_get_page(struct file *f, u64 index, bool write, pfn_t *pfn)
{
	struct inode *ino = f->inode;

	int err;

	if ((s64)(index << PAGE_SHIFT) >= ino->size)
		return -EIO;	/* wholly past the end: SIGBUS */
	err = pagecache_get(&TI(ino)->pc, index, true, pfn);
	tmpfs_count_blocks(ino);
	return err;
}

/* Mode 0 and FALLOC_FL_KEEP_SIZE give the range frames (-ENOSPC when
 * memory runs out; what was given stays); a punched hole reads as zeros. */
static int tmpfs_fallocate(struct file *f, int mode, s64 off, s64 len)
{
	struct inode *ino = f->inode;
	struct tmpfs_inode *ti = TI(ino);
	int err;

	if (mode & FALLOC_FL_PUNCH_HOLE) {
		pagecache_punch(&ti->pc, off, len);
		tmpfs_count_blocks(ino);
		inode_touch(ino, INODE_MTIME | INODE_CTIME);
		return 0;
	}
	err = pagecache_alloc(&ti->pc, off, len);
	tmpfs_count_blocks(ino);
	if (err)
		return err;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && off + len > ino->size)
		tmpfs_set_size(ino, off + len);
	inode_touch(ino, INODE_CTIME);
	return 0;
}

static const struct file_ops tmpfs_file_fops = {
	.fallocate = tmpfs_fallocate,
	.get_page = tmpfs_get_page,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.mmap = tmpfs_mmap,
};

/* ---- directories ---- */

static int tmpfs_readdir(struct file *f, struct dir_ctx *ctx)
{
	struct inode *dir = f->inode;
	struct tmpfs_inode *td = TI(dir);
	struct tmpfs_dirent *de;

	if (ctx->pos == 0 && !dir_emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (ctx->pos == 1 &&
	    !dir_emit(ctx, "..", 2, td->parent->ino, DT_DIR, 2))
		return 0;
	for (de = td->first; de; de = de->next) {
		if (de->cookie < ctx->pos)
			continue;
		if (!dir_emit(ctx, de->name, strlen(de->name), de->ino->ino,
			      vfs_dtype(de->ino->mode), de->cookie + 1))
			return 0;
	}
	return 0;
}

static s64 tmpfs_dir_llseek(struct file *f, s64 off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_llseek(f, off, whence, 0);
}

static const struct file_ops tmpfs_dir_fops = {
	.readdir = tmpfs_readdir,
	.llseek = tmpfs_dir_llseek,
};

/* ---- the file system ---- */

static int tmpfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct tmpfs_sb *ts = sb->priv;
	u64 total = phys_total_frames();

	if (ts->max_pages && ts->max_pages < total)
		total = ts->max_pages;
	st->f_blocks = total;
	st->f_bfree = st->f_bavail = total > ts->pages ? total - ts->pages : 0;
	st->f_files = total / 2;
	st->f_ffree = st->f_files > ts->next_ino ? st->f_files - ts->next_ino : 0;
	return 0;
}

static void tmpfs_show_options(struct super_block *sb, struct sbuf *out)
{
	struct tmpfs_sb *ts = sb->priv;

	if (ts->max_pages)
		sbuf_printf(out, ",size=%lluk",
			    (unsigned long long)ts->max_pages * (PAGE_SIZE / 1024));
	if (ts->root_mode != 01777)
		sbuf_printf(out, ",mode=%03o", ts->root_mode);
	if (ts->uid)
		sbuf_printf(out, ",uid=%u", ts->uid);
	if (ts->gid)
		sbuf_printf(out, ",gid=%u", ts->gid);
}

/* A number of options: decimal (or octal when base is 8), with an
 * optional k/m/g/% suffix where suffixes is true.  -EINVAL if not one. */
static int parse_num(const char *s, size_t len, int base, bool suffixes,
		     u64 *out)
{
	u64 v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len && s[i] >= '0' && s[i] < '0' + base; i++) {
		if (v > (~0ULL >> 4))
			return -EINVAL;
		v = v * base + (s[i] - '0');
	}
	if (!i)
		return -EINVAL;
	if (i < len) {
		if (!suffixes || i + 1 != len)
			return -EINVAL;
		switch (s[i] | 0x20) {
		case 'k':
			v <<= 10;
			break;
		case 'm':
			v <<= 20;
			break;
		case 'g':
			v <<= 30;
			break;
		case '%' | 0x20:
			if (v > 100)
				return -EINVAL;
			v = phys_total_frames() * v / 100 * PAGE_SIZE;
			break;
		default:
			return -EINVAL;
		}
	}
	*out = v;
	return 0;
}

/* Apply mount(2)'s data ("size=10m,mode=755"); with remount only size
 * may change (Linux ignores the others then).  -EINVAL for anything
 * else, as Linux's "Unknown parameter". */
static int tmpfs_parse(struct tmpfs_sb *ts, const char *data, bool remount)
{
	struct tmpfs_sb n = *ts;
	const char *opt, *end, *eq;
	u64 v;

	for (opt = data; opt && *opt; opt = *end ? end + 1 : end) {
		size_t klen, vlen;

		end = strchr(opt, ',');
		if (!end)
			end = opt + strlen(opt);
		eq = memchr(opt, '=', end - opt);
		klen = eq ? (size_t)(eq - opt) : (size_t)(end - opt);
		vlen = eq ? (size_t)(end - eq - 1) : 0;
		if (!klen)
			continue;
		/* the generic flags mount(8) may leave in: not tmpfs's */
		if (!eq && ((klen == 2 && (!strncmp(opt, "rw", 2) ||
					   !strncmp(opt, "ro", 2)))))
			continue;
		if (!eq)
			return -EINVAL;
		if (klen == 4 && !strncmp(opt, "size", 4)) {
			if (parse_num(eq + 1, vlen, 10, true, &v))
				return -EINVAL;
			n.max_pages = ALIGN_UP(v, PAGE_SIZE) >> PAGE_SHIFT;
		} else if (klen == 4 && !strncmp(opt, "mode", 4)) {
			if (parse_num(eq + 1, vlen, 8, false, &v) || v > 07777)
				return -EINVAL;
			if (!remount)
				n.root_mode = v;
		} else if (klen == 3 && (!strncmp(opt, "uid", 3) ||
					 !strncmp(opt, "gid", 3))) {
			if (parse_num(eq + 1, vlen, 10, false, &v) ||
			    v > 0xfffffffe)
				return -EINVAL;
			if (!remount && opt[0] == 'u')
				n.uid = v;
			else if (!remount)
				n.gid = v;
		} else {
			return -EINVAL;
		}
	}
	if (remount && n.max_pages && n.max_pages < ts->pages)
		return -EINVAL;		/* Linux: "Too small a size" */
	*ts = n;
	return 0;
}

static int tmpfs_reconfigure(struct super_block *sb, const char *data)
{
	return tmpfs_parse(sb->priv, data, true);
}

/* Every change of a tmpfs directory passes through umk's VFS. */
static bool tmpfs_stable_dir(struct inode *dir)
{
	return true;
}

static const struct super_ops tmpfs_sops = {
	.statfs = tmpfs_statfs,
	.show_options = tmpfs_show_options,
	.reconfigure = tmpfs_reconfigure,
	.stable_dir = tmpfs_stable_dir,
};

int tmpfs_new_opts(const char *fstype, u32 root_mode, const char *data,
		   struct super_block **sbp, struct inode **rootp)
{
	struct super_block *sb;
	struct tmpfs_sb *ts;
	struct inode *root;
	int err = -ENOMEM;

	sb = sb_alloc(fstype, TMPFS_MAGIC, &tmpfs_sops);
	ts = kzalloc(sizeof(*ts));
	if (!sb || !ts)
		goto out_free;
	ts->next_ino = 1;
	ts->root_mode = root_mode & 07777;
	err = tmpfs_parse(ts, data, false);
	if (err)
		goto out_free;
	sb->priv = ts;
	root = tmpfs_new_inode(sb, NULL, S_IFDIR | ts->root_mode);
	err = -ENOMEM;
	if (!root)
		goto out_free;
	root->uid = ts->uid;
	root->gid = ts->gid;
	*sbp = sb;
	*rootp = root;
	return 0;

out_free:
	kfree(ts);
	kfree(sb);
	return err;
}

int tmpfs_new(const char *fstype, u32 root_mode, struct super_block **sbp,
	      struct inode **rootp)
{
	return tmpfs_new_opts(fstype, root_mode, NULL, sbp, rootp);
}
