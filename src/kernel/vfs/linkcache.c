// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The link cache: readlink(2) answers the stub's handler may give alone.
 *
 * A compiler's realpath() calls readlink on every prefix of every header
 * and directory it canonicalises: a build of 51 files makes 53 000 of them,
 * 43% of all its syscalls, for ~300 paths, and each names a directory or a
 * missing file (-EINVAL, -ENOENT).  A round trip to umk costs ~6 us; the
 * handler's answer from this cache (stub_abi.h, STUB_FAST) ~2.5 us, the
 * SIGSYS it arrives by included.
 *
 * umk writes an entry after it has answered a readlink itself, when the
 * answer can only change through something umk sees:
 *  - the path is absolute, with no ".", ".." or "//", from the task's
 *    root (ctl->fast_root: the root of every task of the process);
 *  - every directory on it is in the dentry cache, searchable by anyone
 *    (mode 0111: no credential changes the answer), and *stable*
 *    (super_ops->stable_dir: each change of its names or attributes passes
 *    through umk's VFS, or reaches umk as a host inotify event);
 *  - the last name is cached and not a symlink (-EINVAL), or missing from
 *    its directory (-ENOENT).
 * Entries rest on the inodes they pass (lc_gen) and on the directories
 * of missing names (lc_neg_gen): each holds the gen it was marked in, so
 * marks of ended entries cost nothing.  Anything that may change
 * what they said ends them all (gen): such an inode leaves the dentry
 * cache (unlink, rename, eviction: dcache.c's hash_del) or changes its
 * attributes, a name is made in such a directory (the fsnotify hooks), a
 * mount changes, a root changes, or hostfs reads a host event about one
 * (or loses events).  While hostfs reads the host's events drain_seq is
 * odd, and the handler asks the host whether events wait before it
 * answers (FIONREAD), so a host change finished before the guest's
 * syscall is seen, as with any other syscall.
 *
 * Not cached, so always umk's: symlinks (readlink's real answers, and an
 * atime Linux moves), procfs and other synthetic trees, --trace runs.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "syscall.h"
#include "vfs/vfs.h"
#include "umk/platform.h"
#include "umk/stub_abi.h"

static struct stub_fast_hdr *table;
u32 linkcache_gen;			/* table->gen, or 0: no table */
static u32 next_root = 1;
static u64 publishes, invalidations;

void linkcache_init(void)
{
	table = plat_fast_table();
	if (table && plat_fast_watch_fd() < 0)
		pr_info("linkcache: the stubs cannot see host events: hostfs paths not cached");
	if (table) {
		linkcache_gen = 1;
		__atomic_store_n(&table->gen, linkcache_gen, __ATOMIC_RELEASE);
	}
}

bool linkcache_host_events_seen(void)
{
	return plat_fast_watch_fd() >= 0;
}

u32 linkcache_new_root(void)
{
	if (!++next_root)
		next_root = 1;
	return next_root;
}

void linkcache_invalidate(void)
{
	if (!table)
		return;
	if (!++linkcache_gen)
		linkcache_gen = 1;
	__atomic_store_n(&table->gen, linkcache_gen, __ATOMIC_RELEASE);
	invalidations++;
}

void linkcache_drain_begin(void)
{
	if (table)
		__atomic_store_n(&table->drain_seq, table->drain_seq + 1, __ATOMIC_RELEASE);
}

void linkcache_drain_end(void)
{
	linkcache_drain_begin();
}

/* A root changed (chroot): every process asks umk again. */
void linkcache_roots_changed(void)
{
	for (struct process *p = process_next(NULL); p; p = process_next(p))
		if (p->mm && p->mm->as)
			plat_as_set_fast_root(p->mm->as, 0);
}

/* The root every process using t's mm has, or 0 (vfork shares an mm). */
static u32 mm_root(struct task *t)
{
	struct mm *mm = t->proc->mm;
	u32 root = t->proc->fs->root_id;

	for (struct process *p = process_next(NULL); p; p = process_next(p))
		if (p->mm == mm && p->fs->root_id != root)
			return 0;
	return root;
}

static bool stable_dir(struct inode *dir)
{
	const struct super_ops *ops = dir->sb->ops;

	return S_ISDIR(dir->mode) && (dir->mode & 0111) == 0111 && !(dir->iflags & I_DEADDIR) &&
	       ops && ops->stable_dir && ops->stable_dir(dir);
}

/* Down through the mounts on *p, as the walk goes. */
static void cross_mounts(struct path *p)
{
	struct mount *m;

	while ((m = lookup_mnt(p))) {
		p->mnt = m;
		p->dentry = m->root;
	}
}

/* Walk path (canonical, absolute) in the dentry cache from root, checking
 * the rules above; mark what the entry rests on.  Touches no file system. */
static bool walk_stable(const struct path *root, const char *path, size_t len, long result)
{
	struct inode *marks[64];
	int nmarks = 0;
	struct path cur = *root;
	char name[NAME_MAX + 1];
	size_t i = 1;

	cross_mounts(&cur);
	for (;;) {
		struct inode *dir = cur.dentry->inode;
		size_t n = 0;

		if (!dir || !stable_dir(dir) || nmarks == ARRAY_SIZE(marks))
			return false;
		marks[nmarks++] = dir;
		while (i + n < len && path[i + n] != '/')
			n++;
		if (!n || n > NAME_MAX)
			return false;
		memcpy(name, path + i, n);
		name[n] = 0;
		if ((n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.'))
			return false;
		i += n + 1;

		struct dentry *d = d_peek(cur.dentry, name);
		bool last = i > len;

		if (!d) {
			if (!last || result != -ENOENT)
				return false;
			dir->lc_neg_gen = linkcache_gen;
			break;
		}
		if (!d->inode)
			return false;
		cur.dentry = d;
		cross_mounts(&cur);
		if (last) {
			if (S_ISLNK(cur.dentry->inode->mode) || result != -EINVAL)
				return false;
			cur.dentry->inode->lc_gen = linkcache_gen;
			break;
		}
		if (S_ISLNK(cur.dentry->inode->mode))
			return false;
	}
	for (int k = 0; k < nmarks; k++)
		marks[k]->lc_gen = linkcache_gen;
	return true;
}

void linkcache_readlink(struct task *t, const char *path, long result)
{
	size_t len = strlen(path);

	if (!table || trace_fd >= 0 || !t->proc->mm || !t->proc->mm->as)
		return;
	u32 root = mm_root(t);

	plat_as_set_fast_root(t->proc->mm->as, root);
	if (!root || (result != -EINVAL && result != -ENOENT))
		return;
	if (len < 2 || len > STUB_FAST_PATH || path[0] != '/')
		return;	/* walk_stable refuses empty names ("//", a last '/') */
	if (!walk_stable(&t->proc->fs->root, path, len, result))
		return;

	u32 hash = stub_fast_hash(root, path, len);
	struct stub_fast_entry *e = (void *)((char *)table + stub_fast_slot(hash) * STUB_FAST_ENTRY);

	__atomic_store_n(&e->gen, 0, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	e->root = root;
	e->hash = hash;
	e->result = (s16)result;
	e->len = (u16)len;
	memcpy(e->path, path, len);
	__atomic_store_n(&e->gen, linkcache_gen, __ATOMIC_RELEASE);
	publishes++;
}

void linkcache_stats(u64 *published, u64 *invalidated)
{
	*published = publishes;
	*invalidated = invalidations;
}
