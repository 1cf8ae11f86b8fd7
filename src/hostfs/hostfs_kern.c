// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostfs, the kernel half: a host directory tree as a umk file system.
 *
 * Each hostfs inode remembers where it is on the host: its parent inode
 * (a reference) and its name there, and the host's (st_dev, st_ino), which
 * is its identity.  A directory can hold an O_PATH fd of itself, opened on
 * first use from its parent's fd and one name; at most HOSTFS_MAX_DIRFDS
 * of those stay open (least recently used are closed first, and reopened
 * from their parent when needed again: after a check that the name still
 * names the same directory).  Only the mount's root fd (from the launcher)
 * is kept for good.  Regular files are opened from their parent's fd when
 * the guest opens them; their fd lives as long as the open file.
 *
 * The host may change under umk, so ->revalidate (called by the walk on
 * every cached dentry it uses) lstats the name again: gone is -ENOENT,
 * replaced by another file is -ESTALE (the walk looks it up afresh), else
 * the attributes are refreshed -- unless a host inotify watch vouches
 * that nothing changed since the last stat (see "watches" below).
 *
 * Ownership: the invoking host user and group are the guest's root; every
 * other host id shows as nobody (65534), except when umk runs as the host's
 * root: then ids show as they are (host_uid_to_guest).  Modes are the
 * host's.  Device
 * nodes, fifos and sockets of the host tree are never opened on the host:
 * the VFS sends character devices to umk's own drivers.  In metadata mode
 * (umk run --fake-owners), owners, special modes and device nodes the
 * guest sets are kept in user.umk.* attributes of the host files (see
 * "metadata mode" below).
 *
 * Writes (create, mkdir, mknod of fifos and sockets, unlink, rmdir, rename, symlink, link, truncate,
 * write, chmod, times) go to the host the same one-name way; a read-only
 * mount never reaches them.  Owners cannot change on the host (but see
 * metadata mode).  Because the host operation gets names, not inodes, each directory
 * inode keeps a list of its live children, so rename and unlink can bring
 * the children's (parent, name) up to date.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "hostfs.h"
#include "abi/inotify.h"

struct hostfs_inode {
	struct inode *vfs;		/* the inode this is the priv of */
	struct inode *parent;		/* a reference; NULL for the root */
	char *name;			/* in parent; NULL for the root */
	u64 host_dev, host_ino;		/* identity on the host */
	int dirfd;			/* O_PATH fd of a directory, or -1 */
	int tmpfd;			/* O_TMPFILE: its host fd until named, or -1 */
	s64 valid_until;		/* a directory: trusted until (monotonic ns) */
	u64 id;				/* unique for the negative cache */
	int wd;				/* its host watch, or -1 */
	bool unwatchable;		/* the host refused one: not again */
	u8 stats;			/* a file: revalidations by stat */
	struct hostfs_inode *wd_next;	/* in watch_hash */
	u32 trust_gen;			/* == watch_gen: no stat needed */
	s64 trust_until;		/* ... before this (realtime s) */
	u32 neg_gen;			/* a directory: its negative entries' */
	bool dead;			/* its name is gone on the host */
	bool on_lru;
	int created_fd;			/* the fd hostfs_create opened, for
					 * the open that follows, or -1 */
	struct hostfs_inode *lru_prev, *lru_next;
	struct hostfs_inode *children;	/* live inodes named in this dir */
	struct hostfs_inode *sib_prev, *sib_next;
	/* the host's own view, from its last stat */
	u32 host_mode, host_uid, host_gid;
	struct linux_timespec host_ctime;
	/* metadata mode: what user.umk.* of the host file said, read again
	 * whenever the host's ctime moved (setxattr moves it too) */
	bool fake_loaded;
	struct linux_timespec fake_ctime;
	unsigned fake_have;		/* 1 << FAKE_* */
	u32 fake_uid, fake_gid, fake_mode;
	u64 fake_rdev;
	struct hostfs_file *files;	/* its open files */
};

struct hostfs_sb {
	int root_fd;
	bool fake;			/* metadata mode (--fake-owners) */
	bool watch;			/* a host file system watches can trust */
	bool noatime, relatime;		/* how reads move its access times */
};

/* An open file: its own host fd, on its inode's list (so that a file
 * whose name is gone can still be changed through one). */
struct hostfs_file {
	int fd;
	s8 map_sure;		/* host_map_sure: 0 not known yet, 1, -1 */
	s8 exec_sure;		/* ... with PROT_EXEC */
	struct hostfs_file *next;
};

static const struct inode_ops hostfs_iops;
static const struct file_ops hostfs_file_fops, hostfs_dir_fops;
static void fake_update(struct inode *ino, int fd);

static struct hostfs_inode *lru_first, *lru_last;
static unsigned lru_count;

static struct hostfs_inode *HI(struct inode *ino)
{
	return ino->priv;
}

/* ---- the bounded cache of directory fds ---- */

static void lru_del(struct hostfs_inode *hi)
{
	if (!hi->on_lru)
		return;
	if (hi->lru_prev)
		hi->lru_prev->lru_next = hi->lru_next;
	else
		lru_first = hi->lru_next;
	if (hi->lru_next)
		hi->lru_next->lru_prev = hi->lru_prev;
	else
		lru_last = hi->lru_prev;
	hi->lru_prev = hi->lru_next = NULL;
	hi->on_lru = false;
	lru_count--;
}

static void lru_add(struct hostfs_inode *hi)
{
	hi->lru_next = NULL;
	hi->lru_prev = lru_last;
	if (lru_last)
		lru_last->lru_next = hi;
	else
		lru_first = hi;
	lru_last = hi;
	hi->on_lru = true;
	lru_count++;
}

/* Close the least recently used directory fds beyond the bound.  Called
 * at the start of each operation, so fds an operation holds stay open
 * until it ends. */
static void lru_trim(void)
{
	while (lru_count > HOSTFS_MAX_DIRFDS) {
		struct hostfs_inode *hi = lru_first;

		lru_del(hi);
		host_close(hi->dirfd);
		hi->dirfd = -1;
	}
}

#define DIR_TRUST_NS 1000000000LL

/* statfs(2)'s f_flags (the host's mount flags) that hostfs reads */
#define ST_NOEXEC	0x8
#define ST_NOATIME	0x400
#define ST_RELATIME	0x1000

/*
 * Host file systems of local disks and memory, by statfs(2)'s f_type:
 * the host surely maps their files (hostfs_host_map_sure), and all their
 * changes pass through the host kernel, so its inotify watches see them
 * ("watches" below) -- except overlayfs's, whose layers may change under
 * it unseen.
 */
static const struct {
	u32 magic;
	bool watch;
} local_fs[] = {
	{ 0xef53, true },	/* ext2/3/4 */
	{ 0x58465342, true },	/* xfs */
	{ 0x9123683e, true },	/* btrfs */
	{ 0x01021994, true },	/* tmpfs */
	{ 0x794c7630, false },	/* overlayfs */
	{ 0x73717368, true },	/* squashfs */
	{ 0xf2f52010, true },	/* f2fs */
};

/* Whether f_type is in local_fs (and *watch: watches see its changes). */
static bool is_local_fs(s64 f_type, bool *watch)
{
	for (unsigned i = 0; i < ARRAY_SIZE(local_fs); i++) {
		if ((u32)f_type == local_fs[i].magic) {
			*watch = local_fs[i].watch;
			return true;
		}
	}
	*watch = false;
	return false;
}

/*
 * ---- watches: noticing host changes without a stat ----
 *
 * Revalidating by stat costs a host call each time a path names a file,
 * and looking up a name that is not there costs one each time too: a
 * build does that tens of thousands of times (the compiler's include
 * search).  So, on host file systems whose every change passes through
 * the host kernel (local_fs: not network or FUSE ones, whose other clients
 * the host never hears of, nor overlayfs), each directory hostfs looks into gets a
 * host inotify watch, and each regular file one at its third
 * revalidation (watch_file: one used that often is likely to be used
 * again, and a watch costs three host calls more than a stat; `ls -l`
 * uses each file twice), each made before the stat it covers.  What a
 * stat saw after that stays true until an event names it:
 *  - the inode is *trusted* (trust_gen == watch_gen): revalidate returns
 *    at once.  A directory or regular file needs its own watch for that
 *    (a directory's entries -- its times and link count -- and a change
 *    through another name of a file are reported there alone); a symlink,
 *    fifo or socket cannot have one and is trusted with one link only.
 *    Nor is one trusted whose access time a read may move (no event says
 *    so): with relatime, one whose atime is not past its mtime and ctime,
 *    and that only until its atime is a day old; with strictatime, none;
 *  - a name found missing is kept in the negative cache (neg_*).
 * An event on a name untrusts the children of that name, one that adds
 * or removes a name also the directory and its negative entries; an event
 * on the directory itself untrusts it.  Before trust is used the events
 * are read (a host FIONREAD, nearly always 0, then reads), at most once
 * for each guest event umk handles (kernel_entries): a change the host finished
 * before the guest's syscall came in is seen, as with a stat.  A host
 * queue that overflowed (IN_Q_OVERFLOW) or cannot be read ends all trust
 * (watch_gen).  Where no watch can be made (no /proc, no read permission
 * on the directory, the host's limit of watches), hostfs stats as before.
 */
#define WATCH_FILE (IN_ATTRIB | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
#define WATCH_DIR (WATCH_FILE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		   IN_ONLYDIR)
#define WATCH_NAMING (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
#define WATCH_MAX 8192		/* watches umk makes at most */
#define WATCH_FILE_AFTER 3	/* a file's own watch: at its 3rd stat */
#define WATCH_BUCKETS 256

static int watch_fd = -1;		/* the host inotify fd, once made */
static bool watch_broken;		/* it could not be: no watches */
static u32 watch_gen = 1;
static u64 watch_drained;		/* kernel_entries at the last read */
static unsigned watch_count;
static u64 watch_hits;			/* stats and lookups saved */
static struct hostfs_inode *watch_hash[WATCH_BUCKETS];
static u64 next_id;


static struct hostfs_inode **watch_bucket(int wd)
{
	return &watch_hash[(unsigned)wd % WATCH_BUCKETS];
}

/* Stop trusting what the stat of hi said. */
static void untrust(struct hostfs_inode *hi)
{
	hi->trust_gen = 0;
	hi->valid_until = 0;
}

/* dir's entries changed: its attributes and its negative entries go. */
static void untrust_entries(struct hostfs_inode *d)
{
	untrust(d);
	d->neg_gen++;
}

static void watch_unhash(struct hostfs_inode *d)
{
	struct hostfs_inode **pp = watch_bucket(d->wd);

	while (*pp != d)
		pp = &(*pp)->wd_next;
	*pp = d->wd_next;
	d->wd_next = NULL;
	d->wd = -1;
	watch_count--;
}

/* d's watch is gone (the host's IN_IGNORED, or d's end): nothing it
 * covered is trusted any more. */
static void watch_forget(struct hostfs_inode *d)
{
	watch_unhash(d);
	untrust_entries(d);
	for (struct hostfs_inode *c = d->children; c; c = c->sib_next)
		untrust(c);
}

/* d is going: its watch with it, unless another inode shares the host's
 * watch (one host file under two names, or mounted twice). */
static void watch_drop(struct hostfs_inode *d)
{
	int wd = d->wd;

	if (wd < 0)
		return;
	watch_unhash(d);
	for (struct hostfs_inode *o = *watch_bucket(wd); o; o = o->wd_next)
		if (o->wd == wd)
			return;
	hostfs_user_unwatch(watch_fd, wd);
}

/* Whether hi (of sb; fd: an O_PATH host fd of it) is watched, a watch
 * made now (mask: WATCH_*) if it can be. */
static bool watch_add(struct hostfs_inode *hi, struct super_block *sb, int fd, u32 mask)
{
	struct hostfs_sb *hs = sb->priv;
	int wd;

	if (hi->wd >= 0)
		return true;
	if (!hs->watch || watch_broken || hi->unwatchable)
		return false;
	if (watch_count >= WATCH_MAX) {
		hi->unwatchable = true;	/* not tried again: stats, as before */
		return false;
	}
	if (watch_fd < 0) {
		watch_fd = hostfs_user_watch_init();
		if (watch_fd < 0) {
			pr_once(LOG_INFO, "hostfs: no host inotify (%d): every use stats", watch_fd);
			watch_broken = true;
			return false;
		}
	}
	wd = hostfs_user_watch(watch_fd, fd, mask);
	if (wd < 0) {
		if (wd == -ENOSPC)
			pr_once(LOG_INFO, "hostfs: the host's inotify watches ran out: files are statted");
		hi->unwatchable = true;
		return false;
	}
	hi->wd = wd;
	hi->wd_next = *watch_bucket(wd);
	*watch_bucket(wd) = hi;
	watch_count++;
	return true;
}

static bool watch_ensure(struct inode *dir, int dfd)
{
	return watch_add(HI(dir), dir->sb, dfd, WATCH_DIR);
}

/* One event; name: what follows it (NUL-padded), "" for none. */
static void watch_event(const struct linux_inotify_event *ev, const char *name)
{
	struct hostfs_inode *d, *next;

	/* what the link cache rests on: names and attributes, not data */
	const u32 naming = ev->mask & ~(u32)(IN_MODIFY | IN_CLOSE_WRITE);

	if (ev->mask & IN_Q_OVERFLOW) {
		if (!++watch_gen)
			watch_gen = 1;
		linkcache_invalidate();
		return;
	}
	for (d = *watch_bucket(ev->wd); d; d = next) {
		next = d->wd_next;
		if (d->wd != ev->wd)
			continue;
		if (ev->mask & IN_IGNORED) {
			linkcache_inode_changed(d->vfs);
			linkcache_name_made(d->vfs, NULL);
			watch_forget(d);
		} else if (name[0]) {
			for (struct hostfs_inode *c = d->children; c; c = c->sib_next) {
				if (strcmp(c->name, name))
					continue;
				untrust(c);
				if (naming)
					linkcache_inode_changed(c->vfs);
			}
			if (ev->mask & (IN_CREATE | IN_MOVED_TO))
				linkcache_name_made(d->vfs, name);
			if (ev->mask & WATCH_NAMING)
				untrust_entries(d);
		} else {
			untrust(d);
			if (naming)
				linkcache_inode_changed(d->vfs);
		}
	}
}

/* Read the events the host has queued, unless that was done since the
 * current guest event came in. */
static void watch_drain(void)
{
	static union {
		struct linux_inotify_event ev;
		char b[4096];
	} buf;
	const size_t most = sizeof(struct linux_inotify_event) + 256;
	long n, off;

	if (watch_fd < 0)
		return;
	if (current && current->entry_seq && watch_drained >= current->entry_seq)
		return;
	watch_drained = kernel_entries;
	/* nearly always nothing: then no read, and the link cache's
	 * handlers need not wait for one (drain_seq stays even) */
	if (hostfs_user_watch_pending(watch_fd) == 0)
		return;
	linkcache_drain_begin();
	do {
		n = hostfs_user_watch_read(watch_fd, buf.b, sizeof(buf.b));
		if (n < 0) {
			if (n != -EAGAIN) {
				if (!++watch_gen)
					watch_gen = 1;
				linkcache_invalidate();
			}
			break;
		}
		for (off = 0; off + (long)sizeof(buf.ev) <= n;) {
			const struct linux_inotify_event *ev = (const void *)(buf.b + off);

			off += (long)sizeof(*ev);
			watch_event(ev, ev->len && off + ev->len <= n ? buf.b + off : "");
			off += ev->len;
		}
		/* a read with room left for another event emptied the queue */
	} while ((size_t)n > sizeof(buf.b) - most);
	linkcache_drain_end();
}

/* Whether hi may be used without a stat. */
static bool trusted(struct hostfs_inode *hi)
{
	if (hi->trust_gen != watch_gen || vfs_now().tv_sec >= hi->trust_until)
		return false;
	watch_drain();
	if (hi->trust_gen != watch_gen)
		return false;
	watch_hits++;
	return true;
}

u64 hostfs_watch_hits(void)
{
	return watch_hits;
}

static bool ts_after(struct linux_timespec a, struct linux_timespec b)
{
	return a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec;
}

/* ino was just statted, its parent's watch and its own (if any) made
 * before that: trust it if the rules above let it be. */
static void trust(struct inode *ino)
{
	struct hostfs_inode *hi = HI(ino);
	struct hostfs_sb *hs = ino->sb->priv;

	hi->trust_gen = 0;
	if (!hi->parent || HI(hi->parent)->wd < 0)
		return;
	if (S_ISDIR(ino->mode) || S_ISREG(ino->mode) ? hi->wd < 0 : ino->nlink > 1)
		return;
	if (hs->noatime) {
		hi->trust_until = (s64)(~0ULL >> 1);
	} else if (hs->relatime && ts_after(ino->atime, ino->mtime) &&
		   ts_after(ino->atime, ino->ctime)) {
		/* Linux's relatime: a read moves an atime a day old */
		hi->trust_until = ino->atime.tv_sec + 86400 - 60;
	} else {
		return;
	}
	hi->trust_gen = watch_gen;
}

/* The negative cache: names found missing in watched directories,
 * direct-mapped (a new entry takes its slot). */
#define NEG_SLOTS 1024
#define NEG_NAME 48

static struct neg_entry {
	u64 dir_id;
	u32 dir_gen, watch_gen;
	char name[NEG_NAME];
} neg_cache[NEG_SLOTS];

static struct neg_entry *neg_slot(const struct hostfs_inode *d, const char *name)
{
	u64 h = 0xcbf29ce484222325ULL ^ d->id;

	for (const char *p = name; *p; p++)
		h = (h ^ (u8)*p) * 0x100000001b3ULL;
	return &neg_cache[(h ^ (h >> 32)) % NEG_SLOTS];
}

static bool neg_valid(const struct hostfs_inode *d, const char *name)
{
	const struct neg_entry *e = neg_slot(d, name);

	return d->wd >= 0 && e->dir_id == d->id && e->dir_gen == d->neg_gen &&
	       e->watch_gen == watch_gen && !strcmp(e->name, name);
}

/* Whether name is known to be missing from d. */
static bool neg_has(struct hostfs_inode *d, const char *name)
{
	if (!neg_valid(d, name))
		return false;
	watch_drain();
	if (!neg_valid(d, name))
		return false;
	watch_hits++;
	return true;
}

static void neg_add(struct hostfs_inode *d, const char *name)
{
	struct neg_entry *e = neg_slot(d, name);
	size_t len = strlen(name);

	if (len >= NEG_NAME || d->wd < 0)
		return;
	e->dir_id = d->id;
	e->dir_gen = d->neg_gen;
	e->watch_gen = watch_gen;
	memcpy(e->name, name, len + 1);
}

static int open_errno(int err)
{
	if (err == -ENOSYS)
		pr_once(LOG_ERR, "hostfs: the host has no openat2 (Linux 5.6 or later is needed)");
	if (err == -EXDEV) {
		/* a host mount point inside the tree: not ours to enter */
		pr_once(LOG_INFO, "hostfs: host mount points are not crossed");
		return -EACCES;
	}
	return err;
}

static int hostfs_dirfd(struct inode *ino);

/* Open hi's name in its parent directory on the host (flags as for
 * hostfs_user_open) and check that the name still holds hi's host file
 * (-ESTALE when it holds another now): the fd, with its stat in *st. */
static int open_checked(struct hostfs_inode *hi, int flags, struct linux_stat *st)
{
	int dfd, fd, err;

	if (!hi->parent || hi->dead)
		return -ENOENT;
	dfd = hostfs_dirfd(hi->parent);
	if (dfd < 0)
		return dfd;
	fd = hostfs_user_open(dfd, hi->name, flags, 0);
	if (fd < 0)
		return open_errno(fd);
	err = host_fstat(fd, st);
	if (!err && (st->st_dev != hi->host_dev || st->st_ino != hi->host_ino))
		err = -ESTALE;
	if (err) {
		host_close(fd);
		return err;
	}
	return fd;
}

/* The O_PATH fd of the directory ino, opened if need be. */
static int hostfs_dirfd(struct inode *ino)
{
	struct hostfs_inode *hi = HI(ino);
	struct linux_stat st;
	int fd;

	if (hi->dirfd >= 0) {
		if (hi->on_lru) {
			lru_del(hi);
			lru_add(hi);
		}
		return hi->dirfd;
	}
	fd = open_checked(hi, O_PATH | O_DIRECTORY, &st);
	if (fd < 0)
		return fd;
	hi->dirfd = fd;
	lru_add(hi);
	return fd;
}

/* An O_PATH host fd of ino: a directory's own (*owned false), else one
 * opened from its parent and checked to be ino (*owned true: close it).
 * (No lru_trim: the caller's operation may hold directory fds.) */
static int hostfs_path_fd(struct inode *ino, bool *owned)
{
	struct hostfs_inode *hi = HI(ino);
	struct linux_stat st;
	int fd;

	*owned = false;
	if (S_ISDIR(ino->mode))
		return hostfs_dirfd(ino);
	fd = open_checked(hi, O_PATH, &st);
	if (fd >= 0)
		*owned = true;
	return fd;
}

/* ---- metadata mode (umk run --fake-owners) ----
 *
 * What the host cannot record for an unprivileged umk -- an owner other
 * than the invoking user, a setuid or setgid bit, a device node -- is
 * kept in extended attributes of the host file, as text:
 *   user.umk.uid, user.umk.gid   decimal guest ids
 *   user.umk.mode                octal st_mode, type included
 *   user.umk.rdev                "major:minor" of a device node
 * Each is there only when it differs from what the host's own stat
 * shows the guest: files the invoking user made as guest root carry none.
 * A device node is an empty host regular file of mode 0600 with its
 * user.umk.mode and user.umk.rdev.  The host file keeps at least owner
 * read and write (directories: and search) so that umk can always read
 * and change the attributes; user.umk.mode then holds the real mode.
 * Only regular files and directories can carry user.* attributes on
 * Linux, so symlinks, fifos and sockets keep the host's owner.  The guest
 * never sees the names themselves (hostfs_xattr).
 */

/* Names umk keeps for itself on host files. */
#define UMK_XATTR_PREFIX "user.umk."

enum { FAKE_UID, FAKE_GID, FAKE_MODE, FAKE_RDEV, FAKE_N };

static const char *const fake_names[FAKE_N] = {
	"user.umk.uid", "user.umk.gid", "user.umk.mode", "user.umk.rdev",
};

/* Whether ino's owner and mode may be faked: metadata mode is on, and
 * the host file can carry user.* attributes. */
static bool fake_on(struct inode *ino)
{
	struct hostfs_sb *hs = ino->sb->priv;
	u32 type = HI(ino)->host_mode & S_IFMT;

	return hs && hs->fake && (type == S_IFREG || type == S_IFDIR);
}

/* A decimal (base 10) or octal (8) number that fits in max, or false. */
static bool parse_num(const char **sp, unsigned base, u64 max, u64 *out)
{
	const char *s = *sp;
	u64 v = 0;

	if (*s < '0' || *s >= '0' + (int)base)
		return false;
	for (; *s >= '0' && *s < '0' + (int)base; s++) {
		v = v * base + (u64)(*s - '0');
		if (v > max)
			return false;
	}
	*sp = s;
	*out = v;
	return true;
}

static bool fake_parse(struct hostfs_inode *hi, int which, const char *val)
{
	u64 a, b;

	switch (which) {
	case FAKE_UID:
	case FAKE_GID:
		if (!parse_num(&val, 10, 0xfffffffe, &a) || *val)
			return false;
		if (which == FAKE_UID)
			hi->fake_uid = (u32)a;
		else
			hi->fake_gid = (u32)a;
		return true;
	case FAKE_MODE:
		if (!parse_num(&val, 8, 0177777, &a) || *val)
			return false;
		hi->fake_mode = (u32)a;
		return true;
	case FAKE_RDEV:
		if (!parse_num(&val, 10, 0xffffffff, &a) || *val++ != ':' ||
		    !parse_num(&val, 10, 0xffffffff, &b) || *val)
			return false;
		hi->fake_rdev = vfs_mkdev((u32)a, (u32)b);
		return true;
	}
	return false;
}

/* Whether the list (n bytes of NUL-terminated names) has a user.umk.* */
static bool list_has_umk(const char *list, long n)
{
	long off;

	for (off = 0; off < n; off += strlen(list + off) + 1)
		if (!strncmp(list + off, UMK_XATTR_PREFIX, strlen(UMK_XATTR_PREFIX)))
			return true;
	return false;
}

/* Read user.umk.* of ino (through fd, any host fd of it, or -1). */
static int fake_load(struct inode *ino, int fd)
{
	struct hostfs_inode *hi = HI(ino);
	char list[512], val[32];
	unsigned have = 0;
	bool owned = false;
	int i, err = 0;
	long n;

	if (fd < 0) {
		fd = hostfs_path_fd(ino, &owned);
		if (fd < 0)
			return fd;
	}
	/* One call in the common case: no names of umk's at all. */
	n = hostfs_user_listxattr(fd, list, sizeof(list));
	if (n >= 0 && !list_has_umk(list, n))
		goto out;
	if (n < 0 && n != -ERANGE) {
		err = n;
		goto out;
	}
	for (i = 0; i < FAKE_N; i++) {
		n = hostfs_user_getxattr(fd, fake_names[i], val, sizeof(val) - 1);
		if (n == -ENODATA)
			continue;
		if (n < 0 && n != -ERANGE) {
			err = n;
			goto out;
		}
		if (n >= 0) {
			val[n] = 0;
			if (fake_parse(hi, i, val)) {
				have |= 1u << i;
				continue;
			}
		}
		pr_once(LOG_WARN, "hostfs: --fake-owners: a malformed %s on a host file is ignored",
			fake_names[i]);
	}
out:
	hi->fake_have = err ? 0 : have;
	if (owned)
		host_close(fd);
	return err;
}

/* ino's attributes as the guest sees them: the host's (hostfs_fill has
 * just put them there) with the recorded ones on top. */
static void fake_apply(struct inode *ino)
{
	struct hostfs_inode *hi = HI(ino);
	u32 type = hi->fake_mode & S_IFMT;

	if (hi->fake_have & (1u << FAKE_UID))
		ino->uid = hi->fake_uid;
	if (hi->fake_have & (1u << FAKE_GID))
		ino->gid = hi->fake_gid;
	if (!(hi->fake_have & (1u << FAKE_MODE)))
		return;
	if (S_ISREG(hi->host_mode) && (type == S_IFCHR || type == S_IFBLK)) {
		/* a device node (umk's drivers serve it when opened) */
		ino->mode = hi->fake_mode;
		ino->rdev = (hi->fake_have & (1u << FAKE_RDEV)) ? hi->fake_rdev : 0;
		ino->size = 0;
		ino->blocks = 0;
		ino->fop = NULL;
	} else {
		ino->mode = (ino->mode & S_IFMT) | (hi->fake_mode & 07777);
	}
}

/* After hostfs_fill: in metadata mode, the recorded attributes on top,
 * read again from the host if its ctime moved.  fd: any host fd of ino,
 * or -1. */
static void fake_update(struct inode *ino, int fd)
{
	struct hostfs_inode *hi = HI(ino);
	int err;

	if (!fake_on(ino))
		return;
	if (!hi->fake_loaded || hi->fake_ctime.tv_sec != hi->host_ctime.tv_sec ||
	    hi->fake_ctime.tv_nsec != hi->host_ctime.tv_nsec) {
		err = fake_load(ino, fd);
		if (err) {
			/* -EACCES: a host mount point (never entered), or a
			 * file the host does not let umk read: quietly the
			 * host's attributes, as without metadata mode. */
			if (err != -EACCES)
				pr_once(LOG_WARN, "hostfs: --fake-owners: cannot read user.umk.* of a host file (%s): its host owner and mode show",
					errno_name(-err));
			hi->fake_loaded = false;
			return;
		}
		hi->fake_loaded = true;
		hi->fake_ctime = hi->host_ctime;
	}
	fake_apply(ino);
}

/* Record value as user.umk.<which> of the file of fd, or remove it when
 * it equals the host's own (dflt). */
static int fake_store(int fd, int which, u64 value, u64 dflt)
{
	char val[32];
	int err;

	if (value == dflt) {
		err = hostfs_user_removexattr(fd, fake_names[which]);
		return err == -ENODATA ? 0 : err;
	}
	if (which == FAKE_MODE)
		snprintf(val, sizeof(val), "%o", (unsigned)value);
	else if (which == FAKE_RDEV)
		snprintf(val, sizeof(val), "%u:%u", vfs_major(value), vfs_minor(value));
	else
		snprintf(val, sizeof(val), "%u", (unsigned)value);
	return hostfs_user_setxattr(fd, fake_names[which], val, strlen(val), 0);
}

/* The host mode bits umk asks for a guest mode: at least owner read and
 * write (and search for a directory); what the host then has
 * (hostfs_user.c's host_mode drops setuid, and setgid on files). */
static u32 fake_host_request(u32 mode)
{
	return (mode & 07777) | (S_ISDIR(mode) ? 0700 : 0600);
}

static u32 fake_host_result(u32 mode)
{
	return fake_host_request(mode) & (S_ISDIR(mode) ? 03777 : 01777);
}

/*
 * The guest made dir/name with mode (type and permission bits, after the
 * umask; for a device node the host has an empty regular file) and rdev:
 * record what the host's file does not say.  The creator's ids (the
 * group of a setgid directory) where they are not what the host's owner
 * shows; the mode where the host's differs.  fd: a host fd of the new
 * file, or -1.
 */
static int fake_created(struct inode *dir, int dfd, const char *name,
			u32 mode, u64 rdev, int fd)
{
	const struct cred *c = &current->proc->cred;
	struct linux_stat st;
	bool owned = false;
	u32 gid;
	int err;

	if (fd < 0) {
		fd = hostfs_user_open(dfd, name, O_PATH, 0);
		if (fd < 0)
			return open_errno(fd);
		owned = true;
	}
	err = host_fstat(fd, &st);
	if (err)
		goto out;
	gid = c->fsgid;
	if (dir->mode & S_ISGID) {
		/* BSD group semantics; a directory passes the bit on */
		gid = dir->gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	/* (a new file has none yet: nothing to remove) */
	if (c->fsuid != host_uid_to_guest(st.st_uid))
		err = fake_store(fd, FAKE_UID, c->fsuid, (u64)-1);
	if (!err && gid != host_gid_to_guest(st.st_gid))
		err = fake_store(fd, FAKE_GID, gid, (u64)-1);
	if (!err && mode != st.st_mode)
		err = fake_store(fd, FAKE_MODE, mode, (u64)-1);
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)))
		err = fake_store(fd, FAKE_RDEV, rdev, (u64)-1);
out:
	if (owned)
		host_close(fd);
	return err;
}

/*
 * chown and chmod in metadata mode: owners go to user.umk.uid/gid, the
 * mode to the host (with owner read and write kept) and, where that is
 * not all of it, to user.umk.mode.  dfd: the parent's fd.
 */
static int fake_setattr(struct inode *ino, int dfd, const struct iattr *ia)
{
	struct hostfs_inode *hi = HI(ino);
	bool device = S_ISREG(hi->host_mode) && !S_ISREG(ino->mode);
	u32 need = S_ISDIR(ino->mode) ? 0700 : 0600;
	u32 mode = ino->mode;
	bool owned;
	int fd, err = 0;

	/* First make sure umk can write the attributes: the host mode. */
	if (ia->valid & ATTR_MODE)
		mode = (mode & S_IFMT) | (ia->mode & 07777);
	if (((ia->valid & ATTR_MODE) || (hi->host_mode & need) != need) && !device) {
		if (!hi->parent)
			return -EPERM;	/* a mount's root: no name to chmod */
		err = hostfs_user_chmodat(dfd, hi->name, fake_host_request(mode));
		if (err)
			return err;
	}
	fd = hostfs_path_fd(ino, &owned);
	if (fd < 0)
		return fd;
	if (ia->valid & ATTR_UID)
		err = fake_store(fd, FAKE_UID, ia->uid, host_uid_to_guest(hi->host_uid));
	if (!err && (ia->valid & ATTR_GID))
		err = fake_store(fd, FAKE_GID, ia->gid, host_gid_to_guest(hi->host_gid));
	if (!err && ((ia->valid & ATTR_MODE) || (hi->host_mode & need) != need))
		err = fake_store(fd, FAKE_MODE, mode,
				 device ? (u64)-1 : (ino->mode & S_IFMT) | fake_host_result(mode));
	if (owned)
		host_close(fd);
	hi->fake_loaded = false;
	return err;
}

/* ---- inodes ---- */

static void hostfs_fill(struct inode *ino, const struct linux_stat *st)
{
	struct hostfs_inode *hi = HI(ino);

	hi->host_dev = st->st_dev;
	hi->host_ino = st->st_ino;
	hi->host_mode = st->st_mode;
	hi->host_uid = st->st_uid;
	hi->host_gid = st->st_gid;
	hi->host_ctime = st->st_ctim;
	ino->ino = st->st_ino;
	ino->mode = st->st_mode;
	ino->nlink = st->st_nlink;
	ino->uid = host_uid_to_guest(st->st_uid);
	ino->gid = host_gid_to_guest(st->st_gid);
	ino->rdev = st->st_rdev;
	ino->size = st->st_size;
	ino->blocks = st->st_blocks;
	ino->atime = st->st_atim;
	ino->mtime = st->st_mtim;
	ino->ctime = st->st_ctim;
}

static void child_link(struct inode *dir, struct hostfs_inode *hi)
{
	struct hostfs_inode *d = HI(dir);

	hi->sib_prev = NULL;
	hi->sib_next = d->children;
	if (d->children)
		d->children->sib_prev = hi;
	d->children = hi;
}

static void child_unlink(struct hostfs_inode *hi)
{
	struct hostfs_inode *d = HI(hi->parent);

	if (hi->sib_prev)
		hi->sib_prev->sib_next = hi->sib_next;
	else
		d->children = hi->sib_next;
	if (hi->sib_next)
		hi->sib_next->sib_prev = hi->sib_prev;
	hi->sib_prev = hi->sib_next = NULL;
}

static struct inode *hostfs_new_inode(struct super_block *sb, struct inode *dir,
				      const char *name,
				      const struct linux_stat *st)
{
	struct hostfs_inode *hi = kzalloc(sizeof(*hi));
	struct inode *ino;

	if (!hi)
		return NULL;
	hi->created_fd = -1;
	ino = inode_alloc(sb, st->st_mode);
	if (!ino)
		goto out_hi;
	if (name) {
		hi->name = kstrdup(name);
		if (!hi->name)
			goto out_ino;
	}
	hi->vfs = ino;
	hi->id = ++next_id;
	hi->wd = -1;
	hi->dirfd = -1;
	hi->tmpfd = -1;
	ino->priv = hi;
	ino->iop = &hostfs_iops;
	hostfs_fill(ino, st);
	if (S_ISREG(st->st_mode))
		ino->fop = &hostfs_file_fops;
	else if (S_ISDIR(st->st_mode))
		ino->fop = &hostfs_dir_fops;
	if (dir) {
		hi->parent = inode_get(dir);
		child_link(dir, hi);
	}
	fake_update(ino, -1);
	return ino;

out_ino:
	kfree(ino);
out_hi:
	kfree(hi);
	return NULL;
}

static void hostfs_evict(struct inode *ino)
{
	struct hostfs_inode *hi = HI(ino);

	if (!hi)
		return;
	lru_del(hi);
	watch_drop(hi);
	if (hi->created_fd >= 0)
		host_close(hi->created_fd);
	if (hi->tmpfd >= 0)
		host_close(hi->tmpfd);
	if (hi->parent) {
		if (hi->dirfd >= 0)
			host_close(hi->dirfd);
		child_unlink(hi);
		inode_put(hi->parent);
	}
	kfree(hi->name);
	kfree(hi);
}

static int hostfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct linux_stat st;
	struct inode *ino;
	bool watched;
	int dfd, err;

	lru_trim();
	if (neg_has(HI(dir), name))
		return -ENOENT;
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	watched = watch_ensure(dir, dfd);
	err = hostfs_user_fstatat(dfd, name, &st);
	if (err == -ENOENT && watched)
		neg_add(HI(dir), name);
	if (err)
		return err;
	ino = hostfs_new_inode(dir->sb, dir, name, &st);
	if (!ino)
		return -ENOMEM;
	trust(ino);
	*out = ino;
	return 0;
}

/* Stat the regular file ino by its name in the directory of dfd, giving
 * it its own watch first (so that it can be trusted from now on). */
static int watch_file(struct inode *ino, int dfd, struct linux_stat *st)
{
	struct hostfs_inode *hi = HI(ino);
	int fd = hostfs_user_open(dfd, hi->name, O_PATH, 0);
	int err;

	if (fd < 0)
		return open_errno(fd);
	watch_add(hi, ino->sb, fd, WATCH_FILE);
	err = host_fstat(fd, st);
	host_close(fd);
	if (!err && (st->st_dev != hi->host_dev || st->st_ino != hi->host_ino))
		watch_drop(hi);		/* another file has the name now */
	return err;
}

static int hostfs_revalidate(struct inode *ino)
{
	struct hostfs_inode *hi = HI(ino);
	struct linux_stat st;
	int fd, err;

	lru_trim();
	if (hi->dead)
		return -ENOENT;
	/* A directory checked within the last second is trusted: walks
	 * through it need no host call, not even for reading events. */
	if (S_ISDIR(ino->mode) && host_monotonic_ns() < hi->valid_until)
		return 0;
	if (trusted(hi)) {
		if (S_ISDIR(ino->mode))
			hi->valid_until = host_monotonic_ns() + DIR_TRUST_NS;
		return 0;
	}
	if (hi->tmpfd >= 0) {
		err = host_fstat(hi->tmpfd, &st);
	} else if (!hi->parent) {
		err = hostfs_user_fstatat(hi->dirfd, "", &st);
	} else {
		fd = hostfs_dirfd(hi->parent);
		if (fd < 0)
			return fd == -ENOENT ? -ESTALE : fd;
		if (watch_ensure(hi->parent, fd) && S_ISREG(ino->mode) && hi->wd < 0 &&
		    !hi->unwatchable && ++hi->stats >= WATCH_FILE_AFTER)
			err = watch_file(ino, fd, &st);
		else
			err = hostfs_user_fstatat(fd, hi->name, &st);
	}
	if (err)
		return err;
	if (st.st_dev != hi->host_dev || st.st_ino != hi->host_ino ||
	    (st.st_mode & S_IFMT) != (hi->host_mode & S_IFMT))
		return -ESTALE;
	hostfs_fill(ino, &st);
	fake_update(ino, -1);
	if (S_ISDIR(ino->mode))
		hi->valid_until = host_monotonic_ns() + DIR_TRUST_NS;
	trust(ino);
	return 0;
}

/* dir's entries changed: its link count, size and times are the host's
 * again at the next look (not a second later), and a name missing before
 * may be there now. */
static void dir_changed(struct inode *dir)
{
	untrust_entries(HI(dir));
}

static long hostfs_readlink(struct inode *ino, char *buf, size_t len)
{
	struct hostfs_inode *hi = HI(ino);
	int fd;

	lru_trim();
	if (!hi->parent)
		return -EINVAL;
	fd = hostfs_dirfd(hi->parent);
	if (fd < 0)
		return fd;
	return hostfs_user_readlinkat(fd, hi->name, buf, len);
}

/* Open ino on the host for I/O (flags: O_ACCMODE).  Never O_APPEND on the
 * host: the guest's O_APPEND comes and goes with F_SETFL, so hostfs_write
 * finds the end itself. */
static int hostfs_host_open(struct inode *ino, int flags)
{
	struct hostfs_inode *hi = HI(ino);
	struct linux_stat st;
	int fd, dfd;

	/* A read-only tree (an overlay's lower one) is never opened for
	 * writing, whoever asks. */
	if (ino->sb->rdonly && (flags & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	lru_trim();
	if (S_ISDIR(ino->mode)) {
		dfd = hostfs_dirfd(ino);
		if (dfd < 0)
			return dfd;
		fd = hostfs_user_open_dir_self(dfd);
		return fd < 0 ? open_errno(fd) : fd;
	}
	if (!hi->parent || hi->dead)
		return -ENOENT;
	if (hi->created_fd >= 0) {
		/* open(O_CREAT) of a new file: the creating open may write
		 * whatever the new mode says (tar and git make read-only
		 * files so), which a second host open would not */
		fd = hi->created_fd;
		hi->created_fd = -1;
		return fd;
	}
	fd = open_checked(hi, flags, &st);
	if (fd < 0)
		return fd;
	hostfs_fill(ino, &st);
	fake_update(ino, fd);
	return fd;
}

static int hostfs_open(struct inode *ino, struct file *f)
{
	struct hostfs_file *hf;
	int fd;

	if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode))
		return -ENXIO;
	hf = kzalloc(sizeof(*hf));
	if (!hf)
		return -ENOMEM;
	/* a file with no name: the VFS keeps to f's access mode */
	if (HI(ino)->tmpfd >= 0)
		fd = host_dup(HI(ino)->tmpfd);
	else
		fd = hostfs_host_open(ino, f->flags & O_ACCMODE);
	if (fd < 0) {
		kfree(hf);
		return fd;
	}
	hf->fd = fd;
	hf->next = HI(ino)->files;
	HI(ino)->files = hf;
	f->priv = hf;
	return 0;
}

/* ---- changing the host tree (read-write mounts only) ---- */

static int hostfs_create(struct inode *dir, const char *name, u32 mode,
			 struct inode **out)
{
	struct linux_stat st;
	struct inode *ino;
	int dfd, fd, err;

	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	fd = hostfs_user_open(dfd, name, O_CREAT | O_EXCL | O_RDWR,
			      fake_on(dir) ? fake_host_request(mode) : mode);
	if (fd < 0)
		return open_errno(fd);
	err = fake_on(dir) ? fake_created(dir, dfd, name, mode, 0, fd) : 0;
	if (!err)
		err = host_fstat(fd, &st);
	if (err) {
		host_close(fd);
		hostfs_user_unlinkat(dfd, name, false);
		return err;
	}
	ino = hostfs_new_inode(dir->sb, dir, name, &st);
	if (!ino) {
		host_close(fd);
		return -ENOMEM;
	}
	HI(ino)->created_fd = fd;	/* for the open that follows */
	dir_changed(dir);
	*out = ino;
	return 0;
}

/* O_TMPFILE: the host's, in the directory's fd; the inode keeps the host
 * fd (each open file gets a dup) until linkat names it. */
static int hostfs_tmpfile(struct inode *dir, u32 mode, struct inode **out)
{
	struct linux_stat st;
	struct inode *ino;
	int dfd, fd, err;

	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	fd = hostfs_user_open_tmpfile(dfd, mode);
	if (fd < 0)
		return open_errno(fd);
	err = host_fstat(fd, &st);
	if (err)
		goto out_close;
	err = -ENOMEM;
	ino = hostfs_new_inode(dir->sb, NULL, NULL, &st);
	if (!ino)
		goto out_close;
	HI(ino)->tmpfd = fd;
	*out = ino;
	return 0;

out_close:
	host_close(fd);
	return err;
}

/* linkat of a file with no name: it is dir/name from now on. */
static int hostfs_link_tmpfile(struct inode *old, struct inode *dir,
			       const char *name)
{
	struct hostfs_inode *hi = HI(old);
	char *copy = kstrdup(name);
	int dfd, err;

	if (!copy)
		return -ENOMEM;
	dfd = hostfs_dirfd(dir);
	err = dfd < 0 ? dfd : hostfs_user_link_fd(hi->tmpfd, dfd, name);
	if (err) {
		kfree(copy);
		return err;
	}
	hi->name = copy;
	hi->parent = inode_get(dir);
	child_link(dir, hi);
	host_close(hi->tmpfd);
	hi->tmpfd = -1;
	old->nlink++;
	dir_changed(dir);
	return 0;
}

static int hostfs_mkdir(struct inode *dir, const char *name, u32 mode)
{
	int dfd, err;

	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	dir_changed(dir);
	if (!fake_on(dir))
		return hostfs_user_mkdirat(dfd, name, mode);
	mode |= S_IFDIR;
	err = hostfs_user_mkdirat(dfd, name, fake_host_request(mode));
	if (err)
		return err;
	err = fake_created(dir, dfd, name, mode, 0, -1);
	if (err)
		hostfs_user_unlinkat(dfd, name, true);
	return err;
}

/* Fifos and sockets; device nodes only in metadata mode, as an empty
 * host file with user.umk.mode and user.umk.rdev. */
static int hostfs_mknod(struct inode *dir, const char *name, u32 mode, u64 rdev)
{
	int dfd, fd, err;

	if (!S_ISFIFO(mode) && !S_ISSOCK(mode) &&
	    (!fake_on(dir) || (!S_ISCHR(mode) && !S_ISBLK(mode))))
		return -EPERM;
	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	dir_changed(dir);
	if (S_ISFIFO(mode) || S_ISSOCK(mode))
		return hostfs_user_mknodat(dfd, name, mode);
	fd = hostfs_user_open(dfd, name, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd < 0)
		return open_errno(fd);
	err = fake_created(dir, dfd, name, mode, rdev, fd);
	host_close(fd);
	if (err)
		hostfs_user_unlinkat(dfd, name, false);
	return err;
}

static int hostfs_symlink(struct inode *dir, const char *name,
			  const char *target)
{
	int dfd;

	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	dir_changed(dir);
	return hostfs_user_symlinkat(target, dfd, name);
}

/* The live children of dir called name are gone from the host. */
static void mark_dead(struct inode *dir, const char *name)
{
	struct hostfs_inode *c;

	for (c = HI(dir)->children; c; c = c->sib_next) {
		if (c->dead || strcmp(c->name, name))
			continue;
		c->dead = true;
		inode_name_gone(c->vfs);
	}
}

static int hostfs_remove(struct inode *dir, const char *name, bool isdir)
{
	int dfd, err;

	lru_trim();
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	err = hostfs_user_unlinkat(dfd, name, isdir);
	if (!err)
		mark_dead(dir, name);
	dir_changed(dir);
	return err;
}

static int hostfs_unlink(struct inode *dir, const char *name)
{
	return hostfs_remove(dir, name, false);
}

static int hostfs_rmdir(struct inode *dir, const char *name)
{
	return hostfs_remove(dir, name, true);
}

/* Children of odir named oname with host identity (dev, ino) are now
 * ndir/nname. */
static int move_children(struct inode *odir, const char *oname,
			 struct inode *ndir, const char *nname, u64 dev, u64 ino)
{
	struct hostfs_inode *c, *next;
	char *name;

	for (c = HI(odir)->children; c; c = next) {
		next = c->sib_next;
		if (c->dead || strcmp(c->name, oname) || c->host_dev != dev ||
		    c->host_ino != ino)
			continue;
		name = kstrdup(nname);
		if (!name) {
			c->dead = true;
			continue;
		}
		kfree(c->name);
		c->name = name;
		untrust(c);
		if (odir != ndir) {
			child_unlink(c);
			c->parent = inode_get(ndir);
			child_link(ndir, c);
			inode_put(odir);
		}
	}
	return 0;
}

static int hostfs_rename(struct inode *odir, const char *oname,
			 struct inode *ndir, const char *nname, unsigned flags)
{
	struct linux_stat ost, nst;
	bool had_new;
	int ofd, nfd, err;

	lru_trim();
	ofd = hostfs_dirfd(odir);
	if (ofd < 0)
		return ofd;
	nfd = hostfs_dirfd(ndir);
	if (nfd < 0)
		return nfd;
	err = hostfs_user_fstatat(ofd, oname, &ost);
	if (err)
		return err;
	had_new = !hostfs_user_fstatat(nfd, nname, &nst);
	err = hostfs_user_renameat2(ofd, oname, nfd, nname, flags);
	if (err)
		return err;
	dir_changed(odir);
	dir_changed(ndir);
	if (flags & RENAME_EXCHANGE) {
		move_children(ndir, nname, odir, oname, nst.st_dev, nst.st_ino);
	} else if (had_new) {
		mark_dead(ndir, nname);
	}
	move_children(odir, oname, ndir, nname, ost.st_dev, ost.st_ino);
	return 0;
}

static int hostfs_link(struct inode *old, struct inode *dir, const char *name)
{
	struct hostfs_inode *hi = HI(old);
	int ofd, dfd, err;

	lru_trim();
	untrust(hi);	/* two names: changes may come through the other */
	if (hi->tmpfd >= 0 && !hi->parent)
		return hostfs_link_tmpfile(old, dir, name);
	if (hi->dead && hi->files && S_ISREG(old->mode)) {
		/* its name is gone, but it may have others (else the host
		 * says ENOENT): link it through one of its open files */
		dfd = hostfs_dirfd(dir);
		err = dfd < 0 ? dfd :
		      hostfs_user_link_fd(hi->files->fd, dfd, name);
		if (!err)
			old->nlink++;
		dir_changed(dir);
		return err;
	}
	if (!hi->parent || hi->dead)
		return -ENOENT;
	ofd = hostfs_dirfd(hi->parent);
	if (ofd < 0)
		return ofd;
	dfd = hostfs_dirfd(dir);
	if (dfd < 0)
		return dfd;
	err = hostfs_user_linkat(ofd, hi->name, dfd, name);
	if (!err)
		old->nlink++;
	dir_changed(dir);
	return err;
}

/* The times of ia for utimensat: UTIME_OMIT for what does not change. */
static void ia_times(const struct iattr *ia, struct linux_timespec times[2])
{
	times[0] = ia->atime;
	times[1] = ia->mtime;
	if (!(ia->valid & ATTR_ATIME))
		times[0].tv_nsec = UTIME_OMIT;
	if (!(ia->valid & ATTR_MTIME))
		times[1].tv_nsec = UTIME_OMIT;
}

/* A file with no name (O_TMPFILE, or unlinked while open) changes mode
 * and times through a host fd of its own; its owners stay (even in
 * metadata mode: it has no xattrs of umk's yet, or no name for them). */
static int setattr_fd(struct inode *ino, int fd, const struct iattr *ia)
{
	struct linux_timespec times[2];
	struct linux_stat st;
	int err = 0;

	if (((ia->valid & ATTR_UID) && ia->uid != ino->uid) ||
	    ((ia->valid & ATTR_GID) && ia->gid != ino->gid))
		return -EPERM;
	if (ia->valid & ATTR_MODE)
		err = hostfs_user_fchmod(fd, ia->mode);
	if (!err && (ia->valid & (ATTR_ATIME | ATTR_MTIME))) {
		ia_times(ia, times);
		err = hostfs_user_futimens(fd, times);
	}
	if (!err && !host_fstat(fd, &st))
		hostfs_fill(ino, &st);
	return err;
}

/* Mode and times go to the host; owners cannot change (umk has no host
 * privilege), except to what they already are -- or in metadata mode,
 * where owners and modes go to user.umk.* (fake_setattr). */
static int hostfs_setattr(struct inode *ino, const struct iattr *ia)
{
	struct hostfs_inode *hi = HI(ino);
	struct linux_timespec times[2];
	bool fake = fake_on(ino);
	int fd = -1, err;

	if (!fake && (((ia->valid & ATTR_UID) && ia->uid != ino->uid) ||
		      ((ia->valid & ATTR_GID) && ia->gid != ino->gid)))
		return -EPERM;
	lru_trim();
	if (hi->tmpfd >= 0 && !hi->parent)
		return setattr_fd(ino, hi->tmpfd, ia);
	if (hi->dead && hi->files && S_ISREG(ino->mode))
		return setattr_fd(ino, hi->files->fd, ia);
	if (hi->dead || (!hi->parent && !fake))
		return -EPERM;
	if (hi->parent) {
		fd = hostfs_dirfd(hi->parent);
		if (fd < 0)
			return fd;
	}
	if (fake && (ia->valid & (ATTR_UID | ATTR_GID | ATTR_MODE))) {
		err = fake_setattr(ino, fd, ia);
		if (err)
			return err;
	} else if (ia->valid & ATTR_MODE) {
		err = hostfs_user_chmodat(fd, hi->name, ia->mode);
		if (err)
			return err;
	}
	if ((ia->valid & (ATTR_ATIME | ATTR_MTIME)) && !hi->parent)
		return -EPERM;	/* a mount's root: no name to give */
	if (ia->valid & (ATTR_ATIME | ATTR_MTIME)) {
		ia_times(ia, times);
		err = hostfs_user_utimensat(fd, hi->name, times);
		if (err)
			return err;
	}
	untrust(hi);	/* read the new attributes back now */
	hi->fake_loaded = false;
	return hostfs_revalidate(ino) == 0 ? 0 : -ESTALE;
}

static int hostfs_truncate(struct inode *ino, s64 size)
{
	int fd, err;

	if (HI(ino)->tmpfd >= 0) {
		err = host_ftruncate(HI(ino)->tmpfd, size);
		if (!err)
			ino->size = size;
		return err;
	}
	fd = hostfs_host_open(ino, O_WRONLY);
	if (fd < 0)
		return fd;
	untrust(HI(ino));
	err = host_ftruncate(fd, size);
	if (!err)
		ino->size = size;
	host_close(fd);
	return err;
}

/* ---- extended attributes ---- */

/* The host's names, less all but user.* and less umk's own. */
static long hostfs_xattr_list(int fd, const struct xattr_req *req)
{
	char *buf = kmalloc(XATTR_LIST_MAX);
	size_t len = 0;
	long n, off;
	int err;

	if (!buf)
		return -ENOMEM;
	n = hostfs_user_listxattr(fd, buf, XATTR_LIST_MAX);
	for (off = 0; off < n; off += strlen(buf + off) + 1) {
		if (strncmp(buf + off, "user.", 5) ||
		    !strncmp(buf + off, UMK_XATTR_PREFIX, strlen(UMK_XATTR_PREFIX)))
			continue;
		err = xattr_list_add(req, &len, buf + off);
		if (err) {
			n = err;
			break;
		}
	}
	kfree(buf);
	return n < 0 ? n : (long)len;
}

/*
 * Only user.* attributes live on the host (umk cannot keep the host's
 * trusted.* or security.* for a guest): other names read as absent
 * (-ENODATA) and cannot be set (-EOPNOTSUPP).  user.umk.* are umk's own
 * (metadata mode): hidden from the list, absent to read, -EPERM to write.
 * A host file system without user attributes gives -EOPNOTSUPP.
 */
static long hostfs_xattr(struct inode *ino, const struct xattr_req *req)
{
	bool owned;
	long ret;
	int fd;

	if (req->op != XATTR_OP_LIST &&
	    (strncmp(req->name, "user.", 5) ||
	     !strncmp(req->name, UMK_XATTR_PREFIX, strlen(UMK_XATTR_PREFIX)))) {
		if (req->op == XATTR_OP_GET)
			return -ENODATA;
		return strncmp(req->name, "user.", 5) ? -EOPNOTSUPP : -EPERM;
	}
	lru_trim();
	fd = hostfs_path_fd(ino, &owned);
	if (fd < 0)
		return fd;
	switch (req->op) {
	case XATTR_OP_GET:
		ret = hostfs_user_getxattr(fd, req->name, req->buf, req->size);
		break;
	case XATTR_OP_SET:
		ret = hostfs_user_setxattr(fd, req->name, req->buf, req->size,
					   req->flags);
		break;
	case XATTR_OP_REMOVE:
		ret = hostfs_user_removexattr(fd, req->name);
		break;
	default:
		ret = hostfs_xattr_list(fd, req);
		break;
	}
	if (owned)
		host_close(fd);
	return ret;
}

static const struct inode_ops hostfs_iops = {
	.lookup = hostfs_lookup,
	.revalidate = hostfs_revalidate,
	.readlink = hostfs_readlink,
	.create = hostfs_create,
	.mkdir = hostfs_mkdir,
	.mknod = hostfs_mknod,
	.unlink = hostfs_unlink,
	.rmdir = hostfs_rmdir,
	.rename = hostfs_rename,
	.symlink = hostfs_symlink,
	.truncate = hostfs_truncate,
	.open = hostfs_open,
	.evict = hostfs_evict,
	.setattr = hostfs_setattr,
	.link = hostfs_link,
	.tmpfile = hostfs_tmpfile,
	.xattr = hostfs_xattr,
};

/* ---- open files ---- */

static int hostfs_file_fd(struct file *f)
{
	return ((struct hostfs_file *)f->priv)->fd;
}

static long hostfs_read(struct file *f, struct uio *u, s64 *pos)
{
	long n = host_preadv(hostfs_file_fd(f), u->seg, u->nseg, *pos);

	if (n > 0)
		*pos += n;
	return n;
}

static long hostfs_write(struct file *f, struct uio *u, s64 *pos)
{
	int fd = hostfs_file_fd(f);
	long n;
	s64 end;

	if (f->flags & O_APPEND) {
		/* the end as the host sees it now (a host process may have
		 * written since umk last looked) */
		end = host_lseek(fd, 0, SEEK_END);
		if (end >= 0)
			*pos = end;
	}
	n = host_pwritev(fd, u->seg, u->nseg, *pos);
	if (n <= 0)
		return n;
	*pos += n;
	if (*pos > f->inode->size)
		f->inode->size = *pos;
	f->inode->mtime = f->inode->ctime = vfs_now();
	return n;
}

/* ftruncate on the open file's own host fd: it works after an unlink,
 * and needs no second host open (which the mode may forbid).  A file not
 * open for writing (O_RDONLY | O_TRUNC) is truncated by name. */
static int hostfs_ftruncate(struct file *f, s64 size)
{
	int err;

	if (!(f->fmode & FMODE_WRITE))	/* open(O_RDONLY | O_TRUNC) */
		return hostfs_truncate(f->inode, size);
	err = host_ftruncate(hostfs_file_fd(f), size);
	if (!err) {
		f->inode->size = size;
		f->inode->mtime = f->inode->ctime = vfs_now();
	}
	return err;
}

static int hostfs_getattr(struct file *f, struct linux_stat *st)
{
	struct linux_stat hst;
	int err = host_fstat(hostfs_file_fd(f), &hst);

	if (err)
		return err;
	hostfs_fill(f->inode, &hst);
	fake_update(f->inode, hostfs_file_fd(f));
	vfs_fill_stat(f->inode, st);
	return 0;
}

static s64 hostfs_llseek(struct file *f, s64 off, int whence)
{
	struct linux_stat st;

	if (whence == SEEK_END || whence == SEEK_DATA || whence == SEEK_HOLE)
		hostfs_getattr(f, &st);
	return generic_llseek(f, off, whence, f->inode->size);
}

/* The host file system does it (or says -EOPNOTSUPP). */
static int hostfs_fallocate(struct file *f, int mode, s64 off, s64 len)
{
	struct linux_stat st;
	int fd = hostfs_file_fd(f);
	int err = host_fallocate(fd, mode, off, len);

	if (!err && !host_fstat(fd, &st))
		hostfs_fill(f->inode, &st);	/* new size and blocks */
	return err;
}

/* Within one host tree: the host copies (or shares blocks); where it
 * cannot (another host file system below a bind), a buffer copy does. */
static long hostfs_copy_file_range(struct file *in, s64 *ipos,
				   struct file *out, s64 *opos, size_t count)
{
	struct linux_stat st;
	long n = host_copy_file_range(hostfs_file_fd(in), ipos,
				      hostfs_file_fd(out), opos, count);

	if (n == -EXDEV || n == -EOPNOTSUPP || n == -ENOSYS || n == -EINVAL)
		return vfs_splice_copy(in, ipos, out, opos, count, false);
	if (n > 0 && !host_fstat(hostfs_file_fd(out), &st))
		hostfs_fill(out->inode, &st);
	return n;
}

/* Hints for the host's page cache. */
static int hostfs_sync_range(struct file *f, s64 off, s64 nbytes, unsigned flags)
{
	return host_sync_file_range(hostfs_file_fd(f), off, nbytes, flags);
}

static int hostfs_fadvise(struct file *f, s64 off, s64 len, int advice)
{
	return host_fadvise(hostfs_file_fd(f), off, len, advice);
}

static int hostfs_mmap(struct file *f)
{
	return MMAP_PAGES;
}

static void hostfs_release(struct file *f)
{
	struct hostfs_file *hf = f->priv, **pp;

	if (hf) {
		for (pp = &HI(f->inode)->files; *pp; pp = &(*pp)->next) {
			if (*pp == hf) {
				*pp = hf->next;
				break;
			}
		}
		host_close(hf->fd);
		kfree(hf);
	}
}

static int hostfs_host_fd(struct file *f)
{
	struct hostfs_file *hf = f->priv;

	return hf && hf->fd >= 0 ? hf->fd : -ENODEV;
}

/*
 * On the host file systems of local_fs a read-only private mapping of a
 * file fails only for PROT_EXEC on a noexec mount, or when the host is out
 * of mappings.  Elsewhere (proc, sysfs, FUSE, 9p...) mmap tries the
 * mapping at once and copies pages in if it fails.  Asked once per open
 * file.
 */

static bool hostfs_host_map_sure(struct file *f, unsigned prot)
{
	struct hostfs_file *hf = f->priv;

	if (!hf || hf->fd < 0)
		return false;
	if (!hf->map_sure) {
		struct linux_statfs st;

		hf->map_sure = hf->exec_sure = -1;
		if (!hostfs_user_fstatfs(hf->fd, &st)) {
			bool watch;

			if (is_local_fs(st.f_type, &watch))
				hf->map_sure = 1;
			if (hf->map_sure > 0 && !(st.f_flags & ST_NOEXEC))
				hf->exec_sure = 1;
		}
	}
	return (prot & PROT_EXEC) ? hf->exec_sure > 0 : hf->map_sure > 0;
}

static const struct file_ops hostfs_file_fops = {
	.host_map_sure = hostfs_host_map_sure,
	.ftruncate = hostfs_ftruncate,
	.fallocate = hostfs_fallocate,
	.copy_file_range = hostfs_copy_file_range,
	.sync_range = hostfs_sync_range,
	.fadvise = hostfs_fadvise,
	.host_fd = hostfs_host_fd,
	.read = hostfs_read,
	.write = hostfs_write,
	.llseek = hostfs_llseek,
	.mmap = hostfs_mmap,
	.getattr = hostfs_getattr,
	.release = hostfs_release,
};

/* ---- directories: the host's entries, passed through ---- */

static unsigned host_dtype(unsigned t)
{
	switch (t) {
	case DT_FIFO:
	case DT_CHR:
	case DT_DIR:
	case DT_BLK:
	case DT_REG:
	case DT_LNK:
	case DT_SOCK:
		return t;
	}
	return DT_UNKNOWN;
}

static int hostfs_readdir(struct file *f, struct dir_ctx *ctx)
{
	int fd = hostfs_file_fd(f);
	const size_t size = 8192;
	char *buf;
	long n, off;
	s64 r;
	int err = 0;

	buf = kmalloc(size);
	if (!buf)
		return -ENOMEM;
	/* Positions are the host's cookies: start where the guest is. */
	r = hostfs_user_seek(fd, ctx->pos);
	if (r < 0) {
		err = r;
		goto out;
	}
	for (;;) {
		n = hostfs_user_getdents(fd, buf, size);
		if (n <= 0) {
			err = n;
			break;
		}
		for (off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			if (!dir_emit(ctx, d->d_name, strlen(d->d_name),
				      d->d_ino, host_dtype(d->d_type), d->d_off))
				goto out;
			off += d->d_reclen;
		}
	}
out:
	kfree(buf);
	return err;
}

static s64 hostfs_dir_llseek(struct file *f, s64 off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_llseek(f, off, whence, 0);
}

static const struct file_ops hostfs_dir_fops = {
	.sync_range = hostfs_sync_range,
	.readdir = hostfs_readdir,
	.llseek = hostfs_dir_llseek,
	.getattr = hostfs_getattr,
	.release = hostfs_release,
};

/* ---- the file system ---- */

static int hostfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct hostfs_sb *hs = sb->priv;
	struct linux_statfs h;
	int err;

	err = hostfs_user_fstatfs(hs->root_fd, &h);
	if (err)
		return err;
	st->f_bsize = h.f_bsize;
	st->f_frsize = h.f_frsize;
	st->f_blocks = h.f_blocks;
	st->f_bfree = h.f_bfree;
	st->f_bavail = h.f_bavail;
	st->f_files = h.f_files;
	st->f_ffree = h.f_ffree;
	st->f_namelen = h.f_namelen;
	return 0;
}

/* Probe: a host file system without user attributes answers
 * -EOPNOTSUPP even to read one. */
int hostfs_fake_owners(struct super_block *sb, struct inode *root)
{
	struct hostfs_sb *hs = sb->priv;
	long n;

	n = hostfs_user_getxattr(hs->root_fd, "user.umk.probe", NULL, 0);
	if (n == -EOPNOTSUPP)
		return -EOPNOTSUPP;
	hs->fake = true;
	fake_update(root, -1);
	return 0;
}

/* A watched directory: its changes come as events (the link cache's
 * handler asks the host for waiting ones, through the zygote's copy of
 * the inotify fd). */
static bool hostfs_stable_dir(struct inode *dir)
{
	struct hostfs_inode *hi = HI(dir);

	return hi->wd >= 0 && !hi->dead && linkcache_host_events_seen();
}

static const struct super_ops hostfs_sops = {
	.statfs = hostfs_statfs,
	.stable_dir = hostfs_stable_dir,
};

int hostfs_new(int root_fd, bool rdonly, struct super_block **sbp,
	       struct inode **rootp)
{
	struct super_block *sb;
	struct hostfs_sb *hs;
	struct linux_statfs sfs;
	struct linux_stat st;
	struct inode *root;
	int err;

	err = hostfs_user_fstatat(root_fd, "", &st);
	if (err)
		return err;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	sb = sb_alloc("hostfs", HOSTFS_SUPER_MAGIC, &hostfs_sops);
	hs = kzalloc(sizeof(*hs));
	if (!sb || !hs)
		goto out_free;
	hs->root_fd = root_fd;
	if (!hostfs_user_fstatfs(root_fd, &sfs)) {
		is_local_fs(sfs.f_type, &hs->watch);
		hs->noatime = sfs.f_flags & ST_NOATIME;
		hs->relatime = sfs.f_flags & ST_RELATIME;
	}
	sb->priv = hs;
	sb->rdonly = rdonly;
	root = hostfs_new_inode(sb, NULL, NULL, &st);
	if (!root)
		goto out_free;
	HI(root)->dirfd = root_fd;	/* kept for good, not on the LRU */
	*sbp = sb;
	*rootp = root;
	return 0;

out_free:
	kfree(hs);
	kfree(sb);
	return -ENOMEM;
}
