// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VMA list of an address space: a sorted array of non-overlapping
 * [start, end) ranges with their rights and backing.  Processes have tens
 * to a few hundred VMAs, so binary search plus memmove is fast and simple.
 * A VMA holds one reference to its file; splitting takes another.
 */
#include "kernel.h"
#include "mm.h"
#include "vfs/vfs.h"

int vma_index(struct vma_list *l, u64 addr)
{
	int lo = 0, hi = l->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (l->v[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct vma *vma_find(struct vma_list *l, u64 addr)
{
	int i = vma_index(l, addr);

	if (i < l->n && l->v[i].start <= addr)
		return &l->v[i];
	return NULL;
}

static int reserve(struct vma_list *l, int more)
{
	if (l->n + more <= l->cap)
		return 0;
	int cap = l->cap ? l->cap * 2 : 16;

	while (cap < l->n + more)
		cap *= 2;
	struct vma *v = host_realloc(l->v, cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int vma_insert(struct vma_list *l, const struct vma *v)
{
	int i = vma_index(l, v->start);

	BUG_ON(v->start >= v->end);
	BUG_ON(i < l->n && l->v[i].start < v->end);
	if (reserve(l, 1))
		return -ENOMEM;
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*v));
	l->v[i] = *v;
	l->n++;
	return 0;
}

int vma_split_at(struct vma_list *l, u64 addr)
{
	struct vma *v = vma_find(l, addr);

	if (!v || v->start == addr)
		return 0;
	if (reserve(l, 1))
		return -ENOMEM;
	v = vma_find(l, addr);	/* the array may have moved */
	int i = v - l->v;

	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*v));
	l->n++;
	l->v[i].end = addr;
	l->v[i + 1].start = addr;
	if (l->v[i + 1].file) {
		l->v[i + 1].pgoff += addr - l->v[i].start;
		file_get(l->v[i + 1].file);
	}
	return 0;
}

int vma_remove(struct vma_list *l, u64 start, u64 end,
	       void (*fn)(struct vma *piece, void *arg), void *arg)
{
	int ret = vma_split_at(l, start);

	if (!ret)
		ret = vma_split_at(l, end);
	if (ret)
		return ret;
	int i = vma_index(l, start), j = i;

	while (j < l->n && l->v[j].end <= end) {
		if (fn)
			fn(&l->v[j], arg);
		if (l->v[j].file)
			file_put(l->v[j].file);
		j++;
	}
	memmove(&l->v[i], &l->v[j], (l->n - j) * sizeof(struct vma));
	l->n -= j - i;
	return 0;
}

static bool continues(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->file != b->file)
		return false;
	return !a->file || a->pgoff + (a->end - a->start) == b->pgoff;
}

void vma_merge_all(struct vma_list *l)
{
	int out = 0;

	for (int i = 0; i < l->n; i++) {
		if (out && continues(&l->v[out - 1], &l->v[i])) {
			l->v[out - 1].end = l->v[i].end;
			if (l->v[i].file)
				file_put(l->v[i].file);
			continue;
		}
		l->v[out++] = l->v[i];
	}
	l->n = out;
}

u64 vma_find_gap(struct vma_list *l, u64 len, u64 low, u64 limit)
{
	u64 top = limit;

	if (len > limit || limit - len < low)
		return 0;
	for (int i = vma_index(l, limit) ; ; i--) {
		/* the gap between VMA i-1 and min(top, start of VMA i) */
		if (i < l->n && l->v[i].start < top)
			top = l->v[i].start;
		u64 bottom = i > 0 ? l->v[i - 1].end : 0;

		if (bottom < low)
			bottom = low;
		if (top >= bottom + len && top - len >= low)
			return top - len;
		if (i == 0)
			return 0;
		top = l->v[i - 1].start;
		if (top < low + len)
			return 0;
	}
}

void vma_list_free(struct vma_list *l)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i].file)
			file_put(l->v[i].file);
	kfree(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
