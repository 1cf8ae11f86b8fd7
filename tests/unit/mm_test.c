// SPDX-License-Identifier: GPL-2.0-or-later
/* The VMA list and the page tables (src/kernel/mm/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel.h"
#include "mm.h"
#include "umk/platform.h"

static struct vma anon(u64 start, u64 end, unsigned prot)
{
	return (struct vma){ .start = start, .end = end, .prot = prot };
}

static void vma_find__hits_inside_and_misses_gaps(void **state)
{
	struct vma_list l = { 0 };
	struct vma a = anon(0x10000, 0x20000, PROT_READ), b = anon(0x30000, 0x40000, PROT_READ);

	assert_int_equal(vma_insert(&l, &b), 0);
	assert_int_equal(vma_insert(&l, &a), 0);
	assert_ptr_equal(vma_find(&l, 0x10000), &l.v[0]);
	assert_ptr_equal(vma_find(&l, 0x1ffff), &l.v[0]);
	assert_null(vma_find(&l, 0x20000));
	assert_null(vma_find(&l, 0xffff));
	assert_ptr_equal(vma_find(&l, 0x3ffff), &l.v[1]);
	assert_null(vma_find(&l, 0x40000));
	vma_list_free(&l);
}

static void vma_remove__splits_a_vma_around_a_hole(void **state)
{
	struct vma_list l = { 0 };
	struct vma a = anon(0x10000, 0x50000, PROT_READ | PROT_WRITE);

	vma_insert(&l, &a);
	assert_int_equal(vma_remove(&l, 0x20000, 0x30000, NULL, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].start, 0x10000);
	assert_int_equal(l.v[0].end, 0x20000);
	assert_int_equal(l.v[1].start, 0x30000);
	assert_int_equal(l.v[1].end, 0x50000);
	vma_list_free(&l);
}

static void vma_remove__spanning_several_vmas_removes_them_all(void **state)
{
	struct vma_list l = { 0 };

	for (u64 s = 0x10000; s < 0x60000; s += 0x10000) {
		struct vma v = anon(s, s + 0x8000, PROT_READ);

		vma_insert(&l, &v);
	}
	assert_int_equal(vma_remove(&l, 0x14000, 0x44000, NULL, NULL), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].end, 0x14000);
	assert_int_equal(l.v[1].start, 0x44000);
	assert_int_equal(l.v[2].start, 0x50000);
	vma_list_free(&l);
}

static void vma_merge__joins_equal_neighbours_only(void **state)
{
	struct vma_list l = { 0 };
	struct vma a = anon(0x10000, 0x20000, PROT_READ), b = anon(0x20000, 0x30000, PROT_READ),
		   c = anon(0x30000, 0x40000, PROT_READ | PROT_WRITE);

	vma_insert(&l, &a);
	vma_insert(&l, &b);
	vma_insert(&l, &c);
	vma_merge_all(&l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].end, 0x30000);
	vma_list_free(&l);
}

static void vma_find_gap__is_top_down_and_respects_limits(void **state)
{
	struct vma_list l = { 0 };
	struct vma a = anon(0x100000, 0x200000, PROT_READ), b = anon(0x280000, 0x300000, PROT_READ);

	vma_insert(&l, &a);
	vma_insert(&l, &b);
	/* the highest gap below 0x300000 that fits 0x80000: [0x200000, 0x280000) */
	assert_int_equal(vma_find_gap(&l, 0x80000, 0x10000, 0x300000), 0x200000);
	/* too big for that gap: below a */
	assert_int_equal(vma_find_gap(&l, 0x90000, 0x10000, 0x300000), 0x100000 - 0x90000);
	/* nothing fits between low and the first VMA */
	assert_int_equal(vma_find_gap(&l, 0xf8000, 0x10000, 0x300000), 0);
	assert_int_equal(vma_find_gap(&l, 0x1000, 0x10000, 0x400000), 0x3ff000);
	vma_list_free(&l);
}

static void count_page(u64 va, u64 *pte, void *arg)
{
	u64 *n = arg;

	n[0]++;
	n[1] = va;
}

static void pagetable__lookup_allocates_and_walk_finds(void **state)
{
	struct pagetable pt;
	u64 n[2] = { 0, 0 };

	assert_int_equal(pt_init(&pt), 0);
	assert_null(pt_lookup(&pt, 0x7f0000001000, false));
	u64 *p = pt_lookup(&pt, 0x7f0000001000, true);

	assert_non_null(p);
	*p = PTE_MAKE(42, PTE_PRESENT);
	assert_ptr_equal(pt_lookup(&pt, 0x7f0000001fff, false), p);
	assert_int_equal(PTE_PFN(*pt_lookup(&pt, 0x7f0000001000, false)), 42);
	*pt_lookup(&pt, 0x1000, true) = PTE_MAKE(7, PTE_PRESENT);
	*pt_lookup(&pt, 0x2000, true) = 0;	/* allocated, not present */
	pt_walk(&pt, 0, 1ULL << 47, count_page, n);
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 0x7f0000001000);
	n[0] = 0;
	pt_walk(&pt, 0x2000, 0x7f0000001000, count_page, n);
	assert_int_equal(n[0], 0);
	assert_null(pt_lookup(&pt, 1ULL << 47, true));	/* beyond 47 bits */
	pt_free(&pt);
}

static bool frame_is(pfn_t f, u8 v)
{
	const u8 *p = frame_ptr(f);

	for (int i = 0; i < PAGE_SIZE; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Frames freed come back (dirty ones first, cleared; past the kept share
 * through a hole punch), each once, each reading as zero; the search
 * finds free frames anywhere, wrapping. */
static void frames__freed_come_back_zero_and_distinct(void **state)
{
	u64 total = phys_free_frames();
	pfn_t *got = kzalloc(total * sizeof(*got));
	u8 *seen = kzalloc(phys_total_frames());
	u64 n = 0, back = 0;
	pfn_t f;

	assert_non_null(got);
	assert_non_null(seen);
	while (n < total && frame_alloc(1, &f) == 1) {
		assert_true(frame_is(f, 0));
		memset(frame_ptr(f), 0xaa, PAGE_SIZE);
		got[n++] = f;
	}
	assert_int_equal(n, total);
	assert_int_equal(phys_free_frames(), 0);
	/* free every third one, scattered over all memory */
	for (u64 i = 0; i < n; i += 3) {
		frame_put(got[i]);
		seen[got[i]] = 1;
		back++;
	}
	frame_put_flush();
	assert_int_equal(phys_free_frames(), back);
	for (u64 i = 0; i < back; i++) {
		assert_int_equal(frame_alloc(1, &f), 1);
		assert_true(seen[f] == 1);	/* one of those, and only once */
		seen[f] = 2;
		assert_true(frame_is(f, 0));
	}
	assert_int_equal(frame_alloc(1, &f), 0);
	/* give everything back */
	for (u64 i = 0; i < n; i++)
		frame_put(got[i]);
	frame_put_flush();
	assert_int_equal(phys_free_frames(), total);
	/* a run of 16 now comes in one piece */
	assert_int_equal(frame_alloc(16, &f), 16);
	for (int i = 0; i < 16; i++)
		frame_put(f + i);
	frame_put_flush();
	kfree(got);
	kfree(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vma_find__hits_inside_and_misses_gaps),
		cmocka_unit_test(vma_remove__splits_a_vma_around_a_hole),
		cmocka_unit_test(vma_remove__spanning_several_vmas_removes_them_all),
		cmocka_unit_test(vma_merge__joins_equal_neighbours_only),
		cmocka_unit_test(vma_find_gap__is_top_down_and_respects_limits),
		cmocka_unit_test(pagetable__lookup_allocates_and_walk_finds),
		cmocka_unit_test(frames__freed_come_back_zero_and_distinct),
	};

	if (plat_init(16 << 20) || phys_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
