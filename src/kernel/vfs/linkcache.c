// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The link cache: readlink(2) answers the stub's handler may give alone.
 *
 * A compiler's realpath() calls readlink on every prefix of every header
 * and directory it canonicalises: a build of 51 files makes 53 000 of them,
 * 43% of all its syscalls, for ~300 paths, and each names a directory or a
 * missing file (-EINVAL, -ENOENT).  A round trip to umk costs ~6 us; the
 * handler's answer from this cache (stub_abi.h, STUB_FAST) ~2.75 us, the
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
 * Entries rest on the directories they pass (lc_gen) and on their last
 * name (the inode's lc_last; for a missing one, the directory's
 * lc_neg_gen and a bucket of neg_marks): each mark holds the gen it was
 * made in, so marks of ended entries cost nothing.  A change of such a
 * directory ends all entries (gen); a change of a last name ends the
 * entries that end in it (below).  Changes are seen where the VFS looks
 * anyway: an inode leaves the dentry cache (unlink, rename, eviction:
 * dcache.c's hash_del) or changes its attributes, a name is made (the
 * fsnotify hooks), a mount or a root changes, hostfs reads a host event
 * about one (or loses events).  While hostfs reads the host's events
 * drain_seq is odd, and the handler asks the host whether events wait
 * before it answers (FIONREAD), so a host change finished before the
 * guest's syscall is seen, as with any other syscall.
 *
 * Not cached, so always umk's: symlinks (readlink's real answers, and an
 * atime Linux moves), procfs and other synthetic trees, --trace runs.
 * Every guest process can read the table: it holds hashes of the paths,
 * never their names.
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


/*
 * What entries ending in one name rest on, a struct linkcache_mark: the
 * gen of its marks, how many entries, the slot of the last.  For a name
 * found, the inode's lc_last; for a name missing, a bucket of neg_marks by
 * (directory, name) hash.  When that changes, the one entry goes, not all:
 * a build makes each object where the compiler driver found its name
 * missing, and removes each temporary file the assembler canonicalised.
 * Two entries, or two names in one bucket, end all.
 */
#define NEG_MARKS 1024
static struct linkcache_mark neg_marks[NEG_MARKS];

/* A stub may be reading the entry: seq is odd while it changes. */
static void entry_begin(struct stub_fast_entry *e)
{
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void entry_end(struct stub_fast_entry *e)
{
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELEASE);
}

static void mark_add(struct linkcache_mark *m, u32 slot)
{
	if (m->gen != linkcache_gen) {
		m->gen = linkcache_gen;
		m->count = 0;
	}
	if (m->count != 1 || m->slot != slot)
		m->count++;
	m->slot = slot;
}

static void mark_end(struct linkcache_mark *m)
{
	if (m->gen != linkcache_gen)
		return;
	if (m->count != 1) {
		linkcache_invalidate();
		return;
	}
	struct stub_fast_entry *e = (void *)((char *)table + m->slot * STUB_FAST_ENTRY);

	entry_begin(e);
	e->gen = 0;
	entry_end(e);
	m->gen = 0;
}

static u32 neg_bucket(const struct inode *dir, const char *name, size_t len)
{
	u64 h[2];

	stub_fast_hash((u32)(uintptr_t)dir ^ (u32)((uintptr_t)dir >> 32), name, len, h);
	return h[0] % NEG_MARKS;
}

void linkcache_check_name(const struct inode *dir, const char *name)
{
	if (name)
		mark_end(&neg_marks[neg_bucket(dir, name, strlen(name))]);
	else
		linkcache_invalidate();
}

void linkcache_check_inode(struct inode *ino)
{
	if (ino->lc_gen == linkcache_gen)
		linkcache_invalidate();
	else
		mark_end(&ino->lc_last);
}

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
	if (!++next_root) {
		/* ids may repeat from now on: no more cache (after 4e9
		 * chroots) */
		next_root = 1;
		if (table) {
			pr_info("linkcache: out of root ids: off");
			linkcache_invalidate();
			linkcache_roots_changed();
			table = NULL;
			linkcache_gen = 0;
		}
	}
	return next_root;
}

void linkcache_invalidate(void)
{
	if (!table)
		return;
	if (!++linkcache_gen) {
		/* a gen comes again: no entry of its first time may stay */
		for (u32 i = 1; i < STUB_FAST_SLOTS; i++) {
			struct stub_fast_entry *e = (struct stub_fast_entry *)table + i;

			entry_begin(e);
			e->gen = 0;
			entry_end(e);
		}
		linkcache_gen = 1;
	}
	__atomic_store_n(&table->gen, linkcache_gen, __ATOMIC_RELEASE);
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
		if (p->mm == mm && (!p->fs || p->fs->root_id != root))
			return 0;
	return root;
}

static bool stable_dir(struct inode *dir)
{
	const struct super_ops *ops = dir->sb->ops;

	return S_ISDIR(dir->mode) && (dir->mode & 0111) == 0111 && !(dir->iflags & I_DEADDIR) &&
	       ops && ops->stable_dir && ops->stable_dir(dir);
}

/* Walk path (canonical, absolute) in the dentry cache from root, checking
 * the rules above; mark what the entry rests on.  Touches no file system. */
static bool walk_stable(const struct path *root, const char *path, size_t len, long result,
			struct linkcache_mark **mark)
{
	struct inode *marks[64];
	int nmarks = 0;
	struct path cur = *root;
	char name[NAME_MAX + 1];
	size_t i = 1;

	path_cross_mounts(&cur);
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
			*mark = &neg_marks[neg_bucket(dir, name, n)];
			break;
		}
		if (!d->inode)
			return false;
		cur.dentry = d;
		path_cross_mounts(&cur);
		if (last) {
			if (S_ISLNK(cur.dentry->inode->mode) || result != -EINVAL)
				return false;
			*mark = &cur.dentry->inode->lc_last;
			break;
		}
		if (S_ISLNK(cur.dentry->inode->mode))
			return false;
	}
	for (int k = 0; k < nmarks; k++)
		marks[k]->lc_gen = linkcache_gen;
	return true;
}

static struct stub_fast_entry *slot_entry(u64 hash, u32 way)
{
	return (void *)((char *)table + stub_fast_slot(hash, way) * STUB_FAST_ENTRY);
}

/* Tell t's process its root (its stub answers from then on), or 0. */
static u32 set_root(struct task *t)
{
	if (!table || trace_fd >= 0 || !t->proc->mm || !t->proc->mm->as)
		return 0;
	u32 root = mm_root(t);

	plat_as_set_fast_root(t->proc->mm->as, root);
	return root;
}

void linkcache_exec(struct task *t)
{
	set_root(t);
}

void linkcache_readlink(struct task *t, const char *path, long result)
{
	static u32 victim;	/* the way a full set gives up next */
	size_t len = strlen(path);
	u32 root = set_root(t);

	if (!root || (result != -EINVAL && result != -ENOENT))
		return;
	if (len < 2 || len > STUB_FAST_PATH || path[0] != '/')
		return;	/* walk_stable refuses empty names ("//", a last '/') */
	struct linkcache_mark *last = NULL;

	if (!walk_stable(&t->proc->fs->root, path, len, result, &last))
		return;

	u64 hash[2];
	struct stub_fast_entry *e = NULL;

	stub_fast_hash(root, path, len, hash);

	/* the way that holds the path, else one holding nothing current,
	 * else each in turn */
	for (u32 way = 0; way < 2 && !e; way++) {
		struct stub_fast_entry *w = slot_entry(hash[0], way);

		if (w->root == root && w->len == len && w->hash[0] == hash[0] &&
		    w->hash[1] == hash[1])
			e = w;
	}
	for (u32 way = 0; way < 2 && !e; way++)
		if (slot_entry(hash[0], way)->gen != linkcache_gen)
			e = slot_entry(hash[0], way);
	if (!e) {
		e = slot_entry(hash[0], victim);
		victim ^= 1;
	}

	entry_begin(e);
	e->gen = linkcache_gen;
	e->root = root;
	e->result = (s16)result;
	e->len = (u16)len;
	e->hash[0] = hash[0];
	e->hash[1] = hash[1];
	entry_end(e);
	mark_add(last, (u32)(e - (struct stub_fast_entry *)table));
}
