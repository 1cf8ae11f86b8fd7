// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * overlay: a copy-on-write layer over the root (umk run --overlay).
 *
 * Two real file systems stacked: the lower (the hostfs root, which this
 * file never changes and never opens for writing) and the upper (a hostfs
 * of the user's UPPERDIR, or a fresh tmpfs when the overlay lives in
 * memory).  Each overlay inode stands for one name and holds the real
 * inodes behind it: the upper one, the lower one, or both (a directory
 * present in both layers is "merged": its listing is the union).
 *
 *   lookup     the upper entry wins; a whiteout hides the lower entry; an
 *              opaque upper directory hides every lower entry below it.
 *   copy-up    any change to a lower object (open for writing, truncate,
 *              chmod, chown, utimes, link, rename) first copies it to the
 *              upper layer, parents first: data, mode, times (and owners
 *              where the upper can keep them: tmpfs).  A file's data goes
 *              to a hidden temporary name first, renamed into place when
 *              complete, so a crash never leaves half a file visible.
 *   delete     unlink and rmdir of something the lower layer has leave a
 *              whiteout; mkdir over a whiteout makes an opaque directory.
 *   rename     of a directory the lower layer has: -EXDEV, as Linux's
 *              overlayfs without redirect_dir (mv then copies).
 *
 * Whiteouts and opaque directories are aufs-style marker files in the
 * upper layer, which work as a normal user on any host file system:
 * ".wh.NAME" hides NAME, ".wh..wh..opq" in a directory makes it opaque, and
 * ".wh..wh.*" are umk's own (temporary copy-ups).  Names starting ".wh."
 * are reserved: the guest neither sees them (in either layer) nor may make
 * them (-EINVAL).  `umk diff` and `umk merge` (src/sandbox/overlay_diff.c)
 * read the same markers.
 *
 * Inode numbers: the lower object's where there is one (so a copy-up keeps
 * its number), else the upper's with OVL_UPPER_INO set, so the two layers
 * never collide on the overlay's st_dev.  Files copied up while mounted
 * remember their lower number (the origin table), so the number of a file
 * stays the same while mounted, renames included.
 *
 * Known limits, as in overlayfs without its "index" and "metacopy"
 * features: hard links of the lower tree break apart when one name is
 * copied up; a file opened read-only before another open copies it up
 * keeps reading the lower data; owners cannot be kept in a host UPPERDIR
 * (umk has no host privilege: the copy belongs to the invoking user).
 */
#include "kernel.h"
#include "vfs/vfs.h"

#define WH_PREFIX	".wh."
#define WH_PREFIX_LEN	4
#define WH_OPAQUE	".wh..wh..opq"
#define WH_TMP_FMT	".wh..wh.copyup.%llu"
#define OVL_UPPER_INO	(1ULL << 62)
#define COPY_CHUNK	(64 * 1024)
#define ORIGIN_BUCKETS	256

struct ovl_inode {
	struct inode *vfs;		/* the overlay inode this is the priv of */
	struct inode *upper;		/* a reference, or NULL */
	struct inode *lower;		/* a reference, or NULL (also for an
					 * opaque directory) */
	struct inode *parent;		/* a reference; NULL for the root */
	char *name;			/* in parent; NULL for the root */
	bool dead;			/* its name is gone */
	struct ovl_inode *children;	/* live inodes named in this dir */
	struct ovl_inode *sib_prev, *sib_next;
};

/* A file copied up while mounted: its upper number and its lower one. */
struct ovl_origin {
	u64 upper_ino, lower_ino;
	struct ovl_origin *next;
};

struct ovl_sb {
	struct super_block *lower_sb;	/* never written */
	struct super_block *upper_sb;
	struct ovl_origin *origins[ORIGIN_BUCKETS];
	unsigned long long next_tmp;	/* temporary copy-up names */
};

/* A directory's merged listing, as an open directory keeps it. */
struct ovl_entry {
	char *name;
	u64 ino;
	unsigned dtype;
};

struct ovl_names {
	struct ovl_entry *e;
	int n, cap;
};

static const struct inode_ops ovl_iops;
static const struct file_ops ovl_file_fops, ovl_file_pc_fops, ovl_dir_fops;

static struct ovl_inode *OI(struct inode *ino)
{
	return ino->priv;
}

static struct ovl_sb *OS(struct inode *ino)
{
	return ino->sb->priv;
}

/* The inode whose contents and attributes the overlay shows. */
static struct inode *ovl_real(struct inode *ino)
{
	return OI(ino)->upper ? OI(ino)->upper : OI(ino)->lower;
}

static bool reserved_name(const char *name)
{
	return !strncmp(name, WH_PREFIX, WH_PREFIX_LEN);
}

/* ".wh.NAME" in buf (NAME_MAX + 1 bytes), or -ENAMETOOLONG. */
static int whiteout_name(char *buf, const char *name)
{
	if (strlen(name) > NAME_MAX - WH_PREFIX_LEN)
		return -ENAMETOOLONG;
	snprintf(buf, NAME_MAX + 1, WH_PREFIX "%s", name);
	return 0;
}

/* ---- inode numbers ---- */

static int origin_add(struct ovl_sb *os, u64 upper_ino, u64 lower_ino)
{
	struct ovl_origin *o = kzalloc(sizeof(*o));
	unsigned b = upper_ino % ORIGIN_BUCKETS;

	if (!o)
		return -ENOMEM;
	o->upper_ino = upper_ino;
	o->lower_ino = lower_ino;
	o->next = os->origins[b];
	os->origins[b] = o;
	return 0;
}

/* The overlay's number for an upper object with no lower one beside it. */
static u64 upper_ino(struct ovl_sb *os, u64 ino)
{
	struct ovl_origin *o;

	for (o = os->origins[ino % ORIGIN_BUCKETS]; o; o = o->next)
		if (o->upper_ino == ino)
			return o->lower_ino;
	return ino | OVL_UPPER_INO;
}

/* ---- the real layers ---- */

static int real_lookup(struct inode *dir, const char *name, struct inode **out)
{
	if (!dir->iop || !dir->iop->lookup)
		return -ENOENT;
	return dir->iop->lookup(dir, name, out);
}

/* Whether the real directory dir has name: 1, 0 or -errno. */
static int real_has(struct inode *dir, const char *name)
{
	struct inode *ino;
	int err = real_lookup(dir, name, &ino);

	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	inode_put(ino);
	return 1;
}

/*
 * Open a real inode for the overlay's own use (data, listings).  The lower
 * tree is never written: opening it for anything but reading is a bug.
 */
static int real_open(struct ovl_sb *os, struct inode *real, int flags,
		     struct file **out)
{
	int acc = flags & O_ACCMODE;
	struct file *f;
	int err = 0;

	BUG_ON(real->sb == os->lower_sb && acc != O_RDONLY);
	f = file_alloc();
	if (!f)
		return -ENOMEM;
	f->flags = flags;
	f->fmode = FMODE_LSEEK | FMODE_PREAD;
	if (acc == O_RDONLY || acc == O_RDWR)
		f->fmode |= FMODE_READ;
	if (acc == O_WRONLY || acc == O_RDWR)
		f->fmode |= FMODE_WRITE;
	f->inode = inode_get(real);
	f->fop = real->fop;
	if (real->iop && real->iop->open)
		err = real->iop->open(real, f);
	if (err) {
		f->fop = NULL;		/* nothing to release */
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

/* ---- listings ---- */

static void names_free(struct ovl_names *nl)
{
	for (int i = 0; i < nl->n; i++)
		kfree(nl->e[i].name);
	kfree(nl->e);
	nl->e = NULL;
	nl->n = nl->cap = 0;
}

static int names_add(struct ovl_names *nl, const char *name, size_t len,
		     u64 ino, unsigned dtype)
{
	if (nl->n == nl->cap) {
		int cap = nl->cap ? nl->cap * 2 : 32;
		struct ovl_entry *e = kmalloc(cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		if (nl->n)
			memcpy(e, nl->e, nl->n * sizeof(*e));
		kfree(nl->e);
		nl->e = e;
		nl->cap = cap;
	}
	nl->e[nl->n].name = kstrndup(name, len);
	if (!nl->e[nl->n].name)
		return -ENOMEM;
	nl->e[nl->n].ino = ino;
	nl->e[nl->n].dtype = dtype;
	nl->n++;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ovl_entry *)a)->name,
		      ((const struct ovl_entry *)b)->name);
}

/* The entry called name in the sorted list nl, or NULL. */
static struct ovl_entry *names_find(struct ovl_names *nl, const char *name)
{
	int lo = 0, hi = nl->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(name, nl->e[mid].name);

		if (!c)
			return &nl->e[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct collect_ctx {
	struct dir_ctx ctx;
	struct ovl_names *nl;
	int err;
};

static bool collect_emit(struct dir_ctx *ctx, const char *name, size_t len,
			 u64 ino, unsigned dtype)
{
	struct collect_ctx *cc = container_of(ctx, struct collect_ctx, ctx);

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	cc->err = names_add(cc->nl, name, len, ino, dtype);
	return !cc->err;
}

/* Every entry of the real directory dir but "." and "..", sorted. */
static int real_list(struct ovl_sb *os, struct inode *dir, struct ovl_names *nl)
{
	struct collect_ctx cc = { .ctx = { .emit = collect_emit }, .nl = nl };
	struct file *f;
	s64 prev;
	int err;

	err = real_open(os, dir, O_RDONLY | O_DIRECTORY, &f);
	if (err)
		return err;
	do {
		prev = f->pos;
		err = vfs_readdir(f, &cc.ctx);
	} while (!err && !cc.err && f->pos != prev);
	file_put(f);
	if (!err)
		err = cc.err;
	if (err)
		names_free(nl);
	else if (nl->n)
		qsort(nl->e, nl->n, sizeof(nl->e[0]), entry_cmp);
	return err;
}

/*
 * The listing of the overlay directory dir: its upper entries (markers
 * left out) and the lower entries that are neither covered nor whited out,
 * with the overlay's inode numbers.  Sorted by name.
 */
static int ovl_list(struct inode *dir, struct ovl_names *out)
{
	struct ovl_inode *oi = OI(dir);
	struct ovl_sb *os = OS(dir);
	struct ovl_names up = { 0 }, low = { 0 };
	struct ovl_entry *e, *l;
	char wh[NAME_MAX + 1];
	int err = 0;

	if (oi->upper)
		err = real_list(os, oi->upper, &up);
	if (!err && oi->lower)
		err = real_list(os, oi->lower, &low);
	for (int i = 0; !err && i < up.n; i++) {
		e = &up.e[i];
		if (reserved_name(e->name))
			continue;
		l = names_find(&low, e->name);
		if (l && e->dtype == DT_DIR && l->dtype == DT_DIR)
			e->ino = l->ino;	/* a merged directory */
		else
			e->ino = upper_ino(os, e->ino);
		err = names_add(out, e->name, strlen(e->name), e->ino, e->dtype);
	}
	for (int i = 0; !err && i < low.n; i++) {
		e = &low.e[i];
		if (reserved_name(e->name) || names_find(&up, e->name))
			continue;
		if (!whiteout_name(wh, e->name) && names_find(&up, wh))
			continue;
		err = names_add(out, e->name, strlen(e->name), e->ino, e->dtype);
	}
	names_free(&up);
	names_free(&low);
	if (err)
		names_free(out);
	else if (out->n)
		qsort(out->e, out->n, sizeof(out->e[0]), entry_cmp);
	return err;
}

/* ---- overlay inodes ---- */

static void ovl_copy_attr(struct inode *ino)
{
	struct inode *real = ovl_real(ino);

	ino->mode = real->mode;
	ino->uid = real->uid;
	ino->gid = real->gid;
	ino->nlink = real->nlink;
	ino->size = real->size;
	ino->rdev = real->rdev;
	ino->blocks = real->blocks;
	ino->atime = real->atime;
	ino->mtime = real->mtime;
	ino->ctime = real->ctime;
	/* as overlayfs: a merged directory's link count means nothing */
	if (S_ISDIR(ino->mode) && OI(ino)->upper && OI(ino)->lower)
		ino->nlink = 1;
}

static void child_link(struct inode *dir, struct ovl_inode *oi)
{
	struct ovl_inode *d = OI(dir);

	oi->sib_prev = NULL;
	oi->sib_next = d->children;
	if (d->children)
		d->children->sib_prev = oi;
	d->children = oi;
}

static void child_unlink(struct ovl_inode *oi)
{
	struct ovl_inode *d = OI(oi->parent);

	if (oi->sib_prev)
		oi->sib_prev->sib_next = oi->sib_next;
	else
		d->children = oi->sib_next;
	if (oi->sib_next)
		oi->sib_next->sib_prev = oi->sib_prev;
	oi->sib_prev = oi->sib_next = NULL;
}

/* A new overlay inode for dir/name over upper and lower (references taken
 * over, also on failure); ino is its number. */
static struct inode *ovl_new_inode(struct super_block *sb, struct inode *dir,
				   const char *name, struct inode *upper,
				   struct inode *lower, u64 ino_nr)
{
	struct ovl_inode *oi = kzalloc(sizeof(*oi));
	struct inode *ino = NULL;

	if (!oi)
		goto out_put;
	ino = inode_alloc(sb, (upper ? upper : lower)->mode);
	if (!ino)
		goto out_put;
	if (name) {
		oi->name = kstrdup(name);
		if (!oi->name) {
			kfree(ino);
			ino = NULL;
			goto out_put;
		}
	}
	oi->vfs = ino;
	oi->upper = upper;
	oi->lower = lower;
	ino->priv = oi;
	ino->ino = ino_nr;
	ino->iop = &ovl_iops;
	if (S_ISREG(ino->mode))
		ino->fop = &ovl_file_fops;
	else if (S_ISDIR(ino->mode))
		ino->fop = &ovl_dir_fops;
	ovl_copy_attr(ino);
	if (dir) {
		oi->parent = inode_get(dir);
		child_link(dir, oi);
	}
	return ino;

out_put:
	kfree(oi);
	inode_put(upper);
	inode_put(lower);
	return NULL;
}

static void ovl_evict(struct inode *ino)
{
	struct ovl_inode *oi = OI(ino);

	if (!oi)
		return;
	if (oi->parent) {
		child_unlink(oi);
		inode_put(oi->parent);
	}
	inode_put(oi->upper);
	inode_put(oi->lower);
	kfree(oi->name);
	kfree(oi);
}

/* The live (cached) overlay inode of dir/name, or NULL. */
static struct inode *find_child(struct inode *dir, const char *name)
{
	for (struct ovl_inode *c = OI(dir)->children; c; c = c->sib_next)
		if (!c->dead && !strcmp(c->name, name))
			return c->vfs;
	return NULL;
}

/* The live children of dir called name are gone. */
static void mark_dead(struct inode *dir, const char *name)
{
	for (struct ovl_inode *c = OI(dir)->children; c; c = c->sib_next) {
		if (c->dead || strcmp(c->name, name))
			continue;
		c->dead = true;
		inode_name_gone(c->vfs);
	}
}

static int ovl_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct ovl_inode *d = OI(dir);
	struct inode *upper = NULL, *lower = NULL, *ino;
	char wh[NAME_MAX + 1];
	bool opaque = false;
	u64 nr;
	int err;

	if (reserved_name(name))
		return -ENOENT;
	if (d->upper) {
		err = real_lookup(d->upper, name, &upper);
		if (err && err != -ENOENT)
			return err;
	}
	if (upper && S_ISDIR(upper->mode)) {
		err = real_has(upper, WH_OPAQUE);
		if (err < 0)
			goto out_upper;
		opaque = err;
	}
	if (!upper && d->lower && d->upper && !whiteout_name(wh, name)) {
		err = real_has(d->upper, wh);
		if (err)
			return err < 0 ? err : -ENOENT;
	}
	if (d->lower && (!upper || S_ISDIR(upper->mode))) {
		err = real_lookup(d->lower, name, &lower);
		if (err && err != -ENOENT)
			goto out_upper;
	}
	if (!upper && !lower)
		return -ENOENT;
	/* An upper directory merges only with a lower directory. */
	if (upper && lower && !S_ISDIR(lower->mode)) {
		inode_put(lower);
		lower = NULL;
	}
	nr = lower ? lower->ino : upper_ino(OS(dir), upper->ino);
	if (opaque && lower) {
		inode_put(lower);
		lower = NULL;
	}
	ino = ovl_new_inode(dir->sb, dir, name, upper, lower, nr);
	if (!ino)
		return -ENOMEM;
	*out = ino;
	return 0;

out_upper:
	inode_put(upper);
	return err;
}

static int ovl_revalidate(struct inode *ino)
{
	struct inode *real = ovl_real(ino);
	int err = 0;

	if (OI(ino)->dead)
		return -ESTALE;
	if (real->iop && real->iop->revalidate)
		err = real->iop->revalidate(real);
	if (!err && (real->mode & S_IFMT) != (ino->mode & S_IFMT))
		err = -ESTALE;
	if (err == -ENOENT || err == -ESTALE) {
		/* the walk looks the name up afresh: this one is stale */
		OI(ino)->dead = true;
		return -ESTALE;
	}
	if (err)
		return err;
	ovl_copy_attr(ino);
	return 0;
}

static long real_readlink(struct inode *real, char *buf, size_t len)
{
	if (!real->iop || !real->iop->readlink)
		return -EINVAL;
	return real->iop->readlink(real, buf, len);
}

static long ovl_readlink(struct inode *ino, char *buf, size_t len)
{
	return real_readlink(ovl_real(ino), buf, len);
}

/* ---- copy-up ---- */

/* Owners (where the upper layer can keep them), mode, times of lower on
 * its copy u. */
static int copy_up_attr(struct inode *u, struct inode *lower)
{
	struct iattr ia = { .valid = ATTR_UID | ATTR_GID, .uid = lower->uid,
			    .gid = lower->gid };
	int err;

	if (!u->iop || !u->iop->setattr)
		return 0;
	if (u->uid != lower->uid || u->gid != lower->gid)
		u->iop->setattr(u, &ia);	/* a host UPPERDIR: -EPERM */
	ia.valid = ATTR_ATIME | ATTR_MTIME;
	ia.atime = lower->atime;
	ia.mtime = lower->mtime;
	if (!S_ISLNK(lower->mode)) {
		ia.valid |= ATTR_MODE;
		ia.mode = lower->mode & 07777;
	}
	err = u->iop->setattr(u, &ia);
	return S_ISLNK(lower->mode) ? 0 : err;
}

static int copy_data(struct ovl_sb *os, struct inode *lower, struct inode *u)
{
	struct file *in, *out;
	char *buf;
	s64 off = 0;
	long n, w;
	int err;

	err = real_open(os, lower, O_RDONLY, &in);
	if (err)
		return err;
	err = real_open(os, u, O_WRONLY, &out);
	if (err)
		goto out_in;
	buf = kmalloc(COPY_CHUNK);
	if (!buf) {
		err = -ENOMEM;
		goto out_out;
	}
	for (;;) {
		n = vfs_kernel_read(in, buf, COPY_CHUNK, off);
		if (n <= 0) {
			err = n;
			break;
		}
		w = vfs_kernel_write(out, buf, n, off);
		if (w != n) {
			err = w < 0 ? w : -EIO;
			break;
		}
		off += n;
	}
	kfree(buf);
out_out:
	file_put(out);
out_in:
	file_put(in);
	return err;
}

/* A regular file: its data under a temporary name, then renamed in. */
static int copy_up_file(struct ovl_sb *os, struct inode *pu, const char *name,
			struct inode *lower, struct inode **out)
{
	char tmp[NAME_MAX + 1];
	struct inode *u;
	int err;

	snprintf(tmp, sizeof(tmp), WH_TMP_FMT, os->next_tmp++);
	if (!pu->iop->create || !pu->iop->rename)
		return -EPERM;
	err = pu->iop->create(pu, tmp, S_IFREG | 0600, &u);
	if (err == -EEXIST && pu->iop->unlink) {
		/* left by a run that ended in the middle of a copy */
		pu->iop->unlink(pu, tmp);
		err = pu->iop->create(pu, tmp, S_IFREG | 0600, &u);
	}
	if (err)
		return err;
	err = copy_data(os, lower, u);
	if (!err)
		err = copy_up_attr(u, lower);
	if (!err)
		err = pu->iop->rename(pu, tmp, pu, name, RENAME_NOREPLACE);
	if (err) {
		inode_put(u);
		pu->iop->unlink(pu, tmp);
		/* copied already (by another inode of the same name) */
		if (err == -EEXIST)
			return real_lookup(pu, name, out);
		return err;
	}
	*out = u;
	return 0;
}

/* A directory, symlink or special file: made, then looked up. */
static int copy_up_other(struct ovl_sb *os, struct inode *pu, const char *name,
			 struct inode *lower, struct inode **out)
{
	const struct inode_ops *op = pu->iop;
	u32 mode = lower->mode;
	char *target;
	long n;
	int err;

	if (S_ISDIR(mode)) {
		err = op->mkdir ? op->mkdir(pu, name, S_IFDIR | 0700) : -EPERM;
		if (err == -EEXIST)	/* copied already: use it */
			return real_lookup(pu, name, out);
	} else if (S_ISLNK(mode)) {
		target = kmalloc(PATH_MAX);
		if (!target)
			return -ENOMEM;
		n = real_readlink(lower, target, PATH_MAX - 1);
		if (n >= 0) {
			target[n] = 0;
			err = op->symlink ? op->symlink(pu, name, target) : -EPERM;
		} else {
			err = n;
		}
		kfree(target);
	} else {
		err = op->mknod ? op->mknod(pu, name, mode, lower->rdev) : -EPERM;
	}
	if (err)
		return err;
	err = real_lookup(pu, name, out);
	if (!err)
		err = copy_up_attr(*out, lower);
	return err;
}

/*
 * Give ino an upper copy, its parents first.  A lower directory stays
 * beside its copy (merged); any other lower object is let go.
 */
static int ovl_copy_up(struct inode *ino)
{
	struct ovl_inode *oi = OI(ino);
	struct ovl_sb *os = OS(ino);
	struct inode *lower, *pu, *u;
	int err;

	if (oi->upper)
		return 0;
	if (oi->dead || !oi->parent)
		return -ENOENT;
	err = ovl_copy_up(oi->parent);
	if (err)
		return err;
	lower = inode_get(oi->lower);
	pu = OI(oi->parent)->upper;
	if (S_ISREG(lower->mode))
		err = copy_up_file(os, pu, oi->name, lower, &u);
	else
		err = copy_up_other(os, pu, oi->name, lower, &u);
	if (oi->upper) {		/* copied meanwhile (I/O may sleep) */
		if (!err)
			inode_put(u);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	origin_add(os, u->ino, lower->ino);	/* (ENOMEM: a new number later) */
	oi->upper = u;
	if (!S_ISDIR(lower->mode)) {
		oi->lower = NULL;
		inode_put(lower);
	}
	ovl_copy_attr(ino);
out:
	inode_put(lower);
	return err;
}

/* ---- changing the tree: always in the upper layer ---- */

/* Whether the lower layer has dir/name (visible or whited out): 1, 0 or
 * -errno. */
static int lower_has(struct inode *dir, const char *name)
{
	return OI(dir)->lower ? real_has(OI(dir)->lower, name) : 0;
}

static int make_marker(struct inode *du, const char *name)
{
	struct inode *m;
	int err;

	if (!du->iop->create)
		return -EPERM;
	err = du->iop->create(du, name, S_IFREG | 0600, &m);
	if (err)
		return err == -EEXIST ? 0 : err;
	inode_put(m);
	return 0;
}

static int make_whiteout(struct inode *du, const char *name)
{
	char wh[NAME_MAX + 1];
	int err = whiteout_name(wh, name);

	return err ? err : make_marker(du, wh);
}

/* Mark the upper directory du/name opaque. */
static int make_opaque(struct inode *du, const char *name)
{
	struct inode *d;
	int err;

	err = real_lookup(du, name, &d);
	if (err)
		return err;
	err = make_marker(d, WH_OPAQUE);
	inode_put(d);
	return err;
}

/* name was made in dir's upper layer: a whiteout it replaces goes. */
static void drop_whiteout(struct inode *dir, const char *name)
{
	struct inode *du = OI(dir)->upper;
	char wh[NAME_MAX + 1];

	if (OI(dir)->lower && !whiteout_name(wh, name) && du->iop->unlink)
		du->iop->unlink(du, wh);	/* -ENOENT: there was none */
}

/* Remove the markers from an upper directory whose merged listing is
 * empty, so that the real rmdir or rename over it can happen. */
static int clear_markers(struct ovl_sb *os, struct inode *du)
{
	struct ovl_names nl = { 0 };
	int err = real_list(os, du, &nl);

	for (int i = 0; !err && i < nl.n; i++) {
		if (!reserved_name(nl.e[i].name))
			err = -ENOTEMPTY;
		else if (du->iop->unlink)
			err = du->iop->unlink(du, nl.e[i].name);
	}
	names_free(&nl);
	return err;
}

/* A reserved name cannot be made; the directory gets its upper copy. */
static int prepare_add(struct inode *dir, const char *name)
{
	if (reserved_name(name))
		return -EINVAL;
	return ovl_copy_up(dir);
}

static int ovl_create(struct inode *dir, const char *name, u32 mode,
		      struct inode **out)
{
	struct inode *du, *u, *ino;
	int err = prepare_add(dir, name);

	if (err)
		return err;
	du = OI(dir)->upper;
	if (!du->iop->create)
		return -EPERM;
	err = du->iop->create(du, name, mode, &u);
	if (err)
		return err;
	drop_whiteout(dir, name);
	ino = ovl_new_inode(dir->sb, dir, name, u, NULL,
			    upper_ino(OS(dir), u->ino));
	if (!ino)
		return -ENOMEM;
	*out = ino;
	return 0;
}

static int ovl_mkdir(struct inode *dir, const char *name, u32 mode)
{
	struct inode *du;
	int opaque, err = prepare_add(dir, name);

	if (err)
		return err;
	du = OI(dir)->upper;
	/* over a whiteout: the lower directory must not show through */
	opaque = lower_has(dir, name);
	if (opaque < 0)
		return opaque;
	if (!du->iop->mkdir)
		return -EPERM;
	err = du->iop->mkdir(du, name, mode);
	if (err)
		return err;
	if (opaque) {
		err = make_opaque(du, name);
		if (err) {
			du->iop->rmdir(du, name);
			return err;
		}
	}
	drop_whiteout(dir, name);
	return 0;
}

static int ovl_symlink(struct inode *dir, const char *name, const char *target)
{
	struct inode *du;
	int err = prepare_add(dir, name);

	if (err)
		return err;
	du = OI(dir)->upper;
	err = du->iop->symlink ? du->iop->symlink(du, name, target) : -EPERM;
	if (!err)
		drop_whiteout(dir, name);
	return err;
}

static int ovl_mknod(struct inode *dir, const char *name, u32 mode, u64 rdev)
{
	struct inode *du;
	int err = prepare_add(dir, name);

	if (err)
		return err;
	du = OI(dir)->upper;
	err = du->iop->mknod ? du->iop->mknod(du, name, mode, rdev) : -EPERM;
	if (!err)
		drop_whiteout(dir, name);
	return err;
}

static int ovl_link(struct inode *old, struct inode *dir, const char *name)
{
	struct inode *du;
	int err = prepare_add(dir, name);

	if (!err)
		err = ovl_copy_up(old);
	if (err)
		return err;
	du = OI(dir)->upper;
	err = du->iop->link ? du->iop->link(OI(old)->upper, du, name) : -EPERM;
	if (err)
		return err;
	drop_whiteout(dir, name);
	ovl_copy_attr(old);
	return 0;
}

static int ovl_unlink(struct inode *dir, const char *name)
{
	struct inode *du;
	int in_lower, in_upper, err = ovl_copy_up(dir);

	if (err)
		return err;
	du = OI(dir)->upper;
	in_lower = lower_has(dir, name);
	if (in_lower < 0)
		return in_lower;
	in_upper = real_has(du, name);
	if (in_upper < 0)
		return in_upper;
	if (in_upper)
		err = du->iop->unlink ? du->iop->unlink(du, name) : -EPERM;
	if (!err && in_lower)
		err = make_whiteout(du, name);
	if (!err)
		mark_dead(dir, name);
	return err;
}

/* The live overlay inode of dir/name, or a new one (*tmp: to put). */
static int child_get(struct inode *dir, const char *name, struct inode **out,
		     struct inode **tmp)
{
	int err;

	*tmp = NULL;
	*out = find_child(dir, name);
	if (*out)
		return 0;
	err = ovl_lookup(dir, name, tmp);
	if (!err)
		*out = *tmp;
	return err;
}

/* 0 if the overlay directory dir shows nothing, else -ENOTEMPTY. */
static int ovl_dir_empty(struct inode *dir)
{
	struct ovl_names nl = { 0 };
	int err = ovl_list(dir, &nl);

	if (!err && nl.n)
		err = -ENOTEMPTY;
	names_free(&nl);
	return err;
}

static int ovl_rmdir(struct inode *dir, const char *name)
{
	struct inode *child, *tmp, *du;
	int in_lower, err;

	err = child_get(dir, name, &child, &tmp);
	if (err)
		return err;
	err = ovl_dir_empty(child);
	if (!err)
		err = ovl_copy_up(dir);
	if (err)
		goto out;
	du = OI(dir)->upper;
	in_lower = lower_has(dir, name);
	if (in_lower < 0) {
		err = in_lower;
		goto out;
	}
	if (OI(child)->upper) {
		err = clear_markers(OS(dir), OI(child)->upper);
		if (!err)
			err = du->iop->rmdir ? du->iop->rmdir(du, name) : -EPERM;
	}
	if (!err && in_lower)
		err = make_whiteout(du, name);
	if (!err)
		mark_dead(dir, name);
out:
	inode_put(tmp);
	return err;
}

/* The live inode ino is now ndir/nname. */
static void move_live(struct inode *ino, struct inode *ndir, const char *nname)
{
	struct ovl_inode *oi = OI(ino);
	struct inode *odir = oi->parent;
	char *name = kstrdup(nname);

	if (!name) {
		oi->dead = true;	/* looked up afresh next time */
		return;
	}
	kfree(oi->name);
	oi->name = name;
	if (odir != ndir) {
		child_unlink(oi);
		oi->parent = inode_get(ndir);
		child_link(ndir, oi);
		inode_put(odir);
	}
}

/*
 * rename(2) in the upper layer, after copying up what moves.  A directory
 * the lower layer has cannot move (-EXDEV: mv copies it instead).  What
 * moves away from a lower name leaves a whiteout; a directory moved over
 * a lower name becomes opaque.
 */
static int ovl_rename(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned flags)
{
	bool exchange = flags & RENAME_EXCHANGE;
	struct inode *src, *dst, *tsrc, *tdst = NULL, *ou, *nu;
	int old_lower, new_lower, err;

	if (reserved_name(nname))
		return -EINVAL;
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	err = child_get(odir, oname, &src, &tsrc);
	if (err)
		return err;
	err = child_get(ndir, nname, &dst, &tdst);
	if (err == -ENOENT)
		dst = NULL;
	else if (err)
		goto out;
	err = 0;
	if ((S_ISDIR(src->mode) && OI(src)->lower) ||
	    (exchange && dst && S_ISDIR(dst->mode) && OI(dst)->lower))
		err = -EXDEV;
	else if (dst && !exchange && S_ISDIR(dst->mode))
		err = ovl_dir_empty(dst);
	if (!err)
		err = ovl_copy_up(odir);
	if (!err)
		err = ovl_copy_up(ndir);
	if (!err)
		err = ovl_copy_up(src);
	if (!err && exchange)
		err = ovl_copy_up(dst);
	if (err)
		goto out;
	ou = OI(odir)->upper;
	nu = OI(ndir)->upper;
	old_lower = lower_has(odir, oname);
	new_lower = lower_has(ndir, nname);
	if (old_lower < 0 || new_lower < 0) {
		err = old_lower < 0 ? old_lower : new_lower;
		goto out;
	}
	if (dst && !exchange && S_ISDIR(dst->mode) && OI(dst)->upper) {
		err = clear_markers(OS(ndir), OI(dst)->upper);
		if (err)
			goto out;
	}
	err = ou->iop->rename ? ou->iop->rename(ou, oname, nu, nname, flags) :
				-EPERM;
	if (err)
		goto out;
	if (S_ISDIR(src->mode) && new_lower)
		err = make_opaque(nu, nname);
	if (!err && exchange && S_ISDIR(dst->mode) && old_lower)
		err = make_opaque(ou, oname);
	if (!err && !exchange && old_lower)
		err = make_whiteout(ou, oname);
	if (!exchange)
		drop_whiteout(ndir, nname);
	if (err)
		pr_warn("overlay: rename of %s: the upper layer is left inconsistent: %s",
			oname, errno_name(-err));
	if (dst && !exchange)
		OI(dst)->dead = true;
	move_live(src, ndir, nname);
	if (exchange)
		move_live(dst, odir, oname);
out:
	inode_put(tsrc);
	inode_put(tdst);
	return err;
}

static int ovl_setattr(struct inode *ino, const struct iattr *ia)
{
	struct inode *u;
	int err = ovl_copy_up(ino);

	if (err)
		return err;
	u = OI(ino)->upper;
	err = u->iop->setattr ? u->iop->setattr(u, ia) : -EPERM;
	ovl_copy_attr(ino);
	return err;
}

static int ovl_truncate(struct inode *ino, s64 size)
{
	struct inode *u;
	int err = ovl_copy_up(ino);

	if (err)
		return err;
	u = OI(ino)->upper;
	err = u->iop->truncate ? u->iop->truncate(u, size) : -EPERM;
	ovl_copy_attr(ino);
	return err;
}

/* ---- open files: a real file underneath ---- */

struct ovl_dir {
	struct ovl_names nl;		/* the listing, made at position 0 */
	bool listed;
};

static int ovl_open(struct inode *ino, struct file *f)
{
	struct file *real;
	int err;

	if (S_ISDIR(ino->mode)) {
		f->priv = kzalloc(sizeof(struct ovl_dir));
		f->fop = &ovl_dir_fops;
		return f->priv ? 0 : -ENOMEM;
	}
	if (!S_ISREG(ino->mode))
		return -ENXIO;
	if ((f->flags & O_ACCMODE) != O_RDONLY) {
		err = ovl_copy_up(ino);
		if (err)
			return err;
	}
	err = real_open(OS(ino), ovl_real(ino), f->flags & (O_ACCMODE | O_APPEND),
			&real);
	if (err)
		return err;
	f->priv = real;
	f->fop = real->fop && real->fop->get_page ? &ovl_file_pc_fops :
						    &ovl_file_fops;
	ovl_copy_attr(ino);
	return 0;
}

static const struct inode_ops ovl_iops = {
	.lookup = ovl_lookup,
	.revalidate = ovl_revalidate,
	.readlink = ovl_readlink,
	.create = ovl_create,
	.mkdir = ovl_mkdir,
	.mknod = ovl_mknod,
	.unlink = ovl_unlink,
	.rmdir = ovl_rmdir,
	.rename = ovl_rename,
	.symlink = ovl_symlink,
	.truncate = ovl_truncate,
	.open = ovl_open,
	.evict = ovl_evict,
	.setattr = ovl_setattr,
	.link = ovl_link,
};

static struct file *real_file(struct file *f)
{
	return f->priv;
}

static long ovl_read(struct file *f, struct uio *u, s64 *pos)
{
	return vfs_read(real_file(f), u, pos);
}

static long ovl_write(struct file *f, struct uio *u, s64 *pos)
{
	struct file *rf = real_file(f);
	long n;

	/* F_SETFL changed f's O_APPEND, not the real file's */
	rf->flags = (rf->flags & ~O_APPEND) | (f->flags & O_APPEND);
	n = vfs_write(rf, u, pos);

	ovl_copy_attr(f->inode);
	return n;
}

static int ovl_getattr(struct file *f, struct linux_stat *st)
{
	struct file *rf = real_file(f);
	struct linux_stat rst;
	int err;

	err = vfs_fstat(rf, &rst);
	if (err)
		return err;
	ovl_copy_attr(f->inode);
	vfs_fill_stat(f->inode, st);
	return 0;
}

static s64 ovl_llseek(struct file *f, s64 off, int whence)
{
	struct file *rf = real_file(f);
	struct linux_stat st;

	if (whence == SEEK_END || whence == SEEK_DATA || whence == SEEK_HOLE)
		vfs_fstat(rf, &st);
	return generic_llseek(f, off, whence, rf->inode->size);
}

static int ovl_mmap(struct file *f)
{
	struct file *rf = real_file(f);

	return rf->fop && rf->fop->mmap ? rf->fop->mmap(rf) : -ENODEV;
}

static int ovl_get_page(struct file *f, u64 index, bool write, pfn_t *pfn)
{
	struct file *rf = real_file(f);

	return rf->fop->get_page(rf, index, write, pfn);
}

static int ovl_host_fd(struct file *f)
{
	struct file *rf = real_file(f);

	return rf->fop && rf->fop->host_fd ? rf->fop->host_fd(rf) : -ENODEV;
}

static void ovl_release(struct file *f)
{
	file_put(real_file(f));
}

/* fallocate, sync_file_range and fadvise: the real file's. */
static int ovl_fallocate(struct file *f, int mode, s64 off, s64 len)
{
	int err = vfs_fallocate(real_file(f), mode, off, len);

	ovl_copy_attr(f->inode);
	return err;
}

static int ovl_sync_range(struct file *f, s64 off, s64 nbytes, unsigned flags)
{
	return vfs_sync_file_range(real_file(f), off, nbytes, flags);
}

static int ovl_fadvise(struct file *f, s64 off, s64 len, int advice)
{
	struct file *rf = real_file(f);

	return rf->fop && rf->fop->fadvise ? rf->fop->fadvise(rf, off, len, advice) : 0;
}

static const struct file_ops ovl_file_fops = {
	.fallocate = ovl_fallocate,
	.sync_range = ovl_sync_range,
	.fadvise = ovl_fadvise,
	.read = ovl_read,
	.write = ovl_write,
	.llseek = ovl_llseek,
	.mmap = ovl_mmap,
	.host_fd = ovl_host_fd,
	.getattr = ovl_getattr,
	.release = ovl_release,
};

/* The same, over a file whose data is a page cache (a tmpfs upper). */
static const struct file_ops ovl_file_pc_fops = {
	.fallocate = ovl_fallocate,
	.sync_range = ovl_sync_range,
	.fadvise = ovl_fadvise,
	.read = ovl_read,
	.write = ovl_write,
	.llseek = ovl_llseek,
	.mmap = ovl_mmap,
	.get_page = ovl_get_page,
	.host_fd = ovl_host_fd,
	.getattr = ovl_getattr,
	.release = ovl_release,
};

/* Positions: 0 ".", 1 "..", then 2 + the index in the listing. */
static int ovl_readdir(struct file *f, struct dir_ctx *ctx)
{
	struct ovl_dir *od = f->priv;
	struct inode *ino = f->inode;
	struct inode *parent = OI(ino)->parent ? OI(ino)->parent : ino;
	int err;

	if (ctx->pos == 0 || !od->listed) {
		names_free(&od->nl);
		err = ovl_list(ino, &od->nl);
		if (err)
			return err;
		od->listed = true;
	}
	for (;;) {
		s64 i = ctx->pos;
		bool more;

		if (i == 0) {
			more = dir_emit(ctx, ".", 1, ino->ino, DT_DIR, 1);
		} else if (i == 1) {
			more = dir_emit(ctx, "..", 2, parent->ino, DT_DIR, 2);
		} else if (i - 2 < od->nl.n) {
			struct ovl_entry *e = &od->nl.e[i - 2];

			more = dir_emit(ctx, e->name, strlen(e->name), e->ino,
					e->dtype, i + 1);
		} else {
			return 0;
		}
		if (!more)
			return 0;
	}
}

static s64 ovl_dir_llseek(struct file *f, s64 off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_llseek(f, off, whence, 0);
}

static int ovl_dir_getattr(struct file *f, struct linux_stat *st)
{
	ovl_revalidate(f->inode);
	vfs_fill_stat(f->inode, st);
	return 0;
}

static void ovl_dir_release(struct file *f)
{
	struct ovl_dir *od = f->priv;

	if (od) {
		names_free(&od->nl);
		kfree(od);
	}
}

static const struct file_ops ovl_dir_fops = {
	.readdir = ovl_readdir,
	.llseek = ovl_dir_llseek,
	.getattr = ovl_dir_getattr,
	.release = ovl_dir_release,
};

/* ---- the file system ---- */

/* Space is the upper layer's: that is where changes go. */
static int ovl_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct super_block *usb = ((struct ovl_sb *)sb->priv)->upper_sb;

	return usb->ops && usb->ops->statfs ? usb->ops->statfs(usb, st) : 0;
}

static const struct super_ops ovl_sops = {
	.statfs = ovl_statfs,
};

int overlay_new(struct inode *upper_root, struct inode *lower_root,
		struct super_block **sbp, struct inode **rootp)
{
	struct super_block *sb = sb_alloc("overlay", OVERLAYFS_SUPER_MAGIC,
					  &ovl_sops);
	struct ovl_sb *os = kzalloc(sizeof(*os));
	struct inode *root;
	u64 nr;
	int err;

	if (!sb || !os) {
		err = -ENOMEM;
		goto out_free;
	}
	os->lower_sb = lower_root->sb;
	os->upper_sb = upper_root->sb;
	sb->priv = os;
	err = real_has(upper_root, WH_OPAQUE);
	if (err < 0)
		goto out_free;
	nr = lower_root->ino;
	if (err) {		/* an opaque root: the lower tree is all hidden */
		inode_put(lower_root);
		lower_root = NULL;
		nr = upper_root->ino | OVL_UPPER_INO;
	}
	root = ovl_new_inode(sb, NULL, NULL, upper_root, lower_root, nr);
	if (!root) {
		kfree(os);
		kfree(sb);
		return -ENOMEM;
	}
	*sbp = sb;
	*rootp = root;
	return 0;

out_free:
	kfree(os);
	kfree(sb);
	inode_put(upper_root);
	inode_put(lower_root);
	return err;
}
