// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dentry cache: names the path walk has already resolved.
 *
 * A dentry is one name in one directory, with the inode it names.  It is
 * *hashed* while a lookup of (parent, name) may find it: then it sits in a
 * hash chain and in its parent's list of children.  Every dentry holds a
 * reference on its parent, so a directory with cached children stays.
 *
 * A hashed dentry whose last reference goes is not freed: it moves to the
 * tail of the LRU list of unused dentries, where a later walk may find it
 * again.  When more than DCACHE_MAX_UNUSED are unused, the oldest are
 * evicted (and with them, perhaps, their parents).  A dropped (unhashed)
 * dentry is freed with its last reference.  umk keeps no negative dentries.
 *
 * File systems whose contents change behind umk's back (hostfs) are kept
 * honest by ->revalidate, which namei.c calls on every cached dentry it
 * uses; a failed revalidation drops the dentry.
 */
#include "kernel.h"
#include "vfs/vfs.h"

#define DHASH_BITS 12
#define DHASH_SIZE (1U << DHASH_BITS)

static struct dentry *dhash[DHASH_SIZE];
static struct dentry *lru_first, *lru_last;
static unsigned lru_count;
static bool shrinking;

static u32 dentry_hash(const struct dentry *parent, const char *name)
{
	u64 h = 0xcbf29ce484222325ULL ^ (u64)(uintptr_t)parent;

	for (; *name; name++)
		h = (h ^ (u8)*name) * 0x100000001b3ULL;
	return (u32)(h ^ (h >> 32));
}

static void lru_del(struct dentry *d)
{
	if (d->lru_prev)
		d->lru_prev->lru_next = d->lru_next;
	else
		lru_first = d->lru_next;
	if (d->lru_next)
		d->lru_next->lru_prev = d->lru_prev;
	else
		lru_last = d->lru_prev;
	d->lru_prev = d->lru_next = NULL;
	d->flags &= ~DCACHE_LRU;
	lru_count--;
}

static void lru_add(struct dentry *d)
{
	d->lru_next = NULL;
	d->lru_prev = lru_last;
	if (lru_last)
		lru_last->lru_next = d;
	else
		lru_first = d;
	lru_last = d;
	d->flags |= DCACHE_LRU;
	lru_count++;
}

static void hash_add(struct dentry *d)
{
	struct dentry *p = d->parent;
	struct dentry **head = &dhash[d->hash & (DHASH_SIZE - 1)];

	d->hash_next = *head;
	*head = d;
	d->prev_sibling = NULL;
	d->next_sibling = p->children;
	if (p->children)
		p->children->prev_sibling = d;
	p->children = d;
	d->flags |= DCACHE_HASHED;
}

static void hash_del(struct dentry *d)
{
	struct dentry **pp = &dhash[d->hash & (DHASH_SIZE - 1)];

	if (!(d->flags & DCACHE_HASHED))
		return;
	/* a walk can no longer find it: the link cache may not either */
	linkcache_inode_changed(d->inode);
	while (*pp && *pp != d)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = d->hash_next;
	d->hash_next = NULL;
	if (d->prev_sibling)
		d->prev_sibling->next_sibling = d->next_sibling;
	else
		d->parent->children = d->next_sibling;
	if (d->next_sibling)
		d->next_sibling->prev_sibling = d->prev_sibling;
	d->prev_sibling = d->next_sibling = NULL;
	d->flags &= ~DCACHE_HASHED;
}

/* Free an unhashed, unused dentry; returns the parent whose reference it
 * held (NULL for a root). */
static struct dentry *d_kill(struct dentry *d)
{
	struct dentry *parent = d->parent == d ? NULL : d->parent;

	BUG_ON(d->refs || (d->flags & (DCACHE_HASHED | DCACHE_LRU)));
	BUG_ON(d->children);
	inode_put(d->inode);
	kfree(d->name);
	kfree(d);
	return parent;
}

struct dentry *dget(struct dentry *d)
{
	if (!d)
		return NULL;
	if (d->refs++ == 0 && (d->flags & DCACHE_LRU))
		lru_del(d);
	return d;
}

void dput(struct dentry *d)
{
	while (d) {
		BUG_ON(d->refs <= 0);
		if (--d->refs)
			return;
		if (d->flags & DCACHE_HASHED) {
			lru_add(d);
			if (lru_count > DCACHE_MAX_UNUSED)
				d_shrink(DCACHE_MAX_UNUSED);
			return;
		}
		d = d_kill(d);
	}
}

void d_shrink(unsigned keep)
{
	if (shrinking)
		return;
	shrinking = true;
	while (lru_count > keep && lru_first) {
		struct dentry *d = lru_first;

		lru_del(d);
		hash_del(d);
		dput(d_kill(d));
	}
	shrinking = false;
}

/* Evict the unused dentries below root: its file system goes. */
void d_prune(struct dentry *root)
{
	struct dentry *d, *prev, *a;
	bool was = shrinking;

	/* A parent whose last child goes joins the end of the list, and is
	 * seen in its turn; the entry before d stays where it is. */
	shrinking = true;	/* no d_shrink under our feet */
	for (d = lru_first; d; d = prev ? prev->lru_next : lru_first) {
		prev = d->lru_prev;
		for (a = d->parent; a != root && a->parent != a; a = a->parent)
			;
		if (a != root) {
			prev = d;
			continue;
		}
		lru_del(d);
		hash_del(d);
		dput(d_kill(d));
	}
	shrinking = was;
}

unsigned d_unused_count(void)
{
	return lru_count;
}

static struct dentry *d_new(const char *name, struct inode *ino)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->name = kstrdup(name);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	d->refs = 1;
	d->inode = ino;
	return d;
}

struct dentry *d_alloc_root(struct inode *ino)
{
	struct dentry *d = d_new("/", ino);

	if (!d) {
		inode_put(ino);
		return NULL;
	}
	d->parent = d;
	return d;
}

struct dentry *d_alloc_anon(const char *name, struct inode *ino)
{
	struct dentry *d = d_new(name, ino);

	if (!d) {
		inode_put(ino);
		return NULL;
	}
	d->parent = d;
	return d;
}

struct dentry *d_peek(struct dentry *parent, const char *name)
{
	u32 h = dentry_hash(parent, name);
	struct dentry *d;

	for (d = dhash[h & (DHASH_SIZE - 1)]; d; d = d->hash_next)
		if (d->hash == h && d->parent == parent && !strcmp(d->name, name))
			return d;
	return NULL;
}

struct dentry *d_lookup(struct dentry *parent, const char *name)
{
	return dget(d_peek(parent, name));
}

struct dentry *d_add(struct dentry *parent, const char *name, struct inode *ino)
{
	struct dentry *d = d_new(name, ino);

	if (!d) {
		inode_put(ino);
		return NULL;
	}
	d->parent = dget(parent);
	d->hash = dentry_hash(parent, name);
	hash_add(d);
	return d;
}

void d_drop(struct dentry *d)
{
	if (!(d->flags & DCACHE_HASHED))
		return;
	hash_del(d);
	if (d->flags & DCACHE_LRU) {
		lru_del(d);
		dput(d_kill(d));
	}
}

int d_move(struct dentry *d, struct dentry *newparent, const char *newname)
{
	char *name = kstrdup(newname);
	struct dentry *old = d->parent;

	hash_del(d);
	if (!name)
		return -ENOMEM;
	kfree(d->name);
	d->name = name;
	if (newparent != old) {
		d->parent = dget(newparent);
		dput(old);
	}
	d->hash = dentry_hash(d->parent, name);
	hash_add(d);
	return 0;
}
