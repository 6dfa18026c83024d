// SPDX-License-Identifier: GPL-2.0
/*
 * kconv_refcount_test: ZONE_DEVICE page refcount transitions, as KUnit.
 *
 * Built out of tree (make M=) against the kernel under test and loaded from
 * kconv's initramfs: nothing is ever written into the kernel tree. Each case
 * creates its own dev_pagemap on a free physical range
 * (request_free_mem_region), drives its pages through fresh -> allocated ->
 * get/put -> freed, and tears the pgmap down with memunmap_pages() on a
 * kthread, so a leaked reference fails an expectation (timeout) instead of
 * hanging the boot.
 *
 * What refcount a free page has is kernel-specific (device-private pages
 * idle at 0 since v5.17; FS-DAX and generic pages idle at 1 until the
 * v6.14 "fs/dax: Fix ZONE_DEVICE page reference counts" series). kconv reads
 * the convention from the tree's mm/memremap.c and compiles it in
 * (KCONV_* below, from KCONV_REFCOUNT_CFLAGS in Kbuild): module parameters
 * cannot carry it, v6.1 runs a module's suites before parsing them. The
 * convention_known case prints which convention was checked.
 *
 * The driver API it calls moved after v6.12 too (page_pgmap() in v6.15,
 * folio_free and zone_device_page_init()'s order in v6.19, its pgmap in
 * 7.0): kconv reads the tree's headers and passes KCONV_API_* the same way.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/ioport.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/stringify.h>

#ifndef KCONV_CONVENTION
/* Built without kconv: every convention-dependent case skips. */
#define KCONV_CONVENTION unknown
#define KCONV_FREE_REF_PRIVATE -1
#define KCONV_FREE_REF_GENERIC -1
#define KCONV_FREE_REF_FSDAX -1
#define KCONV_GENERIC_RESET_ON_FREE 0
#endif

#ifndef KCONV_API_PAGE_INIT_ARGS
/* Built without kconv: the v6.1-v6.14 API. */
#define KCONV_API_PAGE_INIT_ARGS 1
#define KCONV_API_FOLIO_FREE 0
#define KCONV_API_PAGE_PGMAP 0
#endif

#if KCONV_API_PAGE_PGMAP
#define zd_pgmap_of(page) page_pgmap(page)
#else
#define zd_pgmap_of(page) ((page)->pgmap)
#endif

/* Refcount of a free device-private/coherent, generic, FS-DAX page. */
static const int free_ref_private = KCONV_FREE_REF_PRIVATE;
static const int free_ref_generic = KCONV_FREE_REF_GENERIC;
static const int free_ref_fsdax = KCONV_FREE_REF_FSDAX;
/* A generic page dropping to 0 goes to page_free and is reset to 1. */
static const bool generic_reset_on_free = KCONV_GENERIC_RESET_ON_FREE;
static const char *const convention = __stringify(KCONV_CONVENTION);

/* 2 MiB: one subsection, the smallest span memremap_pages() accepts. */
#define ZD_SIZE (2UL << 20)
#define ZD_NPAGES (ZD_SIZE >> PAGE_SHIFT)
/* How long a teardown may take before it counts as hung on a reference. */
#define ZD_UNMAP_TIMEOUT_MS 10000

struct zd_ctx {
	struct dev_pagemap pgmap;
	struct resource *res;
	atomic_t page_free_calls;
	/* page_free calls per page, to prove "exactly once". */
	u8 *freed;
	/* Refcount each page had when page_free ran. */
	int last_free_refcount;
	struct completion unmapped;
};

static struct zd_ctx *to_ctx(struct dev_pagemap *pgmap)
{
	return container_of(pgmap, struct zd_ctx, pgmap);
}

static void zd_page_free(struct page *page)
{
	struct zd_ctx *ctx = to_ctx(zd_pgmap_of(page));
	unsigned long idx = page_to_pfn(page) - PHYS_PFN(ctx->pgmap.range.start);

	atomic_inc(&ctx->page_free_calls);
	if (idx < ZD_NPAGES && ctx->freed[idx] < U8_MAX)
		ctx->freed[idx]++;
	ctx->last_free_refcount = page_ref_count(page);
}

/* Never reached: no test maps a device-private page into a process. */
static vm_fault_t zd_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

#if KCONV_API_FOLIO_FREE
/* The suite's folios are all order 0: the folio is its page. */
static void zd_folio_free(struct folio *folio)
{
	zd_page_free(&folio->page);
}
#endif

static const struct dev_pagemap_ops zd_ops = {
#if KCONV_API_FOLIO_FREE
	.folio_free = zd_folio_free,
#else
	.page_free = zd_page_free,
#endif
	.migrate_to_ram = zd_migrate_to_ram,
};

static const char *type_name(enum memory_type type)
{
	switch (type) {
	case MEMORY_DEVICE_PRIVATE: return "device-private";
	case MEMORY_DEVICE_COHERENT: return "device-coherent";
	case MEMORY_DEVICE_FS_DAX: return "fs-dax";
	case MEMORY_DEVICE_GENERIC: return "generic";
	default: return "other";
	}
}

/*
 * Creates a pgmap of @type on a free physical range. The context is
 * kzalloc'ed, not kunit-managed: if memunmap_pages() hangs on a leaked
 * reference, its kthread still uses the context after the test ends.
 */
static struct zd_ctx *zd_create(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	void *addr;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->freed = kcalloc(ZD_NPAGES, 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->freed);
	ctx->res = request_free_mem_region(&iomem_resource, ZD_SIZE,
					   "kconv_refcount_test");
	if (IS_ERR(ctx->res)) {
		kfree(ctx->freed);
		kfree(ctx);
		kunit_skip(test, "no free physical range for a %s pgmap",
			   type_name(type));
	}
	ctx->pgmap.type = type;
	ctx->pgmap.range.start = ctx->res->start;
	ctx->pgmap.range.end = ctx->res->end;
	ctx->pgmap.nr_range = 1;
	ctx->pgmap.ops = &zd_ops;
	ctx->pgmap.owner = ctx;
	addr = memremap_pages(&ctx->pgmap, numa_node_id());
	if (IS_ERR(addr)) {
		release_mem_region(ctx->res->start, resource_size(ctx->res));
		kfree(ctx->freed);
		kfree(ctx);
		kunit_skip(test, "memremap_pages(%s) refused: %ld",
			   type_name(type), PTR_ERR(addr));
	}
	return ctx;
}

static struct page *zd_page(struct zd_ctx *ctx, unsigned long idx)
{
	return pfn_to_page(PHYS_PFN(ctx->pgmap.range.start) + idx);
}

static int zd_unmap_thread(void *data)
{
	struct zd_ctx *ctx = data;

	memunmap_pages(&ctx->pgmap);
	complete(&ctx->unmapped);
	return 0;
}

static void zd_start_unmap(struct zd_ctx *ctx)
{
	struct task_struct *task;

	init_completion(&ctx->unmapped);
	task = kthread_run(zd_unmap_thread, ctx, "kconv_memunmap");
	if (IS_ERR(task))
		zd_unmap_thread(ctx);
}

/*
 * Waits for memunmap_pages(). On success the range and context are freed;
 * on timeout they are deliberately leaked (the stuck kthread owns them).
 */
static bool zd_finish_unmap(struct kunit *test, struct zd_ctx *ctx)
{
	unsigned long pfn = PHYS_PFN(ctx->pgmap.range.start);
	struct dev_pagemap *left;

	if (!wait_for_completion_timeout(&ctx->unmapped,
					 msecs_to_jiffies(ZD_UNMAP_TIMEOUT_MS))) {
		KUNIT_FAIL(test, "memunmap_pages(%s) still waiting after %d ms: a page or pgmap reference leaked",
			   type_name(ctx->pgmap.type), ZD_UNMAP_TIMEOUT_MS);
		return false;
	}
	left = get_dev_pagemap(pfn, NULL);
	KUNIT_EXPECT_PTR_EQ_MSG(test, left, (struct dev_pagemap *)NULL,
				"pgmap still registered after memunmap_pages()");
	if (left)
		put_dev_pagemap(left);
	release_mem_region(ctx->res->start, resource_size(ctx->res));
	kfree(ctx->freed);
	kfree(ctx);
	return true;
}

static bool zd_unmap(struct kunit *test, struct zd_ctx *ctx)
{
	zd_start_unmap(ctx);
	return zd_finish_unmap(test, ctx);
}

static int expected_free_ref(enum memory_type type)
{
	switch (type) {
	case MEMORY_DEVICE_PRIVATE:
	case MEMORY_DEVICE_COHERENT:
		return free_ref_private;
	case MEMORY_DEVICE_GENERIC:
		return free_ref_generic;
	case MEMORY_DEVICE_FS_DAX:
		return free_ref_fsdax;
	default:
		return -1;
	}
}

static void require_convention(struct kunit *test)
{
	if (free_ref_private < 0 || free_ref_generic < 0 || free_ref_fsdax < 0)
		kunit_skip(test, "free-page convention not compiled in (KCONV_REFCOUNT_CFLAGS)");
}

/* Device-private/coherent pages are handed out by the driver. */
static void zd_alloc(struct zd_ctx *ctx, struct page *page)
{
#if KCONV_API_PAGE_INIT_ARGS == 3
	zone_device_page_init(page, &ctx->pgmap, 0);
#elif KCONV_API_PAGE_INIT_ARGS == 2
	zone_device_page_init(page, 0);
#elif KCONV_API_PAGE_INIT_ARGS == 1
	zone_device_page_init(page);
#endif
	unlock_page(page);
}

/* Without zone_device_page_init() the suite cannot hand pages out. */
static void require_page_init(struct kunit *test)
{
	if (KCONV_API_PAGE_INIT_ARGS == 0)
		kunit_skip(test, "this kernel has no zone_device_page_init()");
}

static void convention_known(struct kunit *test)
{
	kunit_info(test, "free-page convention: %s (read from mm/memremap.c by kconv)", convention);
	kunit_info(test, "free refcount: device-private/coherent %d, generic %d, fs-dax %d; generic page_free on 1->0: %s",
		   free_ref_private, free_ref_generic, free_ref_fsdax,
		   generic_reset_on_free ? "yes" : "no");
	KUNIT_EXPECT_GE_MSG(test, free_ref_private, 0, "convention not given");
	KUNIT_EXPECT_GE(test, free_ref_generic, 0);
	KUNIT_EXPECT_GE(test, free_ref_fsdax, 0);
}

/* Every page of a fresh pgmap belongs to it and has the free refcount. */
static void check_fresh(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	unsigned long i, wrong = 0;

	require_convention(test);
	ctx = zd_create(test, type);
	for (i = 0; i < ZD_NPAGES; i++) {
		struct page *page = zd_page(ctx, i);

		KUNIT_ASSERT_TRUE(test, is_zone_device_page(page));
		KUNIT_ASSERT_PTR_EQ(test, zd_pgmap_of(page), &ctx->pgmap);
		if (page_ref_count(page) != expected_free_ref(type)) {
			if (!wrong)
				KUNIT_FAIL(test, "fresh %s page %lu: refcount %d, expected %d",
					   type_name(type), i, page_ref_count(page),
					   expected_free_ref(type));
			wrong++;
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, wrong, 0UL, "fresh pages with the wrong refcount");
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->page_free_calls), 0);
	zd_unmap(test, ctx);
}

/*
 * Device-private/coherent: allocate (0 -> 1), get (2), put (1), final put
 * (-> free refcount) calls page_free exactly once, the page is free again.
 */
static void check_alloc_get_put(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	struct page *page;

	require_convention(test);
	require_page_init(test);
	ctx = zd_create(test, type);
	page = zd_page(ctx, 7);
	zd_alloc(ctx, page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	get_page(page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 2);
	put_page(page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->page_free_calls), 0,
			    "page_free before the final put");
	put_page(page);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->page_free_calls), 1,
			    "page_free calls after the final put");
	KUNIT_EXPECT_EQ(test, (int)ctx->freed[7], 1);
	KUNIT_EXPECT_EQ_MSG(test, page_ref_count(page), expected_free_ref(type),
			    "refcount of the freed page");
	KUNIT_EXPECT_PTR_EQ(test, page->mapping, (struct address_space *)NULL);
	zd_unmap(test, ctx);
}

/* A freed page can be handed out again and freed again. */
static void check_reuse(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	struct page *page;
	int round;

	require_convention(test);
	require_page_init(test);
	ctx = zd_create(test, type);
	page = zd_page(ctx, 0);
	for (round = 1; round <= 3; round++) {
		zd_alloc(ctx, page);
		KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
		put_page(page);
		KUNIT_EXPECT_EQ(test, page_ref_count(page), expected_free_ref(type));
		KUNIT_EXPECT_EQ(test, (int)ctx->freed[0], round);
	}
	zd_unmap(test, ctx);
}

/*
 * Every page of the pgmap allocated, three extra references each, dropped
 * in two interleaved passes: page_free exactly once per page.
 */
static void check_many(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	unsigned long i, twice = 0, never = 0;

	require_convention(test);
	require_page_init(test);
	ctx = zd_create(test, type);
	for (i = 0; i < ZD_NPAGES; i++) {
		struct page *page = zd_page(ctx, i);

		zd_alloc(ctx, page);
		get_page(page);
		get_page(page);
		get_page(page);
	}
	for (i = 0; i < ZD_NPAGES; i += 2)
		put_page(zd_page(ctx, i));
	for (i = 0; i < ZD_NPAGES; i++) {
		put_page(zd_page(ctx, i));
		put_page(zd_page(ctx, i));
		if (i % 2)
			put_page(zd_page(ctx, i));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->page_free_calls), 0);
	for (i = 0; i < ZD_NPAGES; i++)
		put_page(zd_page(ctx, i));
	for (i = 0; i < ZD_NPAGES; i++) {
		twice += ctx->freed[i] > 1;
		never += ctx->freed[i] == 0;
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->page_free_calls), (int)ZD_NPAGES);
	KUNIT_EXPECT_EQ_MSG(test, twice, 0UL, "pages freed more than once");
	KUNIT_EXPECT_EQ_MSG(test, never, 0UL, "pages never freed");
	zd_unmap(test, ctx);
}

/*
 * memunmap_pages() must wait while a page is still allocated (it holds a
 * pgmap reference) and complete once the page is freed.
 */
static void check_unmap_waits(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	struct page *page;

	require_convention(test);
	require_page_init(test);
	ctx = zd_create(test, type);
	page = zd_page(ctx, 3);
	zd_alloc(ctx, page);
	zd_start_unmap(ctx);
	KUNIT_EXPECT_EQ_MSG(test,
			    wait_for_completion_timeout(&ctx->unmapped, msecs_to_jiffies(300)),
			    0UL, "memunmap_pages() finished with a page still allocated");
	put_page(page);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->page_free_calls), 1);
	zd_finish_unmap(test, ctx);
}

/*
 * Generic and FS-DAX pages idle at their free refcount: get/put returns
 * there without page_free (FS-DAX only wakes waiters on the 2 -> 1 put).
 * Where FS-DAX pages are free at 0 (v6.15 on), a page table entry mapping
 * the page holds a reference: the case takes it as such an entry does,
 * and its final put must free the page without calling page_free.
 */
static void check_get_put_idle(struct kunit *test, enum memory_type type)
{
	struct zd_ctx *ctx;
	struct page *page;
	int idle = expected_free_ref(type);
	bool mapped = idle == 0 && type == MEMORY_DEVICE_FS_DAX;
	int base = mapped ? 1 : idle;

	require_convention(test);
	if (idle < 1 && !mapped)
		kunit_skip(test, "%s pages idle at %d: need an allocator to test get/put",
			   type_name(type), idle);
	ctx = zd_create(test, type);
	page = zd_page(ctx, 5);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), idle);
	if (mapped)
		page_ref_inc(page);
	get_page(page);
	get_page(page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), base + 2);
	put_page(page);
	put_page(page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), base);
	if (mapped) {
		put_page(page);
		KUNIT_EXPECT_EQ_MSG(test, page_ref_count(page), 0,
				    "refcount after the mapping's reference was dropped");
	}
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->page_free_calls), 0,
			    "page_free called for a page still at its idle refcount");
	zd_unmap(test, ctx);
}

/* Generic pages that do drop to 0 go to page_free once and come back at 1. */
static void generic_final_put_resets_to_one(struct kunit *test)
{
	struct zd_ctx *ctx;
	struct page *page;

	require_convention(test);
	if (!generic_reset_on_free)
		kunit_skip(test, "this kernel does not reset generic pages to 1 on free");
	ctx = zd_create(test, MEMORY_DEVICE_GENERIC);
	page = zd_page(ctx, 9);
	put_page(page);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->page_free_calls), 1);
	KUNIT_EXPECT_EQ_MSG(test, ctx->last_free_refcount, 0, "refcount seen by page_free");
	KUNIT_EXPECT_EQ_MSG(test, page_ref_count(page), 1, "refcount after page_free");
	zd_unmap(test, ctx);
}

#define ZD_CASE(name, fn, type) \
	static void name(struct kunit *test) { fn(test, type); }

ZD_CASE(private_fresh_pages, check_fresh, MEMORY_DEVICE_PRIVATE)
ZD_CASE(private_alloc_get_put, check_alloc_get_put, MEMORY_DEVICE_PRIVATE)
ZD_CASE(private_free_and_reuse, check_reuse, MEMORY_DEVICE_PRIVATE)
ZD_CASE(private_all_pages_freed_once, check_many, MEMORY_DEVICE_PRIVATE)
ZD_CASE(private_memunmap_waits_for_pages, check_unmap_waits, MEMORY_DEVICE_PRIVATE)
ZD_CASE(coherent_fresh_pages, check_fresh, MEMORY_DEVICE_COHERENT)
ZD_CASE(coherent_alloc_get_put, check_alloc_get_put, MEMORY_DEVICE_COHERENT)
ZD_CASE(coherent_memunmap_waits_for_pages, check_unmap_waits, MEMORY_DEVICE_COHERENT)
ZD_CASE(generic_fresh_pages, check_fresh, MEMORY_DEVICE_GENERIC)
ZD_CASE(generic_get_put_idle, check_get_put_idle, MEMORY_DEVICE_GENERIC)
ZD_CASE(fsdax_fresh_pages, check_fresh, MEMORY_DEVICE_FS_DAX)
ZD_CASE(fsdax_get_put_idle, check_get_put_idle, MEMORY_DEVICE_FS_DAX)

static struct kunit_case zd_cases[] = {
	KUNIT_CASE(convention_known),
	KUNIT_CASE(private_fresh_pages),
	KUNIT_CASE(private_alloc_get_put),
	KUNIT_CASE(private_free_and_reuse),
	KUNIT_CASE(private_all_pages_freed_once),
	KUNIT_CASE(private_memunmap_waits_for_pages),
	KUNIT_CASE(coherent_fresh_pages),
	KUNIT_CASE(coherent_alloc_get_put),
	KUNIT_CASE(coherent_memunmap_waits_for_pages),
	KUNIT_CASE(generic_fresh_pages),
	KUNIT_CASE(generic_get_put_idle),
	KUNIT_CASE(generic_final_put_resets_to_one),
	KUNIT_CASE(fsdax_fresh_pages),
	KUNIT_CASE(fsdax_get_put_idle),
	{}
};

static struct kunit_suite zd_suite = {
	.name = "kconv_zone_device_refcount",
	.test_cases = zd_cases,
};
kunit_test_suite(zd_suite);

MODULE_DESCRIPTION("kconv: ZONE_DEVICE page refcount transitions");
MODULE_LICENSE("GPL");
