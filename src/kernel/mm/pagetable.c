// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk's page tables: a four-level radix tree over the 47-bit guest address
 * space, 512 entries per level as on x86-64.  Upper levels hold pointers to
 * the next table; the last level holds PTEs (mm.h: a frame number and the
 * PTE_* flags).  Tables are kernel memory, never guest-visible.
 */
#include "kernel.h"
#include "mm.h"

#define LEVELS	4
#define ENTRIES	512

static inline unsigned index_at(u64 va, int level)
{
	/* level 3 is the root (bits 47..39), level 0 holds the PTEs */
	return (va >> (PAGE_SHIFT + 9 * level)) & (ENTRIES - 1);
}

int pt_init(struct pagetable *pt)
{
	pt->root = kzalloc(ENTRIES * sizeof(u64));
	pt->npages = 0;
	return pt->root ? 0 : -ENOMEM;
}

u64 *pt_lookup(struct pagetable *pt, u64 va, bool alloc)
{
	u64 *table = pt->root;

	if (va >= (1ULL << 47))
		return NULL;
	for (int level = LEVELS - 1; level > 0; level--) {
		u64 *slot = &table[index_at(va, level)];

		if (!*slot) {
			if (!alloc)
				return NULL;
			u64 *next = kzalloc(ENTRIES * sizeof(u64));

			if (!next)
				return NULL;
			*slot = (u64)next;
		}
		table = (u64 *)*slot;
	}
	return &table[index_at(va, 0)];
}

static void walk(u64 *table, int level, u64 base, u64 start, u64 end,
		 void (*fn)(u64, u64 *, void *), void *arg)
{
	u64 span = 1ULL << (PAGE_SHIFT + 9 * level);

	for (unsigned i = index_at(start > base ? start : base, level); i < ENTRIES; i++) {
		u64 va = base + i * span;

		if (va >= end)
			return;
		if (!table[i])
			continue;
		if (level == 0) {
			if (table[i] & PTE_PRESENT)
				fn(va, &table[i], arg);
		} else {
			walk((u64 *)table[i], level - 1, va, start, end, fn, arg);
		}
	}
}

void pt_walk(struct pagetable *pt, u64 start, u64 end,
	     void (*fn)(u64 va, u64 *pte, void *arg), void *arg)
{
	if (end > (1ULL << 47))
		end = 1ULL << 47;
	if (start < end)
		walk(pt->root, LEVELS - 1, 0, start, end, fn, arg);
}

static void free_table(u64 *table, int level)
{
	if (level > 0)
		for (unsigned i = 0; i < ENTRIES; i++)
			if (table[i])
				free_table((u64 *)table[i], level - 1);
	kfree(table);
}

void pt_free(struct pagetable *pt)
{
	if (pt->root)
		free_table(pt->root, LEVELS - 1);
	pt->root = NULL;
	pt->npages = 0;
}
