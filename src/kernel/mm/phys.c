// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Physical memory: the frames of the platform's memfd, with reference counts.
 *
 * A free frame is clean (its memory given back to the host: a hole in the
 * memfd, reading as zero) or dirty (freed by the guest, its host memory
 * kept).  Reusing a dirty frame costs umk a memset; a clean one costs the
 * host a page allocation and clearing when it is first touched, and on a
 * VM that is the dearer by far (a few microseconds a page, against a
 * tenth of one).  So a frame whose count drops to zero stays dirty while
 * fewer than DIRTY_SHARE of all frames are; past that it waits in a
 * discard batch until frame_put_flush() punches its hole, and only then
 * is it free.  Allocation hands out dirty frames first, zeroed: every
 * frame handed out reads as zero.
 *
 * Allocation is next-fit over bitmaps of free frames and hands out runs,
 * so that pages faulted in together are contiguous in the memfd and the
 * host can map them with one mmap.
 */
#include "kernel.h"
#include "mm.h"

#define DISCARD_MAX 64
#define DIRTY_SHARE 4		/* at most a quarter of guest memory kept dirty */

static u64 nframes;
static u64 nfree;
static u32 *refcount;
/* A bitmap of frames with a summary (a bit per word that is not zero), so
 * that finding a set bit skips empty stretches 4096 frames at a time. */
struct fmap {
	u64 *bits;
	u64 *sum;
	u64 nwords;
};
static struct fmap freemap;	/* bit set: frame is free */
static struct fmap dirtymap;	/* bit set: frame is free and dirty */
static u64 ndirty, dirty_max;
static u64 hint, dirty_hint;
static struct {
	pfn_t start;
	u64 len;
} discard[DISCARD_MAX];
static int ndiscard;

static inline bool test_bit(const struct fmap *m, pfn_t f)
{
	return m->bits[f / 64] & (1ULL << (f % 64));
}

static inline void put_bit(struct fmap *m, pfn_t f, bool on)
{
	u64 w = f / 64;

	if (on) {
		m->bits[w] |= 1ULL << (f % 64);
		m->sum[w / 64] |= 1ULL << (w % 64);
	} else {
		m->bits[w] &= ~(1ULL << (f % 64));
		if (!m->bits[w])
			m->sum[w / 64] &= ~(1ULL << (w % 64));
	}
}

static bool fmap_init(struct fmap *m, u64 n)
{
	m->nwords = (n + 63) / 64;
	m->bits = kzalloc(m->nwords * sizeof(u64));
	m->sum = kzalloc((m->nwords + 63) / 64 * sizeof(u64));
	return m->bits && m->sum;
}

static inline void set_free(pfn_t f, bool free)
{
	put_bit(&freemap, f, free);
}

int phys_init(void)
{
	nframes = plat_phys_size() >> PAGE_SHIFT;
	refcount = kzalloc(nframes * sizeof(*refcount));
	if (!refcount || !fmap_init(&freemap, nframes) || !fmap_init(&dirtymap, nframes))
		return -ENOMEM;
	dirty_max = nframes / DIRTY_SHARE;
	/* Every frame is free, but frame 0, so that a zero pfn is never a
	 * real one: whole words at once (a loop over the frames took a
	 * millisecond of umk's start for 1 GiB). */
	for (u64 w = 0; w < freemap.nwords; w++) {
		u64 lo = w * 64, n = MIN(nframes - lo, 64);

		freemap.bits[w] = n == 64 ? ~0ULL : (1ULL << n) - 1;
		freemap.sum[w / 64] |= 1ULL << (w % 64);
	}
	put_bit(&freemap, 0, false);
	nfree = nframes - 1;
	hint = dirty_hint = 1;
	return 0;
}

u64 phys_total_frames(void)
{
	return nframes;
}

u64 phys_free_frames(void)
{
	return nfree;
}

/* The first frame of m at or after from (wrapping), or 0 if none. */
static pfn_t find_set(const struct fmap *m, pfn_t from)
{
	u64 w = from / 64;
	u64 bits = m->bits[w] & (~0ULL << (from % 64));
	u64 nsum = (m->nwords + 63) / 64;
	u64 next = w + 1;	/* the next word to look at */

	if (bits)
		return w * 64 + __builtin_ctzll(bits);
	for (u64 i = 0; i <= nsum; i++) {
		if (next >= m->nwords)
			next = 0;
		u64 sw = next / 64;
		u64 sb = m->sum[sw] & (~0ULL << (next % 64));

		if (sb) {
			u64 word = sw * 64 + __builtin_ctzll(sb);

			return word * 64 + __builtin_ctzll(m->bits[word]);
		}
		next = (sw + 1) * 64;
	}
	return 0;
}

unsigned frame_alloc(unsigned want, pfn_t *pfn)
{
	bool dirty = ndirty > 0;

	if (!nfree)
		frame_put_flush();
	if (!nfree || !want)
		return 0;
	pfn_t f = find_set(dirty ? &dirtymap : &freemap, dirty ? dirty_hint : hint);

	if (!f)
		return 0;
	unsigned n = 0;

	/* A run of dirty frames, or of free ones (clean or dirty). */
	while (n < want && f + n < nframes && test_bit(dirty ? &dirtymap : &freemap, f + n)) {
		set_free(f + n, false);
		if (test_bit(&dirtymap, f + n)) {
			put_bit(&dirtymap, f + n, false);
			ndirty--;
			memset(frame_ptr(f + n), 0, PAGE_SIZE);
		}
		refcount[f + n] = 1;
		n++;
	}
	nfree -= n;
	if (dirty)
		dirty_hint = f + n < nframes ? f + n : 1;
	else
		hint = f + n < nframes ? f + n : 1;
	*pfn = f;
	return n;
}

void frame_get(pfn_t f)
{
	BUG_ON(f == 0 || f >= nframes || refcount[f] == 0);
	refcount[f]++;
}

unsigned frame_count(pfn_t f)
{
	return f < nframes ? refcount[f] : 0;
}

void frame_put_flush(void)
{
	for (int i = 0; i < ndiscard; i++) {
		plat_phys_discard(discard[i].start << PAGE_SHIFT,
				  discard[i].len << PAGE_SHIFT);
		for (u64 j = 0; j < discard[i].len; j++)
			set_free(discard[i].start + j, true);
		nfree += discard[i].len;
	}
	ndiscard = 0;
}

void frame_put(pfn_t f)
{
	BUG_ON(f == 0 || f >= nframes || refcount[f] == 0);
	if (--refcount[f])
		return;
	if (ndirty < dirty_max) {
		/* keep its memory for the next allocation */
		set_free(f, true);
		put_bit(&dirtymap, f, true);
		ndirty++;
		nfree++;
		return;
	}
	if (ndiscard && discard[ndiscard - 1].start + discard[ndiscard - 1].len == f) {
		discard[ndiscard - 1].len++;
		return;
	}
	if (ndiscard == DISCARD_MAX)
		frame_put_flush();
	discard[ndiscard].start = f;
	discard[ndiscard].len = 1;
	ndiscard++;
}
